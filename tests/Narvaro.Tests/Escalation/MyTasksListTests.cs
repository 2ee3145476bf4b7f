using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Narvaro.Access;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Staff;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Escalation;

/// <summary>
/// Mina uppgifter on real SQLite: each member of staff gets exactly their own tasks by <see cref="TaskOwnership"/>
/// (mentor, rector, kurator, specialpedagog, skolsköterska, skolpsykolog; another school's kurator gets nothing of this
/// school), open ones first by due date, then the last two weeks' done ones; the menu count; and every query seeks an index.
/// </summary>
public sealed class MyTasksListTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 8, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 12, 2);

    private sealed class CommandLog : DbCommandInterceptor
    {
        public readonly List<string> Commands = [];
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            lock (Commands) Commands.Add(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    private TestDatabase _database = null!;
    private readonly Dictionary<string, string> _users = [];
    private readonly Dictionary<string, int> _tasks = [];
    private int _pupilA1, _pupilA2, _pupilB1;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        var organisation = new Organisation { Name = "Testkommun" };
        var schoolA = new School { Organisation = organisation, Name = "Askskolan", SchoolUnitCode = "10000001" };
        var schoolB = new School { Organisation = organisation, Name = "Bokskolan", SchoolUnitCode = "10000002" };
        var classA = new SchoolClass { School = schoolA, Name = "7A" };
        var classB = new SchoolClass { School = schoolB, Name = "8B" };
        foreach (var (key, name) in new[] { ("mentor", "Maja Mentor"), ("othermentor", "Olle Mentor"), ("rektor", "Rut Rektor"), ("kurator", "Kim Kurator"),
                     ("kuratorB", "Kalle Kurator"), ("pedagog", "Pia Pedagog"), ("skoterska", "Siv Sköterska"), ("psykolog", "Per Psykolog"),
                     ("skolchef", "Sara Skolchef"), ("nobody", "Nils Ingen") })
        {
            var user = StaffAccounts.NewUser($"{key}@test.se", name);
            db.Users.Add(user);
            _users[key] = user.Id;
        }
        var a1 = new Pupil { ExternalId = "A1", FirstName = "Alva", LastName = "Ask", GradeLevel = "7", School = schoolA, Class = classA, MentorId = _users["mentor"] };
        var a2 = new Pupil { ExternalId = "A2", FirstName = "Bo", LastName = "Al", GradeLevel = "7", School = schoolA, Class = classA, MentorId = _users["othermentor"] };
        var b1 = new Pupil { ExternalId = "B1", FirstName = "Cia", LastName = "Bok", GradeLevel = "8", School = schoolB, Class = classB };
        db.Pupils.AddRange(a1, a2, b1);
        await db.SaveChangesAsync();
        (_pupilA1, _pupilA2, _pupilB1) = (a1.Id, a2.Id, b1.Id);
        foreach (var (user, role, school) in new[] { ("rektor", StaffRoles.Rektor, schoolA), ("kurator", StaffRoles.Skolkurator, schoolA),
                     ("kuratorB", StaffRoles.Skolkurator, schoolB), ("pedagog", StaffRoles.Specialpedagog, schoolA),
                     ("skoterska", StaffRoles.Skolskoterska, schoolA), ("psykolog", StaffRoles.Skolpsykolog, schoolA) })
            await RoleGrants.GrantAsync(db, _users[user], role, school.Id, null, "test", DateTime.UtcNow);
        await RoleGrants.GrantAsync(db, _users["skolchef"], StaffRoles.Skolchef, null, organisation.Id, "test", DateTime.UtcNow);
        await db.SaveChangesAsync();

        void Add(string key, Pupil pupil, string code, string role, int raised, int due, int? doneDaysAgo = null) =>
            db.Tasks.Add(new CaseTask
            {
                PupilId = pupil.Id, Code = code, Role = role, RaisedOn = Today.AddDays(raised), Due = Today.AddDays(due),
                Status = doneDaysAgo is null ? CaseTaskStatus.Open : CaseTaskStatus.Done,
                DoneOn = doneDaysAgo is { } d ? Today.AddDays(-d) : null,
            });
        Add("a1-followup", a1, TaskCatalog.S3Followup, "Mentor", 0, 3);
        Add("a1-contact", a1, TaskCatalog.S1Contact, "Mentor", -5, -5);
        Add("a1-checklist", a1, TaskCatalog.S3Checklist, "Mentor", -6, -3, doneDaysAgo: 3);
        Add("a1-late", a1, TaskCatalog.L1Contact, "Mentor", -40, -37, doneDaysAgo: 30);
        Add("a2-checklist", a2, TaskCatalog.S3Checklist, "Mentor", -1, 2);
        Add("a1-skolsocial", a1, TaskCatalog.S4Skolsocial, "Rektor", -4, -1);
        Add("a2-huvudman", a2, TaskCatalog.S4Huvudman, "Rektor", -1, 2);
        Add("a1-pedagogisk", a1, TaskCatalog.S4Pedagogisk, "Specialpedagog", -4, 10);
        Add("a1-halsosamtal", a1, TaskCatalog.S4Halsosamtal, "Skolskoterska", -4, 10);
        Add("a1-eht", a1, TaskCatalog.S4Eht, "EHT", -4, 10);
        // A huvudman whose policy gives the skolsocial kartläggning to the kurator.
        Add("a2-skolsocial", a2, TaskCatalog.S4Skolsocial, "Skolkurator", 0, 3);
        Add("b1-skolsocial", b1, TaskCatalog.S4Skolsocial, "Skolkurator", -2, 1);
        Add("b1-huvudman", b1, TaskCatalog.S4Huvudman, "Rektor", -2, 1);
        await db.SaveChangesAsync();
        var all = await db.Tasks.AsNoTracking().OrderBy(t => t.Id).ToListAsync();
        var keys = new[] { "a1-followup", "a1-contact", "a1-checklist", "a1-late", "a2-checklist", "a1-skolsocial", "a2-huvudman", "a1-pedagogisk",
            "a1-halsosamtal", "a1-eht", "a2-skolsocial", "b1-skolsocial", "b1-huvudman" };
        for (var i = 0; i < keys.Length; i++) _tasks[keys[i]] = all[i].Id;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private CommandLog _log = null!;

    private async Task<MyTasksPage> PageAsync(string user, MyTasksFilter filter = MyTasksFilter.All, int page = 1)
    {
        _log = new CommandLog();
        var options = new DbContextOptionsBuilder<NarvaroDbContext>(_database.Options).AddInterceptors(_log).Options;
        await using var db = new NarvaroDbContext(options);
        return await new MyTasksService(db, new StoppedClock(Now)).PageAsync(_users[user], filter, page);
    }

    private async Task<MyTasksCount> CountAsync(string user)
    {
        _log = new CommandLog();
        var options = new DbContextOptionsBuilder<NarvaroDbContext>(_database.Options).AddInterceptors(_log).Options;
        await using var db = new NarvaroDbContext(options);
        return await new MyTasksService(db, new StoppedClock(Now)).CountAsync(_users[user]);
    }

    private string[] Keys(MyTasksPage page) => page.Rows.Select(r => _tasks.Single(t => t.Value == r.TaskId).Key).ToArray();

    public static TheoryData<string, string[]> Owners => new()
    {
        { "mentor", ["a1-contact", "a1-followup", "a1-checklist"] },
        { "othermentor", ["a2-checklist"] },
        { "rektor", ["a1-skolsocial", "a2-huvudman", "a1-eht"] },
        { "kurator", ["a2-skolsocial", "a1-eht"] },
        { "kuratorB", ["b1-skolsocial"] },
        { "pedagog", ["a1-pedagogisk", "a1-eht"] },
        { "skoterska", ["a1-halsosamtal", "a1-eht"] },
        { "psykolog", ["a1-eht"] },
        { "skolchef", [] },
        { "nobody", [] },
    };

    [Theory]
    [MemberData(nameof(Owners))]
    public async Task PageAsync_ExactlyTheUsersOwnTasks_OpenByDueThenRecentlyDone(string user, string[] expected)
    {
        var page = await PageAsync(user);

        Assert.Equal(expected, Keys(page));
        Assert.Equal(expected.Length == 0, page.EmptyReason is not null);
    }

    [Theory]
    [MemberData(nameof(Owners))]
    public async Task OwnTasks_AgreesWithThePureRule_ForEveryTask(string user, string[] _)
    {
        await using var db = _database.CreateContext();
        var userId = _users[user];
        var owned = await StaffAccess.OwnTasks(db, userId).Select(t => t.Id).OrderBy(id => id).ToListAsync();
        var assignments = await db.RoleAssignments.Where(a => a.UserId == userId && a.SchoolId != null).ToListAsync();
        var byRule = (await db.Tasks.Select(t => new { t.Id, t.Role, t.Pupil!.MentorId, t.Pupil.SchoolId }).ToListAsync())
            .Where(t => TaskOwnership.IsOwner(t.Role, t.MentorId == userId,
                assignments.Where(a => a.SchoolId == t.SchoolId).Select(a => a.Role).ToList()))
            .Select(t => t.Id).OrderBy(id => id).ToList();
        Assert.Equal(byRule, owned);
    }

    [Fact]
    public async Task PageAsync_Rows_SayOverdueNewAndWhoMayReadThePupil()
    {
        var mentor = await PageAsync("mentor");
        var contact = mentor.Rows[0];
        Assert.Equal((true, false, true, "Alva Ask", "7A", "Askskolan"), (contact.Overdue, contact.New, contact.MayReadPupil, contact.PupilName, contact.ClassName, contact.SchoolName));
        Assert.Equal((false, true), (mentor.Rows[1].Overdue, mentor.Rows[1].New));
        Assert.Equal((true, Today.AddDays(-3)), (mentor.Rows[2].Done, mentor.Rows[2].DoneOn));
        Assert.Equal((2, 1), (mentor.OpenCount, mentor.DoneCount));

        // The rector reads every pupil of the school; the kurator reads none (plain name and class on the page).
        Assert.All((await PageAsync("rektor")).Rows, r => Assert.True(r.MayReadPupil));
        Assert.All((await PageAsync("kurator")).Rows, r => Assert.False(r.MayReadPupil));
    }

    [Fact]
    public async Task PageAsync_Filters_OpenOnly_DoneOnly()
    {
        Assert.Equal(["a1-contact", "a1-followup"], Keys(await PageAsync("mentor", MyTasksFilter.Open)));
        Assert.Equal(["a1-checklist"], Keys(await PageAsync("mentor", MyTasksFilter.Done)));
    }

    [Fact]
    public async Task PageAsync_ManyTasks_PagesOf50()
    {
        await using (var db = _database.CreateContext())
        {
            for (var i = 0; i < 60; i++)
                db.Tasks.Add(new CaseTask { PupilId = _pupilB1, Code = TaskCatalog.S1Contact, Role = "Skolkurator", RaisedOn = Today.AddDays(-100 + i), Due = Today.AddDays(i) });
            await db.SaveChangesAsync();
        }
        var first = await PageAsync("kuratorB", MyTasksFilter.All, 1);
        var second = await PageAsync("kuratorB", MyTasksFilter.All, 2);

        Assert.Equal((61, 2, 50, 11), (first.Total, first.PageCount, first.Rows.Count, second.Rows.Count));
        Assert.Equal(first.Rows.OrderBy(r => r.Due).Select(r => r.TaskId), first.Rows.Select(r => r.TaskId));
        Assert.Empty(first.Rows.Select(r => r.TaskId).Intersect(second.Rows.Select(r => r.TaskId)));
        Assert.Equal(2, (await PageAsync("kuratorB", MyTasksFilter.All, 99)).Page);
    }

    [Theory]
    [InlineData("mentor", 1, 1)]
    [InlineData("rektor", 1, 1)]
    [InlineData("kurator", 1, 0)]
    [InlineData("kuratorB", 1, 0)]
    [InlineData("psykolog", 0, 0)]
    [InlineData("nobody", 0, 0)]
    public async Task CountAsync_NewAndOverdueOpenTasks_InOneQuery(string user, int expectedNew, int expectedOverdue)
    {
        var count = await CountAsync(user);

        Assert.Equal((expectedNew, expectedOverdue), (count.New, count.Overdue));
        Assert.Single(_log.Commands);
    }

    [SqliteOnlyFact("reads SQLite's planner (EXPLAIN QUERY PLAN); PostgreSQL's cost-based planner picks sequential scans on a test-sized table, so the same check would say nothing there")]
    public async Task PageAndCount_EveryQuerySeeksAnIndex_NeverTasksByStatus()
    {
        var commands = new List<string>();
        foreach (var user in new[] { "mentor", "rektor", "kurator" })
        {
            await PageAsync(user);
            commands.AddRange(_log.Commands);
            await CountAsync(user);
            commands.AddRange(_log.Commands);
        }
        await using var db = _database.CreateContext();
        await db.Database.OpenConnectionAsync();
        var plans = new List<(string Sql, List<string> Plan)>();
        foreach (var sql in commands.Distinct())
            plans.Add((sql, await PlanAsync(db, sql)));
        var report = string.Join("\n\n", plans.Select(p => p.Sql + "\n" + string.Join("\n", p.Plan)));

        Assert.DoesNotContain(plans.SelectMany(p => p.Plan), line => line.StartsWith("SCAN", StringComparison.Ordinal)
            && !line.Contains("COVERING INDEX", StringComparison.Ordinal) && !line.Contains("CONSTANT ROW", StringComparison.Ordinal)
            && !line.Contains("json_each", StringComparison.Ordinal));
        Assert.DoesNotContain(plans.SelectMany(p => p.Plan), line => line.Contains("IX_Tasks_Status_Due", StringComparison.Ordinal));
        var tasks = plans.Where(p => p.Sql.Contains("FROM \"Tasks\"", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(tasks);
        Assert.All(tasks, p => Assert.True(p.Plan.Any(line => line.Contains("IX_Tasks_PupilId_Code", StringComparison.Ordinal)), report));
    }

    private static async Task<List<string>> PlanAsync(NarvaroDbContext db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in System.Text.RegularExpressions.Regex.Matches(sql, "@[A-Za-z_0-9]+").Select(m => m.Value).Distinct())
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = name.Contains("today", StringComparison.OrdinalIgnoreCase) || name.Contains("Since", StringComparison.OrdinalIgnoreCase)
                ? "2026-11-01" : name.Contains("userId", StringComparison.OrdinalIgnoreCase) ? "user" : name.Contains("pairs", StringComparison.OrdinalIgnoreCase) ? "[\"Rektor|Rektor\"]" : 1;
            command.Parameters.Add(parameter);
        }
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) plan.Add(reader.GetString(3));
        return plan;
    }
}
