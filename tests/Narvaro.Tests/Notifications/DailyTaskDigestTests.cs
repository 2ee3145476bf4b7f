using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Narvaro.Audit;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Notifications;
using Narvaro.Staff;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Notifications;

[CollectionDefinition(Name)]
public sealed class SmtpSinkCollection : ICollectionFixture<SmtpSink>
{
    public const string Name = "SMTP sink on loopback";
}

/// <summary>
/// The daily digest on real SQLite with the real migrations, sent through MailKit to a real SMTP server on loopback
/// (tests/tools/smtp-sink.js) and read back from the .eml files it wrote.
/// </summary>
[Collection(SmtpSinkCollection.Name)]
public sealed class DailyTaskDigestTests(SmtpSink sink) : IAsyncLifetime
{
    // 06:30 in Stockholm on Friday 27 November 2026.
    private static readonly StoppedClock Clock = new(new DateTimeOffset(2026, 11, 27, 5, 30, 0, TimeSpan.Zero));
    private static readonly DateOnly Today = new(2026, 11, 27);
    private const string BaseUrl = "https://narvaro.kommun.se";

    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];
    private TestDatabase _database = null!;
    private World _world = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        _world = await World.SeedAsync(db, _tag);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private SmtpOptions Smtp(int? port = null, string? host = "127.0.0.1") => new()
    {
        Host = host, Port = port ?? sink.Port, Security = MailKit.Security.SecureSocketOptions.None, From = "narvaro@kommun.se",
        FromName = "Närvaro", BaseUrl = BaseUrl, TimeoutSeconds = 10,
    };

    private static DigestService Service(NarvaroDbContext db, SmtpOptions smtp, TimeProvider? clock = null)
    {
        var options = Options.Create(smtp);
        clock ??= Clock;
        return new DigestService(db, new MailKitSender(options), options, new AuditTrail(db, clock), clock, NullLogger<DigestService>.Instance);
    }

    private async Task<DigestRunResult> RunAsync(SmtpOptions? smtp = null, TimeProvider? clock = null)
    {
        await using var db = _database.CreateContext();
        return await Service(db, smtp ?? Smtp(), clock).SendDailyAsync();
    }

    private async Task<List<DigestDelivery>> ClaimsAsync()
    {
        await using var db = _database.CreateContext();
        return await db.DigestDeliveries.AsNoTracking().ToListAsync();
    }

    private static string Text(MimeMessage m) => m.TextBody ?? "";
    private static string Html(MimeMessage m) => m.HtmlBody ?? "";

    [Fact]
    public async Task Mentor_TwoNewAndOneOverdue_GetsExactlyOneMailWithSubjectLinksAndNames()
    {
        var result = await RunAsync();

        var mail = Assert.Single(sink.MessagesTo(_world.Mentor.Email!));
        Assert.Equal("Närvaro: 2 nya och 1 försenad uppgift", mail.Subject);
        Assert.Equal("narvaro@kommun.se", mail.From.Mailboxes.Single().Address);
        Assert.Equal("Maria Mentor", mail.To.Mailboxes.Single().Name);
        var text = Text(mail);
        var html = Html(mail);
        foreach (var id in new[] { _world.NewChecklist, _world.NewLateContact, _world.OverdueFollowup })
        {
            Assert.Contains($"{BaseUrl}/uppgift/{id}", text);
            Assert.Contains($"href=\"{BaseUrl}/uppgift/{id}\"", html);
        }
        Assert.Contains("Alva Andersson", text);
        Assert.Contains("Bo Berg", text);
        Assert.Contains("Alva Andersson", html);
        Assert.Contains(TaskCatalog.Get(TaskCatalog.S3Checklist).Title, text);
        Assert.Contains("Försenade uppgifter", text);
        Assert.Contains("Nya uppgifter", text);
        Assert.Contains($"{BaseUrl}/mina-uppgifter", text);
        // Neither new nor overdue, done, or another mentor's pupil: not in the mail.
        Assert.DoesNotContain($"/uppgift/{_world.OldNotDue}\n", text + "\n");
        Assert.DoesNotContain($"/uppgift/{_world.DoneOverdue}", text);
        Assert.DoesNotContain("Cilla", text);
        Assert.DoesNotContain("%", text);
        Assert.DoesNotContain("%", html);

        Assert.True(result.Enabled);
        var claim = Assert.Single(await ClaimsAsync(), c => c.UserId == _world.Mentor.Id);
        Assert.Equal(Today, claim.On);
        Assert.Equal(3, claim.TaskCount);
        await using var db = _database.CreateContext();
        var audit = Assert.Single(await db.AuditLog.AsNoTracking().Where(a => a.Action == DigestService.AuditAction && a.UserId == _world.Mentor.Id).ToListAsync());
        Assert.Contains(_world.NewChecklist.ToString(), audit.Details);
    }

    [Fact]
    public async Task TaskGivenByName_GoesToTheAssigneeOnly_WithTheNeutralTitle()
    {
        await RunAsync();

        var mail = Assert.Single(sink.MessagesTo(_world.Kurator.Email!));
        Assert.Equal("Närvaro: 1 ny uppgift", mail.Subject);
        var text = Text(mail);
        Assert.Contains($"{BaseUrl}/uppgift/{_world.AssignedSkolsocial}", text);
        Assert.Contains("Uppgift i steg 4 av handlingsplanen", text);
        Assert.Contains("Alva Andersson", text);
        Assert.Empty(sink.MessagesTo(_world.OtherKurator.Email!));
        // The rector gave the task away: it is no longer theirs, so only the rector's own step-7 task is in their mail.
        var rector = Assert.Single(sink.MessagesTo(_world.Rector.Email!));
        Assert.DoesNotContain($"/uppgift/{_world.AssignedSkolsocial}", Text(rector));
    }

    [Fact]
    public async Task SensitiveTitles_AreReplaced_InTextAndHtml()
    {
        await RunAsync();

        var mails = sink.MessagesTo(_world.Rector.Email!).Concat(sink.MessagesTo(_world.Kurator.Email!)).ToList();
        Assert.Equal(2, mails.Count);
        var rector = Text(sink.MessagesTo(_world.Rector.Email!).Single());
        Assert.Contains("Uppgift i steg 7 av handlingsplanen", rector);
        Assert.Contains("Uppgift i steg M av handlingsplanen", rector);
        Assert.Contains("Cilla Carlsson", rector);
        foreach (var body in mails.SelectMany(m => new[] { Text(m), Html(m), m.Subject }))
            foreach (var word in new[] { "orosanmälan", "socialtjänst", "skolsocial", "kartläggning", "Bilaga 2", "bilaga 2", "skolchef", "hälsa" })
                Assert.DoesNotContain(word, body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SecondRunTheSameDay_SendsNothingMore()
    {
        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(3, first.Sent); // mentor, kurator, rector
        Assert.Equal(0, second.Sent);
        Assert.Single(sink.MessagesTo(_world.Mentor.Email!));
        Assert.Single(sink.MessagesTo(_world.Kurator.Email!));
        Assert.Single(sink.MessagesTo(_world.Rector.Email!));
        Assert.Equal(3, (await ClaimsAsync()).Count);
    }

    [Fact]
    public async Task TwoRunsAtTheSameTime_SendEachPersonOneMail()
    {
        await using var one = _database.CreateContext();
        await using var two = _database.CreateContext();

        var results = await Task.WhenAll(Service(one, Smtp()).SendDailyAsync(), Service(two, Smtp()).SendDailyAsync());

        Assert.Equal(3, results.Sum(r => r.Sent));
        Assert.Equal(0, results.Sum(r => r.Failed));
        Assert.Single(sink.MessagesTo(_world.Mentor.Email!));
        Assert.Single(sink.MessagesTo(_world.Kurator.Email!));
        Assert.Single(sink.MessagesTo(_world.Rector.Email!));
        Assert.Equal(3, (await ClaimsAsync()).Count);
    }

    [Fact]
    public async Task SmtpDown_KeepsNoClaim_AndTheNextRunSends()
    {
        var down = await RunAsync(Smtp(port: SmtpSink.ClosedPort()));

        Assert.Equal(0, down.Sent);
        Assert.Equal(3, down.Failed);
        Assert.Empty(await ClaimsAsync());
        Assert.Empty(sink.MessagesTo(_world.Mentor.Email!));

        var up = await RunAsync();

        Assert.Equal(3, up.Sent);
        Assert.Single(sink.MessagesTo(_world.Mentor.Email!));
        Assert.Equal(3, (await ClaimsAsync()).Count);
    }

    [Fact]
    public async Task SmtpDown_StopsAfterThreeFailuresInARow_AndTheRetrySendsEveryone()
    {
        await using (var db = _database.CreateContext())
        {
            var mentor = StaffAccounts.NewUser($"fjarde.mentor.{_tag}@kommun.se", "Fia Fjärde");
            var school = await db.Schools.SingleAsync();
            var pupil = new Pupil
            {
                ExternalId = "fjarde", FirstName = "Frej", LastName = "Fors", GradeLevel = "8", SchoolId = school.Id,
                ClassId = (await db.Classes.SingleAsync()).Id, Mentor = mentor,
            };
            db.Tasks.Add(new CaseTask
            {
                Pupil = pupil, Code = TaskCatalog.S1Contact, Role = nameof(TaskRole.Mentor), RaisedOn = Today, Due = Today,
            });
            await db.SaveChangesAsync();
        }

        var down = await RunAsync(Smtp(port: SmtpSink.ClosedPort()));

        Assert.Equal(DigestService.MaxFailuresInARow, down.Failed);
        Assert.Equal(0, down.Sent);
        Assert.Empty(await ClaimsAsync());

        var retry = await RunAsync();

        Assert.Equal(4, retry.Sent);
        Assert.Single(sink.MessagesTo($"fjarde.mentor.{_tag}@kommun.se"));
    }

    [Fact]
    public async Task NoHost_SendsNothing_AndClaimsNothing()
    {
        var log = new ListLogger();
        DigestRunResult result;
        await using (var context = _database.CreateContext())
        {
            var options = Options.Create(Smtp(host: null));
            result = await new DigestService(context, new MailKitSender(options), options, new AuditTrail(context, Clock), Clock, log).SendDailyAsync();
        }

        Assert.Contains(log.Lines, l => l.Contains("Smtp:Host is not set"));
        Assert.False(result.Enabled);
        Assert.Equal(0, result.Sent);
        Assert.Empty(await ClaimsAsync());
        Assert.Empty(sink.MessagesTo(_world.Mentor.Email!));
        await using var db = _database.CreateContext();
        Assert.False(await db.AuditLog.AnyAsync(a => a.Action == DigestService.AuditAction));
    }

    [Fact]
    public async Task UsersWithoutTasks_AndLockedOutUsers_GetNothing()
    {
        await RunAsync();

        Assert.Empty(sink.MessagesTo(_world.OtherKurator.Email!));
        Assert.Empty(sink.MessagesTo(_world.OtherMentor.Email!));
        Assert.Empty(sink.MessagesTo(_world.LockedMentor.Email!));
        Assert.DoesNotContain(await ClaimsAsync(), c => c.UserId == _world.LockedMentor.Id || c.UserId == _world.OtherKurator.Id);
    }

    [Fact]
    public async Task NextDay_YesterdaysNewTasksAreNotNewAgain_OverdueOnesAreListedAgain()
    {
        await RunAsync();
        var tomorrow = new StoppedClock(new DateTimeOffset(2026, 11, 28, 5, 30, 0, TimeSpan.Zero));

        await RunAsync(clock: tomorrow);

        var mails = sink.MessagesTo(_world.Mentor.Email!);
        Assert.Equal(2, mails.Count);
        var second = mails.Single(m => !Text(m).Contains($"/uppgift/{_world.NewChecklist}"));
        Assert.Equal("Närvaro: 1 försenad uppgift", second.Subject);
        Assert.Contains($"/uppgift/{_world.OverdueFollowup}", Text(second));
        // The kurator's task was new yesterday and is not yet due: no second mail.
        Assert.Single(sink.MessagesTo(_world.Kurator.Email!));
    }

    /// <summary>One school: a mentor with new, overdue, old and done tasks, two kurators, a rector, a locked-out mentor.</summary>
    private sealed class World
    {
        public required StaffUser Mentor, OtherMentor, LockedMentor, Kurator, OtherKurator, Rector;
        public int NewChecklist, NewLateContact, OverdueFollowup, OldNotDue, DoneOverdue, AssignedSkolsocial;

        public static async Task<World> SeedAsync(NarvaroDbContext db, string tag)
        {
            var organisation = new Organisation { Name = "Trosa kommun", Policy = PolicySettings.Trosa() };
            var school = new School { Organisation = organisation, SchoolUnitCode = "11112222", Name = "Tomtaklintskolan" };
            var schoolClass = new SchoolClass { School = school, Name = "8A" };
            StaffUser Staff(string name) => StaffAccounts.NewUser($"{name.Replace(' ', '.').ToLowerInvariant()}.{tag}@kommun.se", name);
            var world = new World
            {
                Mentor = Staff("Maria Mentor"), OtherMentor = Staff("Olle Mentor"), LockedMentor = Staff("Lars Låst"),
                Kurator = Staff("Karin Kurator"), OtherKurator = Staff("Kalle Kurator"), Rector = Staff("Rut Rektor"),
            };
            world.LockedMentor.LockoutEnd = DateTimeOffset.UtcNow.AddYears(100);
            db.Users.AddRange(world.Mentor, world.OtherMentor, world.LockedMentor, world.Kurator, world.OtherKurator, world.Rector);
            Pupil Pupil(string first, string last, StaffUser mentor) => new()
            {
                ExternalId = Guid.NewGuid().ToString("N"), FirstName = first, LastName = last, GradeLevel = "8",
                School = school, Class = schoolClass, Mentor = mentor,
            };
            var alva = Pupil("Alva", "Andersson", world.Mentor);
            var bo = Pupil("Bo", "Berg", world.Mentor);
            var cilla = Pupil("Cilla", "Carlsson", world.OtherMentor);
            var dan = Pupil("Dan", "Dahl", world.LockedMentor);
            db.Pupils.AddRange(alva, bo, cilla, dan);
            foreach (var (user, role) in new[] { (world.Kurator, StaffRoles.Skolkurator), (world.OtherKurator, StaffRoles.Skolkurator), (world.Rector, StaffRoles.Rektor) })
                db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = role, Organisation = organisation, School = school });

            AbsenceCase Case(Pupil pupil, int step) => new() { Pupil = pupil, OpenedOn = Today.AddDays(-20), Step = step };
            var alvasCase = Case(alva, 4);
            var bosCase = Case(bo, 5);
            var cillasCase = Case(cilla, 5);
            var dansCase = Case(dan, 3);
            db.Cases.AddRange(alvasCase, bosCase, cillasCase, dansCase);
            CaseTask Task(AbsenceCase c, string code, int raisedDaysAgo, int dueInDays, bool done = false) => new()
            {
                Case = c, Pupil = c.Pupil, Code = code, Role = TaskCatalog.Get(code).Role.ToString(),
                RaisedOn = Today.AddDays(-raisedDaysAgo), Due = Today.AddDays(dueInDays),
                Status = done ? CaseTaskStatus.Done : CaseTaskStatus.Open, DoneOn = done ? Today.AddDays(-1) : null,
            };
            var newChecklist = Task(alvasCase, TaskCatalog.S3Checklist, 1, 2);
            var newLate = Task(bosCase, TaskCatalog.L1Contact, 1, 2);
            var overdue = Task(alvasCase, TaskCatalog.S3Followup, 10, -3);
            var oldNotDue = Task(bosCase, TaskCatalog.S5Weekly, 5, 2);
            var doneOverdue = Task(bosCase, TaskCatalog.S3Checklist, 10, -3, done: true);
            var skolsocial = Task(alvasCase, TaskCatalog.S4Skolsocial, 1, 3);
            skolsocial.AssigneeUserId = world.Kurator.Id;
            skolsocial.AssignedByUserId = world.Rector.Id;
            skolsocial.AssignedAtUtc = DateTime.UtcNow;
            var concern = Task(cillasCase, TaskCatalog.S7Concern, 1, 6);
            var mReport = Task(cillasCase, TaskCatalog.MReport, 4, -2);
            var lockedMentors = Task(dansCase, TaskCatalog.S3Checklist, 1, 2);
            db.Tasks.AddRange(newChecklist, newLate, overdue, oldNotDue, doneOverdue, skolsocial, concern, mReport, lockedMentors);
            await db.SaveChangesAsync();
            (world.NewChecklist, world.NewLateContact, world.OverdueFollowup, world.OldNotDue, world.DoneOverdue, world.AssignedSkolsocial) =
                (newChecklist.Id, newLate.Id, overdue.Id, oldNotDue.Id, doneOverdue.Id, skolsocial.Id);
            return world;
        }
    }
}

/// <summary>Keeps what the service logs.</summary>
internal sealed class ListLogger : Microsoft.Extensions.Logging.ILogger<DigestService>
{
    public List<string> Lines { get; } = [];
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;
    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state,
        Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Lines) Lines.Add(formatter(state, exception));
    }
}
