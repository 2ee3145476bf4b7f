using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests.Mentees;

/// <summary>One school with a signed-up mentor of some of its pupils, and the tasks and attendance a test needs.</summary>
public sealed class MenteeWorld
{
    public static DateOnly Today => SwedishTime.Today(TimeProvider.System);

    private readonly NarvaroWebFactory _factory;
    public School School { get; private init; } = null!;
    public StaffUser Mentor { get; private init; } = null!;
    public string MentorEmail { get; private init; } = null!;
    /// <summary>The school's pupils by id; the first <c>mentees</c> are the mentor's.</summary>
    public IReadOnlyList<int> Pupils { get; private init; } = [];
    public string Suffix { get; private init; } = null!;

    private MenteeWorld(NarvaroWebFactory factory) => _factory = factory;

    public static async Task<MenteeWorld> CreateAsync(NarvaroWebFactory factory, int pupils, int mentees)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var organisation = await factory.AddOrganisationAsync($"Kommun {suffix}");
        var school = await factory.AddSchoolAsync(organisation, $"Skola {suffix}", pupils);
        var email = $"mentor.{suffix}@skola.test";
        var mentor = await factory.AddStaffAsync(email, "Maja Mentor", StaffRoles.Mentor, school);
        await factory.MakeMentorAsync(mentor, school, mentees);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        var ids = await db.Pupils.Where(p => p.SchoolId == school.Id).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();
        return new MenteeWorld(factory) { School = school, Mentor = mentor, MentorEmail = email, Pupils = ids, Suffix = suffix };
    }

    public async Task<T> WithDatabaseAsync<T>(Func<NarvaroDbContext, Task<T>> action)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<NarvaroDbContext>());
    }

    public Task RenameAsync(int pupilId, string firstName, string lastName) => WithDatabaseAsync(async db =>
    {
        var pupil = await db.Pupils.SingleAsync(p => p.Id == pupilId);
        (pupil.FirstName, pupil.LastName) = (firstName, lastName);
        return await db.SaveChangesAsync();
    });

    /// <summary>A task on the pupil; with <paramref name="step"/>, on an open case at that step (made when missing).</summary>
    public Task<int> AddTaskAsync(int pupilId, string code, DateOnly raisedOn, DateOnly due, int? step = null, string role = "Mentor") =>
        WithDatabaseAsync(async db =>
        {
            AbsenceCase? @case = null;
            if (step is { } s)
            {
                @case = await db.Cases.SingleOrDefaultAsync(c => c.PupilId == pupilId && c.ClosedOn == null)
                    ?? db.Cases.Add(new AbsenceCase { PupilId = pupilId, OpenedOn = raisedOn, Step = s }).Entity;
                @case.Step = Math.Max(@case.Step, s);
            }
            var task = new CaseTask { PupilId = pupilId, Case = @case, Code = code, Role = role, RaisedOn = raisedOn, Due = due };
            db.Tasks.Add(task);
            await db.SaveChangesAsync();
            return task.Id;
        });

    /// <summary>Five school days before today with <paramref name="absentMinutes"/> of one 60-minute lesson absent (giltig).</summary>
    public Task AddAbsenceAsync(int pupilId, int absentMinutes) => WithDatabaseAsync(async db =>
    {
        var day = Today;
        for (var added = 0; added < 5; day = day.AddDays(-1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || day == Today) continue;
            db.Attendance.Add(new AttendanceRecord
            {
                PupilId = pupilId, Date = day, Start = new TimeOnly(8, 0), End = new TimeOnly(9, 0), ScheduledMinutes = 60, Subject = "Svenska",
                AbsentMinutes = absentMinutes, Type = absentMinutes == 0 ? AttendanceType.Present : AttendanceType.Valid,
            });
            added++;
        }
        return await db.SaveChangesAsync();
    });

    public Task<CaseTask> TaskAsync(int taskId) =>
        WithDatabaseAsync(db => db.Tasks.AsNoTracking().Include(t => t.ContactAttempts).SingleAsync(t => t.Id == taskId));

    public Task<List<AuditEntry>> AuditAsync(string userId) =>
        WithDatabaseAsync(db => db.AuditLog.AsNoTracking().Where(a => a.UserId == userId).OrderBy(a => a.Id).ToListAsync());

    public async Task<HttpClient> SignedInMentorAsync()
    {
        var client = _factory.CreateBrowser();
        await client.LogInOrFailAsync(MentorEmail);
        return client;
    }
}

public static class TaskForms
{
    /// <summary>GETs the task page for its antiforgery token and posts the form to /uppgift/{id}/{action}.</summary>
    public static async Task<HttpResponseMessage> PostTaskAsync(this HttpClient client, int taskId, string action,
        IReadOnlyDictionary<string, string> fields, string? tokenFrom = null)
    {
        var page = await client.GetAsync(tokenFrom ?? $"/uppgift/{taskId}");
        var html = await page.Content.ReadAsStringAsync();
        var token = html.Contains("__RequestVerificationToken")
            ? Browser.AntiforgeryToken(html)
            : Browser.AntiforgeryToken(await (await client.GetAsync("/")).Content.ReadAsStringAsync());
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return await client.PostAsync($"/uppgift/{taskId}/{action}", new FormUrlEncodedContent(form));
    }

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static string IsoLocal(DateTime at) => at.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static DateTime NowLocal => TimeZoneInfo.ConvertTime(DateTime.UtcNow, SwedishTime.Zone);

    public static void AssertStatus(HttpStatusCode expected, HttpResponseMessage response) =>
        Assert.True(expected == response.StatusCode, $"Expected {expected}, got {response.StatusCode} ({response.Headers.Location})");
}
