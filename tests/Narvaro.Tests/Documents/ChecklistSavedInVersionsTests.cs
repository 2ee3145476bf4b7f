using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Narvaro.Audit;
using Narvaro.Data;
using Narvaro.Documents;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Documents;

/// <summary>
/// Step 3: the mentor fills in Bilaga 1 after the talks; each save is a new version, the first completes the case's
/// S3-CHECKLIST, and the PDF of a version prints the answers beside the plan's questions.
/// </summary>
public sealed class ChecklistSavedInVersionsTests : IAsyncLifetime
{
    private static readonly DateOnly AsOf = new(2026, 11, 27);
    private readonly FixedClock _clock = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;
    private int _pupilId;
    private string _mentorId = null!;
    private int _caseId;

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        var builder = new SchoolBuilder();
        var pupil = builder.Pupil("E1001");
        foreach (var day in SchoolBuilder.Weekdays(new DateOnly(2026, 11, 2), AsOf))
            builder.Day(pupil, day, day.DayOfWeek == DayOfWeek.Monday
                ? [AttendanceType.Invalid, AttendanceType.Invalid, AttendanceType.Valid]
                : [AttendanceType.Late]);
        await builder.SaveAsync(db);
        _pupilId = pupil.Id;
        _mentorId = pupil.MentorId!;
        var absenceCase = new AbsenceCase { PupilId = pupil.Id, OpenedOn = new DateOnly(2026, 11, 20), Step = 3 };
        db.Cases.Add(absenceCase);
        await db.SaveChangesAsync();
        _caseId = absenceCase.Id;
        db.Tasks.Add(new CaseTask
        {
            PupilId = pupil.Id, CaseId = absenceCase.Id, Code = TaskCatalog.S3Checklist, Role = TaskRole.Mentor.ToString(),
            RaisedOn = absenceCase.OpenedOn, Due = absenceCase.OpenedOn.AddDays(3), Status = CaseTaskStatus.Open,
        });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private ChecklistRecords Checklists(NarvaroDbContext db) =>
        new(db, new DocumentDataService(db, Services.Measures(db), NullLogger<DocumentDataService>.Instance), new AuditTrail(db, _clock), _clock);

    private static ChecklistEntry Entry(string firstComment, bool? continued = null) => new(
        new DateOnly(2026, 11, 24), new DateOnly(2026, 11, 25),
        [false, true, true, false, true],
        [firstComment, "Trivs med klassen.", null, null, "Måndagar, som underlaget visar."],
        continued, continued is null ? null : "Bättre närvaro veckan efter.");

    [Fact]
    public async Task Save_TwiceByTheMentor_StoresVersionOneThenTwoAndCompletesTheTaskOnce()
    {
        await using var db = _database.CreateContext();
        var checklists = Checklists(db);

        var first = await checklists.SaveAsync(_pupilId, _mentorId, Entry("Ingen sjukdom."), AsOf);
        _clock.Now = _clock.Now.AddDays(7);
        var second = await checklists.SaveAsync(_pupilId, _mentorId, Entry("Ingen sjukdom, enligt vårdnadshavare.", continued: false), AsOf);

        Assert.Equal(new ChecklistSaved(1, TaskCompleted: true), first);
        Assert.Equal(new ChecklistSaved(2, TaskCompleted: false), second);
        var records = await db.Checklists.AsNoTracking().Where(c => c.PupilId == _pupilId).OrderBy(c => c.Version).ToListAsync();
        Assert.Equal([1, 2], records.Select(r => r.Version));
        Assert.All(records, r => Assert.Equal(_caseId, r.CaseId));
        Assert.All(records, r => Assert.Equal(AsOf, r.AsOf));
        Assert.All(records, r => Assert.Equal(_mentorId, r.RecordedByUserId));
        Assert.StartsWith("{\"v\":1,", records[0].AnswersJson);
        Assert.Contains("\"question\":\"1. Sjukdom?\",\"answer\":\"nej\",\"comment\":\"Ingen sjukdom.\"", records[0].AnswersJson);
        Assert.Equal(Entry("Ingen sjukdom, enligt vårdnadshavare.", continued: false) with { },
            ChecklistEntry.FromStored(records[1].TalkWithPupilOn, records[1].TalkWithGuardianOn, records[1].AnswersJson), EntryComparer.Instance);

        var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.CaseId == _caseId && t.Code == TaskCatalog.S3Checklist);
        Assert.Equal(CaseTaskStatus.Done, task.Status);
        Assert.Equal(new DateOnly(2026, 11, 25), task.DoneOn);
        Assert.Equal(_mentorId, task.DoneByUserId);
        Assert.Equal("Checklista version 1 sparad", task.Note);
        Assert.Single(await db.CaseEvents.AsNoTracking().Where(e => e.CaseId == _caseId && e.Kind == CaseEventKind.TaskDone).ToListAsync());
        Assert.Equal(2, await db.AuditLog.CountAsync(a => a.Action == ChecklistRecords.SavedAction && a.PupilId == _pupilId));
    }

    [Fact]
    public async Task RenderVersion_ReadBackWithPdftotext_HasTheQuestionsDatesAnswersAndComments()
    {
        await using var db = _database.CreateContext();
        var checklists = Checklists(db);
        await checklists.SaveAsync(_pupilId, _mentorId, Entry("Ingen sjukdom.", continued: true), AsOf);

        var pdf = await checklists.RenderVersionAsync(_pupilId, 1, _mentorId);

        Assert.NotNull(pdf);
        Assert.Equal("Bilaga1-checklista-E1001-version-1-2026-11-27.pdf", pdf.FileName);
        var text = PdfReader.FlatText(pdf.Content);
        foreach (var question in ChecklistDocument.Questions)
            Assert.Contains(question, text);
        Assert.Contains("Samtal med elev datum: 2026-11-24", text);
        Assert.Contains("Samtal med vårdnadshavare datum: 2026-11-25", text);
        Assert.Contains("1. Sjukdom? Ja Nej Svar: Nej Kommentar: Ingen sjukdom.", text);
        Assert.Contains("2. Trivs i skolan? Ja Nej Svar: Ja Kommentar: Trivs med klassen.", text);
        Assert.Contains("Måndagar, som underlaget visar.", text);
        Assert.Contains("Fortsatt upprepad frånvaro: Ja Nej (om ja, anmäl till EHT) Svar: Ja", text);
        Assert.Contains("Bättre närvaro veckan efter.", text);
        Assert.Contains("KOPIA AV CHECKLISTA LÄMNAS TILL REKTOR", text);
        Assert.Contains("Elev E1001", text);
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == ChecklistRecords.DownloadedAction && a.UserId == _mentorId));
    }

    [Fact]
    public async Task SaveAndRender_SomeoneNotThePupilsMentor_GetsNothingAndChangesNothing()
    {
        await using var db = _database.CreateContext();
        var checklists = Checklists(db);

        Assert.Null(await checklists.SaveAsync(_pupilId, "someone-else", Entry("x"), AsOf));
        Assert.Null(await checklists.OverviewAsync(_pupilId, "someone-else", AsOf));
        Assert.Null(await checklists.SaveAsync(987654, _mentorId, Entry("x"), AsOf));
        Assert.False(await db.Checklists.AnyAsync());
        Assert.Equal(CaseTaskStatus.Open, (await db.Tasks.AsNoTracking().SingleAsync()).Status);
    }

    [Fact]
    public void Validate_MissingAnswerFutureDateAndLongComment_GiveSwedishMessagesPerField()
    {
        var today = new DateOnly(2026, 11, 28);
        var form = new ChecklistSubmission("2026-11-29", "", ["ja", null, "nej", "ja", "nej"],
            [new string('x', ChecklistRules.MaxCommentLength + 5), null, null, null, null], null, null);

        var errors = ChecklistRules.Validate(form, today, out var entry);

        Assert.Null(entry);
        Assert.Equal(
            [
                ("TalkWithPupilOn", "Datum för samtalet med eleven kan inte vara senare än i dag (28 nov. 2026). Ange dagen då samtalet hölls."),
                ("TalkWithGuardianOn", "Ange datum för samtalet med vårdnadshavare, till exempel 2026-11-28."),
                ("Comment1", "Kommentaren till fråga 1 får vara högst 2 000 tecken. Korta den med 5 tecken."),
                ("Answer2", "Välj Ja eller Nej för fråga 2. Trivs i skolan?"),
            ],
            errors.Select(e => (e.Field, e.Message.Replace('\u00a0', ' '))));
    }

    [Fact]
    public void Validate_CompleteForm_GivesTheEntryWithTheLaterTalkAsDoneDate()
    {
        var form = new ChecklistSubmission("2026-11-26", "2026-11-24", ["ja", "ja", "nej", "nej", "ja"], [" Förkyld ", null, null, null, null], "", "");

        var errors = ChecklistRules.Validate(form, new DateOnly(2026, 11, 28), out var entry);

        Assert.Empty(errors);
        Assert.NotNull(entry);
        Assert.Equal(new DateOnly(2026, 11, 26), entry.DoneOn);
        Assert.Equal("Förkyld", entry.Comments[0]);
        Assert.Null(entry.ContinuedAbsence);
        Assert.Null(entry.FollowUpComment);
    }

    private sealed class EntryComparer : IEqualityComparer<ChecklistEntry>
    {
        public static readonly EntryComparer Instance = new();
        public bool Equals(ChecklistEntry? x, ChecklistEntry? y) =>
            x is not null && y is not null && x.TalkWithPupilOn == y.TalkWithPupilOn && x.TalkWithGuardianOn == y.TalkWithGuardianOn
            && x.Answers.SequenceEqual(y.Answers) && x.Comments.SequenceEqual(y.Comments)
            && x.ContinuedAbsence == y.ContinuedAbsence && x.FollowUpComment == y.FollowUpComment;
        public int GetHashCode(ChecklistEntry obj) => 0;
    }
}
