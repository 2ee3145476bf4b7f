using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests.StudentHealth;

/// <summary>
/// One school with a mentor's pupil in an open case at <c>step</c>, the school's rector and skolkurator, and a rector of
/// another school; the case's task (S4-SKOLSOCIAL or S5-SST) is open.
/// </summary>
public sealed class CaseWorkWorld
{
    public static DateOnly Today => SwedishTime.Today(TimeProvider.System);
    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private readonly NarvaroWebFactory _factory;
    public required School School { get; init; }
    public required int PupilId { get; init; }
    public required int CaseId { get; init; }
    public required int TaskId { get; init; }
    public required (string Email, StaffUser User) Mentor { get; init; }
    public required (string Email, StaffUser User) Rector { get; init; }
    public required (string Email, StaffUser User) Kurator { get; init; }
    public required (string Email, StaffUser User) OtherRector { get; init; }

    private CaseWorkWorld(NarvaroWebFactory factory) => _factory = factory;

    public static async Task<CaseWorkWorld> CreateAsync(NarvaroWebFactory factory, int step, string taskCode, bool continuousInvalid = false)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var kommun = await factory.AddOrganisationAsync($"Kommun {suffix}");
        var school = await factory.AddSchoolAsync(kommun, $"Björkskolan {suffix}", pupils: 2);
        var other = await factory.AddSchoolAsync(kommun, $"Annanskolan {suffix}", pupils: 1);
        async Task<(string, StaffUser)> Staff(string who, string name, string role, School at)
        {
            var email = $"{who}.{suffix}@skola.test";
            return (email, await factory.AddStaffAsync(email, name, role, at));
        }
        var mentor = await Staff("mentor", "Maja Mentor", StaffRoles.Mentor, school);
        await factory.MakeMentorAsync(mentor.Item2, school, 2);
        var rector = await Staff("rektor", "Rut Rektor", StaffRoles.Rektor, school);
        var kurator = await Staff("kurator", "Kim Kurator", StaffRoles.Skolkurator, school);
        var otherRector = await Staff("annanrektor", "Ola Annan", StaffRoles.Rektor, other);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        var pupil = await db.Pupils.Where(p => p.SchoolId == school.Id).OrderBy(p => p.Id).FirstAsync();
        (pupil.FirstName, pupil.LastName) = ("Alva", "Lind");
        var @case = db.Cases.Add(new AbsenceCase { PupilId = pupil.Id, OpenedOn = Today.AddDays(-20), Step = step, ContinuousInvalid = continuousInvalid }).Entity;
        var task = db.Tasks.Add(new CaseTask
        {
            PupilId = pupil.Id, Case = @case, Code = taskCode, Role = nameof(TaskRole.Rektor), RaisedOn = Today.AddDays(-10), Due = Today.AddDays(-7),
        }).Entity;
        await db.SaveChangesAsync();
        return new CaseWorkWorld(factory)
        {
            School = school, PupilId = pupil.Id, CaseId = @case.Id, TaskId = task.Id,
            Mentor = mentor, Rector = rector, Kurator = kurator, OtherRector = otherRector,
        };
    }

    public async Task<HttpClient> SignInAsync((string Email, StaffUser User) who)
    {
        var client = _factory.CreateBrowser();
        await client.LogInOrFailAsync(who.Email);
        return client;
    }

    public async Task<T> DbAsync<T>(Func<NarvaroDbContext, Task<T>> query)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<NarvaroDbContext>());
    }

    public Task<List<AuditEntry>> AuditAsync(string userId, string action) =>
        DbAsync(db => db.AuditLog.AsNoTracking().Where(a => a.UserId == userId && a.Action == action).OrderBy(a => a.Id).ToListAsync());

    /// <summary>Posts a form with a token taken from <paramref name="tokenFrom"/> (or the start page when that is not open to the user).</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, IReadOnlyDictionary<string, string> form, string tokenFrom)
    {
        var page = await client.GetAsync(tokenFrom);
        var html = page.StatusCode == HttpStatusCode.OK ? await page.Content.ReadAsStringAsync() : await (await client.GetAsync("/")).Content.ReadAsStringAsync();
        return await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>(form) { ["__RequestVerificationToken"] = Browser.AntiforgeryToken(html) }));
    }

    /// <summary>A PDF's text as poppler's pdftotext reads it, whitespace collapsed.</summary>
    public static string PdfText(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"narvaro-kartsst-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-layout", "-enc", "UTF-8", path, "-"])
            {
                RedirectStandardOutput = true, UseShellExecute = false,
            }) ?? throw new InvalidOperationException("pdftotext could not be started; run `bash tests/install-deps.sh` (poppler-utils).");
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            return System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
