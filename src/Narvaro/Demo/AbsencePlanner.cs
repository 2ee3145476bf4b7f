using Narvaro.Domain;

namespace Narvaro.Demo;

/// <summary>
/// Decides, for one pupil at a time, how each lesson of the class schedule was reported.
/// The seeded range is split into the measuring window (the last 30 calendar days) and the days before it; each part
/// is filled to the profile's target separately, so the window lands in the intended band whatever the range.
/// </summary>
internal sealed class AbsencePlanner
{
    private AttendanceType[] _types = [];
    private int[] _absent = [];
    private ClassSchedule _schedule = null!;
    private Random _random = null!;

    /// <summary>How the lesson at this index of the schedule was reported, after <see cref="Plan"/>.</summary>
    public AttendanceType TypeOf(int lesson) => _types[lesson];

    public int AbsentMinutesOf(int lesson) => _absent[lesson];

    /// <summary>A span of consecutive lessons marked together: one lesson or a whole day.</summary>
    private readonly record struct Unit(int Start, int Count);

    private readonly record struct Segment(int FirstDay, int EndDay);

    public void Plan(ClassSchedule schedule, AbsenceProfile profile, Random random)
    {
        _schedule = schedule;
        _random = random;
        if (_types.Length < schedule.LessonCount)
        {
            _types = new AttendanceType[schedule.LessonCount];
            _absent = new int[schedule.LessonCount];
        }
        Array.Clear(_types, 0, schedule.LessonCount);
        Array.Clear(_absent, 0, schedule.LessonCount);

        Segment[] segments = [new(0, schedule.WindowFirstDay), new(schedule.WindowFirstDay, schedule.DayCount)];
        switch (profile)
        {
            case AbsenceProfile.FullAttendance:
                break;
            case AbsenceProfile.Scattered:
                foreach (var segment in segments)
                    Fill(segment, Interleave(Shuffled(WholeDays(segment)), Shuffled(Lessons(segment)), dayShare: 0.25),
                        target: Between(3, 8.5), max: 9.5, () => Chance(0.85) ? AttendanceType.Valid : AttendanceType.Invalid);
                break;
            case AbsenceProfile.WeekdayPattern:
                PlanWeekdayPattern(segments);
                break;
            case AbsenceProfile.SubjectPattern:
                PlanSubjectPattern(segments);
                break;
            case AbsenceProfile.LongTerm:
                foreach (var segment in segments)
                    Fill(segment, Shuffled(WholeDays(segment)).Concat(Shuffled(Lessons(segment))),
                        target: Between(15.8, 19), max: 19.8, () => Chance(0.8) ? AttendanceType.Valid : AttendanceType.Invalid);
                break;
            case AbsenceProfile.High:
                foreach (var segment in segments)
                    Fill(segment, Shuffled(WholeDays(segment)).Concat(Shuffled(Lessons(segment))),
                        target: Between(24, 45), max: 60, () => Chance(0.5) ? AttendanceType.Valid : AttendanceType.Invalid);
                break;
            case AbsenceProfile.Complete:
                Mark(new Unit(0, schedule.LessonCount), AttendanceType.Valid);
                break;
            case AbsenceProfile.ContinuousInvalid:
                PlanContinuousInvalid();
                break;
            case AbsenceProfile.FrequentLateArrivals:
                PlanLateArrivals(segments[0], _random.Next(2, 6));
                PlanLateArrivals(segments[1], _random.Next(6, 10));
                break;
            case AbsenceProfile.OccasionalLateArrivals:
                PlanLateArrivals(segments[0], _random.Next(0, 3));
                PlanLateArrivals(segments[1], _random.Next(3, 6));
                break;
            case AbsenceProfile.GrantedLeave:
                PlanLeave(segments[1]);
                break;
            case AbsenceProfile.UnreportedLessons:
                foreach (var segment in segments)
                    foreach (var unit in Shuffled(Lessons(segment)).Take(_random.Next(2, 6)))
                        _types[unit.Start] = AttendanceType.NotReported;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(profile));
        }
    }

    private void PlanWeekdayPattern(Segment[] segments)
    {
        // Mostly Mondays and Fridays, as in practice; the morning lessons of the day go first.
        var weekday = _random.NextDouble() switch
        {
            < 0.5 => DayOfWeek.Monday,
            < 0.8 => DayOfWeek.Friday,
            _ => (DayOfWeek)_random.Next(2, 5),
        };
        var fallback = weekday == DayOfWeek.Friday ? DayOfWeek.Thursday : weekday + 1;
        foreach (var segment in segments)
        {
            var target = Between(10.5, 13.5);
            var reached = Fill(segment, MorningFirst(segment, weekday), target, max: 14.5, () => AttendanceType.Invalid);
            // A window with few such weekdays (a lov, a red day) cannot reach the band on that day alone.
            if (reached < 10.2)
                Fill(segment, MorningFirst(segment, fallback), target, max: 14.5, () => AttendanceType.Invalid);
        }
    }

    private void PlanSubjectPattern(Segment[] segments)
    {
        var minutesBySubject = new Dictionary<string, int>();
        foreach (var lesson in _schedule.Lessons)
            minutesBySubject[lesson.Subject] = minutesBySubject.GetValueOrDefault(lesson.Subject) + lesson.Minutes;
        var subjects = minutesBySubject.OrderByDescending(s => s.Value).ThenBy(_ => _random.Next()).Select(s => s.Key).ToList();
        foreach (var segment in segments)
        {
            var target = Between(10.5, 13.5);
            foreach (var subject in subjects.Take(2))
            {
                var units = Shuffled(Lessons(segment).Where(u => _schedule.Lessons[u.Start].Subject == subject));
                if (Fill(segment, units, target, max: 14.5, () => Chance(0.85) ? AttendanceType.Invalid : AttendanceType.Valid) >= 10.2)
                    break;
            }
        }
    }

    private void PlanContinuousInvalid()
    {
        var lastDay = _schedule.DayCount - 1 - _random.Next(0, 3);
        var firstDay = Math.Max(0, lastDay - _random.Next(11, 15) + 1);
        for (var d = firstDay; d <= lastDay; d++)
            Mark(WholeDay(d), AttendanceType.Invalid);
    }

    private void PlanLateArrivals(Segment segment, int count)
    {
        var days = Enumerable.Range(segment.FirstDay, segment.EndDay - segment.FirstDay).ToArray();
        _random.Shuffle(days);
        foreach (var day in days.Take(count))
        {
            var (start, end) = (_schedule.DayStart[day], _schedule.DayStart[day + 1]);
            if (start == end) continue;
            // Late to the first lesson, or back late after lunch.
            var lesson = start;
            if (Chance(0.3))
            {
                for (var i = start; i < end; i++)
                    if (_schedule.Lessons[i].Start.Hour >= 11) { lesson = i; break; }
            }
            _types[lesson] = AttendanceType.Late;
            _absent[lesson] = Math.Min(_random.Next(5, 21), _schedule.Lessons[lesson].Minutes - 1);
        }
    }

    private void PlanLeave(Segment segment)
    {
        var length = Math.Min(_random.Next(2, 5), segment.EndDay - segment.FirstDay);
        if (length <= 0) return;
        var first = _random.Next(segment.FirstDay, segment.EndDay - length + 1);
        for (var d = first; d < first + length; d++)
            Mark(WholeDay(d), AttendanceType.Leave);
    }

    /// <summary>
    /// Marks units absent in the given order until the segment's absence reaches <paramref name="target"/> %,
    /// skipping any unit that would take it above <paramref name="max"/> %. Returns the absence % reached.
    /// </summary>
    private double Fill(Segment segment, IEnumerable<Unit> units, double target, double max, Func<AttendanceType> type)
    {
        long reported = 0, absent = 0;
        for (var i = _schedule.DayStart[segment.FirstDay]; i < _schedule.DayStart[segment.EndDay]; i++)
        {
            if (_types[i] == AttendanceType.NotReported) continue;
            reported += _schedule.Lessons[i].Minutes;
            absent += _absent[i];
        }
        if (reported == 0) return 0;

        foreach (var unit in units)
        {
            if (absent * 100 >= target * reported) break;
            var added = 0;
            for (var i = unit.Start; i < unit.Start + unit.Count; i++)
                if (_types[i] == AttendanceType.Present) added += _schedule.Lessons[i].Minutes;
            if (added == 0 || (absent + added) * 100 > max * reported) continue;
            Mark(unit, type());
            absent += added;
        }
        return absent * 100.0 / reported;
    }

    /// <summary>Marks the unit's present lessons as a whole-lesson absence of the given type.</summary>
    private void Mark(Unit unit, AttendanceType type)
    {
        for (var i = unit.Start; i < unit.Start + unit.Count; i++)
        {
            if (_types[i] != AttendanceType.Present) continue;
            _types[i] = type;
            _absent[i] = _schedule.Lessons[i].Minutes;
        }
    }

    private Unit WholeDay(int day) => new(_schedule.DayStart[day], _schedule.DayStart[day + 1] - _schedule.DayStart[day]);

    private IEnumerable<Unit> WholeDays(Segment segment)
    {
        for (var d = segment.FirstDay; d < segment.EndDay; d++)
            yield return WholeDay(d);
    }

    private IEnumerable<Unit> Lessons(Segment segment)
    {
        for (var i = _schedule.DayStart[segment.FirstDay]; i < _schedule.DayStart[segment.EndDay]; i++)
            yield return new Unit(i, 1);
    }

    /// <summary>The lessons on one weekday: the first lesson of every such day, then the second, and so on.</summary>
    private IEnumerable<Unit> MorningFirst(Segment segment, DayOfWeek weekday) =>
        Lessons(segment)
            .Where(u => _schedule.Days[_schedule.LessonDay[u.Start]].DayOfWeek == weekday)
            .OrderBy(u => u.Start - _schedule.DayStart[_schedule.LessonDay[u.Start]])
            .ThenBy(u => u.Start);

    private List<Unit> Shuffled(IEnumerable<Unit> units)
    {
        var list = units.ToList();
        _random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
        return list;
    }

    private IEnumerable<Unit> Interleave(List<Unit> days, List<Unit> lessons, double dayShare)
    {
        int d = 0, l = 0;
        while (d < days.Count || l < lessons.Count)
        {
            if (l == lessons.Count || (d < days.Count && Chance(dayShare)))
                yield return days[d++];
            else
                yield return lessons[l++];
        }
    }

    private bool Chance(double probability) => _random.NextDouble() < probability;

    private double Between(double min, double max) => min + _random.NextDouble() * (max - min);
}
