namespace Narvaro.Demo;

/// <summary>
/// Every lesson a class has over the seeded school days, in (date, start) order: the rows each of its pupils gets.
/// Lessons of day d are <c>[DayStart[d], DayStart[d + 1])</c>.
/// </summary>
internal sealed class ClassSchedule
{
    public IReadOnlyList<DateOnly> Days { get; }
    public int[] DayStart { get; }
    public int[] LessonDay { get; }
    public Lesson[] Lessons { get; }
    /// <summary>Index of the first day inside the measuring window (the last 30 calendar days).</summary>
    public int WindowFirstDay { get; }

    public ClassSchedule(DemoTimetable timetable, IReadOnlyList<DateOnly> schoolDays, DateOnly windowStart)
    {
        Days = schoolDays;
        DayStart = new int[schoolDays.Count + 1];
        var lessons = new List<Lesson>();
        var lessonDay = new List<int>();
        for (var d = 0; d < schoolDays.Count; d++)
        {
            DayStart[d] = lessons.Count;
            foreach (var lesson in timetable.For(schoolDays[d].DayOfWeek))
            {
                lessons.Add(lesson);
                lessonDay.Add(d);
            }
        }
        DayStart[schoolDays.Count] = lessons.Count;
        Lessons = [.. lessons];
        LessonDay = [.. lessonDay];

        var first = 0;
        while (first < schoolDays.Count && schoolDays[first] < windowStart)
            first++;
        WindowFirstDay = first;
    }

    public int DayCount => Days.Count;

    public int LessonCount => Lessons.Length;
}
