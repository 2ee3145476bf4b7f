namespace Narvaro.Demo;

/// <summary>One scheduled lesson in a class's weekly timetable.</summary>
internal sealed record Lesson(TimeOnly Start, TimeOnly End, string Subject)
{
    public int Minutes { get; } = (int)(End - Start).TotalMinutes;
}

/// <summary>A class's weekly timetable: the lessons of Monday … Friday, in time order.</summary>
internal sealed class DemoTimetable
{
    private readonly Lesson[][] _days;

    private DemoTimetable(Lesson[][] days) => _days = days;

    public IReadOnlyList<Lesson> For(DayOfWeek day) =>
        day is DayOfWeek.Saturday or DayOfWeek.Sunday ? [] : _days[(int)day - 1];

    public IEnumerable<Lesson> AllLessons => _days.SelectMany(d => d);

    private sealed record Stage(int[] LessonsPerDay, (int H, int M)[] Starts, int Minutes, (string Subject, int PerWeek)[] Subjects);

    // F–3: short lessons and short days; 4–6 longer; 7–9 the longest days. Lesson counts per week match the slots.
    private static readonly Stage Lower = new(
        [5, 5, 5, 5, 4],
        [(8, 15), (9, 5), (10, 5), (11, 40), (12, 30)],
        40,
        [("Svenska", 7), ("Matematik", 5), ("Engelska", 1), ("Idrott och hälsa", 2), ("NO", 2), ("SO", 2),
         ("Bild", 2), ("Musik", 2), ("Slöjd", 1)]);

    private static readonly Stage Middle = new(
        [6, 6, 5, 6, 5],
        [(8, 10), (9, 10), (10, 20), (11, 50), (12, 50), (13, 50)],
        50,
        [("Svenska", 5), ("Matematik", 5), ("Engelska", 3), ("Idrott och hälsa", 3), ("NO", 3), ("SO", 3),
         ("Bild", 1), ("Musik", 2), ("Slöjd", 2), ("Teknik", 1)]);

    private static readonly Stage Upper = new(
        [7, 7, 6, 7, 6],
        [(8, 10), (9, 10), (10, 15), (11, 15), (12, 45), (13, 45), (14, 45)],
        50,
        [("Svenska", 5), ("Matematik", 5), ("Engelska", 4), ("Moderna språk", 3), ("Idrott och hälsa", 3),
         ("NO", 4), ("SO", 4), ("Bild", 1), ("Musik", 1), ("Slöjd", 1), ("Teknik", 1), ("Hem- och konsumentkunskap", 1)]);

    /// <summary>Grade "F" and "1"–"3" use the lower stage, "4"–"6" the middle, "7"–"9" the upper.</summary>
    public static DemoTimetable ForClass(string gradeLevel, Random random)
    {
        var grade = gradeLevel == "F" ? 0 : int.Parse(gradeLevel, System.Globalization.CultureInfo.InvariantCulture);
        var stage = grade <= 3 ? Lower : grade <= 6 ? Middle : Upper;

        // Deal the week's lessons subject by subject over the days, so a subject spreads across the week,
        // then shuffle each day's order so classes differ.
        var perDay = stage.LessonsPerDay.Select(n => new List<string>(n)).ToArray();
        var day = random.Next(5);
        foreach (var (subject, perWeek) in stage.Subjects)
        {
            for (var i = 0; i < perWeek; i++)
            {
                while (perDay[day].Count == stage.LessonsPerDay[day])
                    day = (day + 1) % 5;
                perDay[day].Add(subject);
                day = (day + 1) % 5;
            }
        }

        var days = new Lesson[5][];
        for (var d = 0; d < 5; d++)
        {
            var subjects = perDay[d];
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(subjects));
            days[d] = subjects.Select((subject, slot) =>
            {
                var start = new TimeOnly(stage.Starts[slot].H, stage.Starts[slot].M);
                return new Lesson(start, start.AddMinutes(stage.Minutes), subject);
            }).ToArray();
        }
        return new DemoTimetable(days);
    }
}
