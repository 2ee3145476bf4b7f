using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Audit;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Web.Features.AdminLog;
using Narvaro.Web.Infrastructure;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests.AdminLog;

/// <summary>
/// /admin/logg: the admin's huvudman only, filtered by a GET form with Swedish messages, chain status, CSV export;
/// viewing and exporting audited. Also the audits added with it: refused requests, Hangfire dashboard POSTs.
/// </summary>
public sealed class AdminLogPageTests(NarvaroWebFactory factory) : IClassFixture<NarvaroWebFactory>
{
    private sealed record World(School School, StaffUser Admin, string AdminEmail, StaffUser Mentor, string MentorEmail, int PupilId, string PupilExternalId, string Suffix);

    private async Task<World> WorldAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var organisation = await factory.AddOrganisationAsync($"Kommun {suffix}");
        var school = await factory.AddSchoolAsync(organisation, $"Skola {suffix}", 2);
        var adminEmail = $"admin.{suffix}@skola.test";
        var admin = await factory.AddStaffAsync(adminEmail, $"Ada Admin {suffix}", StaffRoles.Admin, school);
        var mentorEmail = $"mentor.{suffix}@skola.test";
        var mentor = await factory.AddStaffAsync(mentorEmail, $"Maja Mentor {suffix}", StaffRoles.Mentor, school);
        await factory.MakeMentorAsync(mentor, school, 1);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        foreach (var user in await db.Users.Where(u => u.Id == admin.Id || u.Id == mentor.Id).ToListAsync())
            user.OrganisationId = organisation.Id;
        await db.SaveChangesAsync();
        var pupil = await db.Pupils.Where(p => p.SchoolId == school.Id).OrderBy(p => p.Id).FirstAsync();
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        await audit.RecordAsync(mentor.Id, "Elevsida visad", pupil.Id, school.Id, $"testpost {suffix}");
        await audit.RecordAsync(mentor.Id, "Veckosamtal sparat", pupil.Id, school.Id, $"samtal {suffix}; \"citat\"");
        return new World(school, admin, adminEmail, mentor, mentorEmail, pupil.Id, pupil.ExternalId, suffix);
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = factory.CreateBrowser();
        await client.LogInOrFailAsync(email);
        return client;
    }

    private async Task<List<AuditEntry>> AuditAsync(string userId, string action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        return await db.AuditLog.AsNoTracking().Where(a => a.UserId == userId && a.Action == action).OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task Logg_Admin_SeesOwnHuvudmansEntries_ChainStatus_AndIsAudited()
    {
        var world = await WorldAsync();
        var other = await WorldAsync();
        var client = await SignedInAsync(world.AdminEmail);

        var response = await client.GetAsync("/admin/logg");
        var html = await response.ReadPageAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>Logg</h1>", html);
        Assert.Contains("<a href=\"/admin/logg\">Logg</a>", html);
        Assert.Contains("<a href=\"/admin/policy\">Policy</a>", html);
        Assert.Contains("<caption>", html);
        Assert.Contains($"testpost {world.Suffix}", html);
        Assert.DoesNotContain($"testpost {other.Suffix}", html);
        Assert.DoesNotContain(other.Mentor.DisplayName, html);
        Assert.Contains("Kedjan är hel:", html);
        Assert.Single(await AuditAsync(world.Admin.Id, AdminLogController.ViewedAction));
    }

    [Fact]
    public async Task Logg_AdminOfAnotherHuvudman_SeesNoneOfThisOnesEntries()
    {
        var world = await WorldAsync();
        var other = await WorldAsync();
        var client = await SignedInAsync(other.AdminEmail);

        var html = await (await client.GetAsync($"/admin/logg?elev={world.PupilExternalId}")).ReadPageAsync();
        Assert.Contains("Inga poster matchar filtret.", html);
        var csv = await (await client.GetAsync("/admin/logg/csv")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(world.Suffix, csv);
        Assert.Contains(other.Suffix, csv);
    }

    [Theory]
    [InlineData(StaffRoles.Rektor)]
    [InlineData(StaffRoles.Skolchef)]
    public async Task Logg_NotAdmin_IsRefused(string role)
    {
        var world = await WorldAsync();
        var email = $"{role.ToLowerInvariant()}.{world.Suffix}@skola.test";
        await factory.AddStaffAsync(email, "Annan Person", role, world.School);
        var client = await SignedInAsync(email);

        foreach (var path in new[] { "/admin/logg", "/admin/logg/csv" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/konto/nekad", response.Headers.Location?.AbsolutePath);
        }
    }

    [Fact]
    public async Task Logg_Filters_ByPersonPupilActionAndDate()
    {
        var world = await WorldAsync();
        var client = await SignedInAsync(world.AdminEmail);
        var today = SwedishTime.Today(TimeProvider.System).ToString("yyyy-MM-dd");

        var byAction = await (await client.GetAsync($"/admin/logg?handelse={Uri.EscapeDataString("Veckosamtal sparat")}&person={Uri.EscapeDataString(world.Mentor.Email!)}")).ReadPageAsync();
        Assert.Contains($"samtal {world.Suffix}", byAction);
        Assert.DoesNotContain($"testpost {world.Suffix}", byAction);

        var byPupil = await (await client.GetAsync($"/admin/logg?elev={world.PupilExternalId}&fran={today}&till={today}")).ReadPageAsync();
        Assert.Contains($"testpost {world.Suffix}", byPupil);
        Assert.Contains($"samtal {world.Suffix}", byPupil);

        var byPerson = await (await client.GetAsync("/admin/logg?person=ingen-sadan-person-finns")).ReadPageAsync();
        Assert.Contains("Inga poster matchar filtret.", byPerson);

        var yesterday = await (await client.GetAsync($"/admin/logg?elev={world.PupilExternalId}&till=2020-01-01")).ReadPageAsync();
        Assert.Contains("Inga poster matchar filtret.", yesterday);
    }

    [Theory]
    [InlineData("fran=igår", "fran", "Från-datumet är inte ett datum.")]
    [InlineData("till=2026-02-30", "till", "Till-datumet är inte ett datum.")]
    [InlineData("fran=2026-05-02&till=2026-05-01", "till", "Till-datumet är före från-datumet.")]
    [InlineData("handelse=Finns%20inte", "handelse", "Händelsen finns inte i loggen.")]
    public async Task Logg_BadFilterValue_SwedishMessageAtFieldAndInSummary(string query, string field, string message)
    {
        var world = await WorldAsync();
        var client = await SignedInAsync(world.AdminEmail);

        var response = await client.GetAsync("/admin/logg?" + query);
        var html = await response.ReadPageAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("class=\"error-summary\"", html);
        Assert.Contains($"<a href=\"#{field}\">{message}", html);
        Assert.Contains($"id=\"{field}-fel\">{message}", html);
    }

    [Fact]
    public async Task Csv_FilteredEntries_Utf8BomSemicolonHeader_AndAudited()
    {
        var world = await WorldAsync();
        var client = await SignedInAsync(world.AdminEmail);

        var response = await client.GetAsync($"/admin/logg/csv?elev={world.PupilExternalId}");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(l => l.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal("Post;Tid (UTC);Person;E-post;Händelse;Elev-id;Elev;Skola;Detaljer", lines[0]);
        Assert.Equal(3, lines.Count);
        Assert.Contains($";Veckosamtal sparat;{world.PupilExternalId};Elev Nummer 1;Skola {world.Suffix};\"samtal {world.Suffix}; \"\"citat\"\"\"", lines[1]);
        Assert.Contains($";Elevsida visad;{world.PupilExternalId};", lines[2]);
        Assert.Single(await AuditAsync(world.Admin.Id, AdminLogController.ExportedAction));
    }

    [Fact]
    public async Task RefusedRequest_MentorOpensAnotherMentorsPupil_404AndOneNekadAtkomstEntry()
    {
        var world = await WorldAsync();
        var other = await WorldAsync();
        var client = await SignedInAsync(other.MentorEmail);

        var response = await client.GetAsync($"/elev/{world.PupilId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Sidan finns inte", await response.ReadPageAsync());
        var entry = Assert.Single(await AuditAsync(other.Mentor.Id, AccessAuditMiddleware.RefusedAction));
        Assert.Equal($"GET /elev/{world.PupilId}: 404", entry.Details);
    }

    [Fact]
    public async Task RefusedRequest_StaticFileOrAnonymous_NotAudited()
    {
        var world = await WorldAsync();
        var client = await SignedInAsync(world.MentorEmail);

        await client.GetAsync("/css/finns-inte.css");
        await factory.CreateBrowser().GetAsync($"/elev/{world.PupilId + 100000}");

        Assert.Empty(await AuditAsync(world.Mentor.Id, AccessAuditMiddleware.RefusedAction));
    }

    [Fact]
    public async Task HangfireDashboardPost_ByAdmin_IsAudited()
    {
        var world = await WorldAsync();
        var client = await SignedInAsync(world.AdminEmail);

        await client.PostAsync("/hangfire/recurring/trigger", new FormUrlEncodedContent([new("jobs[]", "finns-inte")]));

        var entry = Assert.Single(await AuditAsync(world.Admin.Id, AccessAuditMiddleware.HangfireAction));
        Assert.StartsWith("POST /hangfire/recurring/trigger", entry.Details);
    }
}
