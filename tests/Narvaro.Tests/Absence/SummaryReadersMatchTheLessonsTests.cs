using Microsoft.EntityFrameworkCore;
using Narvaro.Absence;
using Narvaro.Domain;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Absence;

/// <summary>
/// The readers that now read the day summaries give what the lessons give: random lessons (fixed seed) for many pupils,
/// days and types, written, then partly rewritten and deleted through EF; the measures streamed by
/// <see cref="AttendanceDayQuery"/> (through <see cref="MeasureService"/>), the days of <see cref="PupilDaySums"/> and
/// step 1's <see cref="AttendanceDayQuery.InvalidOnDayAsync"/> are compared with the same figures computed in memory from
/// the lesson rows.
/// </summary>
public sealed class SummaryReadersMatchTheLessonsTests : IAsyncLifetime
{
    private static readonly DateOnly First = new(2026, 8, 17), Last = new(2026, 11, 27);
    private static readonly AttendanceType[] Types =
        [AttendanceType.Present, AttendanceType.Present, AttendanceType.Present, AttendanceType.Valid, AttendanceType.Invalid,
            AttendanceType.Invalid, AttendanceType.Leave, AttendanceType.Late, AttendanceType.NotReported];

    private TestDatabase _database = null!;
    private List<AttendanceRecord> _lessons = null!;
    private Dictionary<int, string> _externalIds = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var random = new Random(20261205);
        var school = new SchoolBuilder();
        var pupils = Enumerable.Range(1, 60).Select(i => school.Pupil($"R{i:D3}")).ToList();
        await using (var db = _database.CreateContext())
            await school.SaveAsync(db);

        await using (var db = _database.CreateContext())
        {
            var rows = new List<AttendanceRecord>();
            foreach (var pupil in pupils)
            {
                // Each pupil has a habit: some are away whole days of ogiltig, some often unreported, most mixed.
                var habit = random.Next(4);
                for (var date = First; date <= Last; date = date.AddDays(1))
                {
                    if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || random.Next(12) == 0) continue;
                    var wholeDayInvalid = habit == 0 && random.Next(3) > 0;
                    var lessons = random.Next(1, 7);
                    var start = new TimeOnly(8, 0);
                    for (var i = 0; i < lessons; i++)
                    {
                        var length = random.Next(2, 9) * 10;
                        var type = wholeDayInvalid ? AttendanceType.Invalid
                            : habit == 1 && random.Next(3) == 0 ? AttendanceType.NotReported
                            : Types[random.Next(Types.Length)];
                        rows.Add(new AttendanceRecord
                        {
                            PupilId = pupil.Id, Date = date, Start = start, End = start.AddMinutes(length), ScheduledMinutes = length,
                            Subject = "Ämne" + random.Next(5), Type = type, AbsentMinutes = Absent(random, type, length),
                        });
                        start = start.AddMinutes(length + 10);
                    }
                }
            }
            db.Attendance.AddRange(rows);
            await db.SaveChangesAsync();
        }

        // Then corrections: some lessons change type and minutes, some are deleted (the triggers' update and delete paths).
        await using (var db = _database.CreateContext())
        {
            foreach (var row in await db.Attendance.OrderBy(a => a.PupilId).ThenBy(a => a.Date).ThenBy(a => a.Start).ToListAsync())
            {
                var dice = random.Next(20);
                if (dice == 0) db.Attendance.Remove(row);
                else if (dice == 1)
                {
                    row.Type = Types[random.Next(Types.Length)];
                    row.AbsentMinutes = Absent(random, row.Type, row.ScheduledMinutes);
                }
            }
            await db.SaveChangesAsync();
        }

        await using (var db = _database.CreateContext())
        {
            _lessons = await db.Attendance.AsNoTracking().OrderBy(a => a.PupilId).ThenBy(a => a.Date).ThenBy(a => a.Start).ToListAsync();
            _externalIds = await db.Pupils.ToDictionaryAsync(p => p.Id, p => p.ExternalId);
        }
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static int Absent(Random random, AttendanceType type, int length) => type switch
    {
        AttendanceType.Present or AttendanceType.NotReported => 0,
        AttendanceType.Late => random.Next(1, Math.Min(length, 30)),
        _ => random.Next(3) == 0 ? random.Next(1, length) : length,
    };

    [Fact]
    public async Task Rolling_and_monthly_measures_equal_the_fold_over_the_lessons()
    {
        Assert.True(_lessons.Count > 10_000, $"only {_lessons.Count} lessons");
        foreach (var asOf in new[] { new DateOnly(2026, 9, 30), new DateOnly(2026, 10, 19), Last })
        {
            await using var db = _database.CreateContext();
            var measured = await Services.Measures(db).RollingAsync(asOf);
            var policy = PolicySettings.Trosa();
            var window = AbsenceWindow.Rolling(asOf, policy.WindowDays);
            var expected = _externalIds.Keys.Select(id => AbsenceMeasuresCalculator.Fold(id,
                    DayAttendance.FromRecords(_lessons.Where(l => l.PupilId == id && window.Contains(l.Date))), policy.CountApprovedLeave))
                .OrderBy(m => _externalIds[m.PupilId], StringComparer.Ordinal)
                .ToList();

            Assert.Equal(expected, measured.Select(m => m.Measures).ToList());
            Assert.Contains(expected, m => m.InvalidStreakDays >= 3);
            Assert.Contains(expected, m => m.ReportedMinutes < m.OfferedMinutes);
        }

        await using (var db = _database.CreateContext())
        {
            var month = await Services.Measures(db).MonthAsync(2026, 10);
            var window = AbsenceWindow.Month(2026, 10);
            foreach (var m in month)
                Assert.Equal(AbsenceMeasuresCalculator.Fold(m.PupilId,
                    DayAttendance.FromRecords(_lessons.Where(l => l.PupilId == m.PupilId && window.Contains(l.Date))), m.Policy.CountApprovedLeave), m.Measures);
        }
    }

    [Fact]
    public async Task Pupil_day_sums_equal_the_days_summed_from_the_lessons()
    {
        var some = _externalIds.Keys.Where(id => id % 3 == 0).ToList();
        DateOnly from = new(2026, 9, 14), to = new(2026, 10, 30);
        await using var db = _database.CreateContext();

        var days = await PupilDaySums.PerPupilAndDayAsync(db, some, from, to, CancellationToken.None);

        var expected = _lessons.Where(l => some.Contains(l.PupilId) && l.Date >= from && l.Date <= to)
            .GroupBy(l => l.PupilId).OrderBy(g => g.Key).SelectMany(DayAttendance.FromRecords).ToList();
        Assert.Equal(expected, days);
        var one = some[0];
        Assert.Equal(expected.Where(d => d.PupilId == one), await PupilDaySums.OfPupilAsync(db, one, from, to, CancellationToken.None));
    }

    [Fact]
    public async Task Invalid_on_day_equals_a_plain_reading_of_the_lessons()
    {
        var checkedDays = 0;
        var withPrevious = 0;
        var byPupil = _lessons.ToLookup(l => l.PupilId);
        for (var day = First; day <= Last.AddDays(2); day = day.AddDays(1))
        {
            var expected = _lessons.Where(l => l.Date == day && l.Type == AttendanceType.Invalid).Select(l => l.PupilId).Distinct().Order()
                .Select(id =>
                {
                    var earlier = byPupil[id].Where(l => l.Date < day).Select(l => l.Date).DefaultIfEmpty().Max();
                    return (id, byPupil[id].Any(l => l.Date == earlier && l.Type == AttendanceType.Invalid));
                })
                .ToList();
            await using var db = _database.CreateContext();
            var actual = await new AttendanceDayQuery(db).InvalidOnDayAsync(day);
            Assert.Equal(expected, actual);
            checkedDays += expected.Count > 0 ? 1 : 0;
            withPrevious += expected.Count(e => e.Item2);
        }
        Assert.True(checkedDays > 50 && withPrevious > 100, $"{checkedDays} days, {withPrevious} with a previous invalid day");
    }

    [Fact]
    public async Task The_summaries_behind_them_equal_the_lessons()
    {
        await using var db = _database.CreateContext();
        var result = await new DaySummaryCheck(db).RunAsync();
        Assert.True(result.Equal, string.Join("\n", result.Differences));
        Assert.Equal(_lessons.Select(l => (l.PupilId, l.Date)).Distinct().Count(), result.DaysChecked);
    }
}
