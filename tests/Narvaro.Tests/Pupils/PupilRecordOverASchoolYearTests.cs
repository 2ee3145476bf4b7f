using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Narvaro.Absence;
using Narvaro.Access;
using Narvaro.Data;
using Narvaro.Documents;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Pupils;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Pupils;

/// <summary>The pupil page's record on real SQLite, as of a fixed date, without HTTP.</summary>
public sealed class PupilRecordOverASchoolYearTests : IAsyncLifetime
{
    private static readonly DateOnly AsOf = new(2026, 11, 27);
    private static readonly DateOnly Today = AsOf.AddDays(1);

    private TestDatabase _database = null!;
    private int _pupilId;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var school = new SchoolBuilder();
        var pupil = school.Pupil("E1");
        pupil.ProtectedIdentity = true;
        pupil.Guardians.Add(new Guardian { Name = "Vera Vårdnadshavare", Phone = "070-000 00 00", Email = "vera@hem.test" });
        // Since the start of the autumn term (17 Aug): present, except every Monday in full (ogiltig) from 2 Nov.
        foreach (var day in SchoolBuilder.Weekdays(new DateOnly(2026, 8, 17), AsOf))
        {
            if (day.DayOfWeek == DayOfWeek.Monday && day >= new DateOnly(2026, 11, 2))
                school.Days(pupil, [day], AttendanceType.Invalid);
            else
                school.Day(pupil, day);
        }
        // Something before the school year, which the months must leave out.
        school.Days(pupil, [new DateOnly(2026, 6, 10)], AttendanceType.Invalid);
        await using var db = _database.CreateContext();
        await school.SaveAsync(db);
        _pupilId = pupil.Id;

        var absenceCase = new AbsenceCase { PupilId = pupil.Id, OpenedOn = new DateOnly(2026, 11, 20), Step = 3, LateLevel = 1 };
        db.Cases.Add(absenceCase);
        await db.SaveChangesAsync();
        db.Tasks.AddRange(
            new CaseTask { PupilId = pupil.Id, CaseId = absenceCase.Id, Code = TaskCatalog.S3Checklist, Role = "Mentor", RaisedOn = new(2026, 11, 20), Due = new(2026, 11, 23) },
            new CaseTask { PupilId = pupil.Id, CaseId = absenceCase.Id, Code = TaskCatalog.S3Followup, Role = "Mentor", RaisedOn = new(2026, 11, 20), Due = Today });
        db.CaseEvents.Add(new CaseEvent { CaseId = absenceCase.Id, On = new(2026, 11, 20), AtUtc = new DateTime(2026, 11, 21, 1, 0, 0, DateTimeKind.Utc), Kind = CaseEventKind.Opened, Text = "Ärende öppnat" });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<PupilRecord> RecordAsync(PupilAccessLevel access)
    {
        await using var db = _database.CreateContext();
        var documents = new DocumentDataService(db, Services.Measures(db), NullLogger<DocumentDataService>.Instance);
        var record = await new PupilRecordService(db, documents, TimeProvider.System).ForPupilAsync(_pupilId, access, AsOf, Today);
        return record!;
    }

    [Fact]
    public async Task ForPupil_Mentor_GetsWindowMonthsFindingsLevelAndTasks()
    {
        var record = await RecordAsync(PupilAccessLevel.Mentor);

        // Window 29 Oct – 27 Nov: 22 school days, 4 Mondays missed in full.
        Assert.Equal(new DateOnly(2026, 10, 29), record.Window.From);
        Assert.Equal(22, record.Window.Measures.SchoolDays);
        Assert.Equal(100.0 * 4 / 22, record.Window.Measures.AbsencePercent, 9);
        Assert.True(record.Evaluated);

        Assert.Equal(["2026-08", "2026-09", "2026-10", "2026-11"], record.Months.Select(m => m.From.ToString("yyyy-MM")));
        var november = record.Months[^1];
        Assert.Equal(AsOf, november.To);
        Assert.Equal(20, november.Measures.SchoolDays);
        Assert.Equal(0, record.Months[0].Measures.AbsentMinutes);

        var finding = Assert.Single(record.Findings);
        Assert.Equal("Frånvarande 4 av de 4 senaste måndagarna", finding.Text);
        Assert.Equal(3, record.Level!.Level);
        Assert.Equal("SYSTEMATISK FRÅNVARO", record.Level.Name);

        Assert.Equal(5, record.Heatmap.Count(c => c.Weekday == DayOfWeek.Monday));
        Assert.All(record.Heatmap.Where(c => c.Weekday == DayOfWeek.Monday), c => Assert.Equal(4, c.AbsentLessons));
        Assert.Equal("Matematik", Assert.Single(record.Subjects).Subject);

        Assert.Equal(3, record.OpenCase!.Step);
        Assert.Contains(record.Flags, f => f.StartsWith("Sena ankomster"));
        var overdue = Assert.Single(record.Tasks, t => t.Overdue);
        Assert.Equal(TaskCatalog.S3Checklist, overdue.Code);
        Assert.False(record.Tasks.Single(t => t.Code == TaskCatalog.S3Followup).Overdue);
        Assert.Equal(new DateOnly(2026, 11, 20), record.Timeline[0].On);
        Assert.Equal(2, record.Timeline.Count(e => e.Kind == TimelineKind.TaskRaised));
        Assert.Contains(record.Timeline, e => e is { Kind: TimelineKind.CaseEvent, Text: "Ärende öppnat" });
    }

    [Fact]
    public async Task ForPupil_ProtectedIdentity_ContactsHiddenFromTheMentorShownToTheRector()
    {
        var asMentor = await RecordAsync(PupilAccessLevel.Mentor);
        var asRector = await RecordAsync(PupilAccessLevel.Rector);

        Assert.True(asMentor.GuardianContactsHidden);
        Assert.Equal(new GuardianContact("Vera Vårdnadshavare", null, null), Assert.Single(asMentor.Guardians));
        Assert.False(asRector.GuardianContactsHidden);
        Assert.Equal("070-000 00 00", Assert.Single(asRector.Guardians).Phone);
    }

    [Fact]
    public async Task ForPupil_NoAccessOrUnknownPupil_IsNull()
    {
        await using var db = _database.CreateContext();
        var documents = new DocumentDataService(db, Services.Measures(db), NullLogger<DocumentDataService>.Instance);
        var service = new PupilRecordService(db, documents, TimeProvider.System);

        Assert.Null(await service.ForPupilAsync(_pupilId, PupilAccessLevel.None, AsOf, Today));
        Assert.Null(await service.ForPupilAsync(_pupilId + 1000, PupilAccessLevel.Mentor, AsOf, Today));
    }

    [Theory]
    [InlineData("2026-07-01", "2026-07-01")]
    [InlineData("2026-06-30", "2025-07-01")]
    [InlineData("2027-01-15", "2026-07-01")]
    public void SchoolYearStart_Date_IsTheFirstOfJulyBefore(string date, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected), PupilRecordService.SchoolYearStart(DateOnly.Parse(date)));
    }
}
