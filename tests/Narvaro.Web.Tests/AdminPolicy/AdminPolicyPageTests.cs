using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Web.Features.AdminPolicy;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests.AdminPolicy;

/// <summary>/admin/policy: admin only, their huvudman's policy, Swedish messages at the fields, history, audited.</summary>
public sealed partial class AdminPolicyPageTests(NarvaroWebFactory factory) : IClassFixture<NarvaroWebFactory>
{
    private async Task<(Organisation Organisation, School School, StaffUser Admin, HttpClient Client)> AdminAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var organisation = await factory.AddOrganisationAsync($"Kommun {suffix}");
        var school = await factory.AddSchoolAsync(organisation, $"Skola {suffix}", 1);
        var email = $"admin.{suffix}@skola.test";
        var admin = await factory.AddStaffAsync(email, "Ada Admin", StaffRoles.Admin, school);
        var client = factory.CreateBrowser();
        await client.LogInOrFailAsync(email);
        return (organisation, school, admin, client);
    }

    private static Dictionary<string, string> FormOf(string html)
    {
        var form = new Dictionary<string, string>();
        foreach (Match m in InputRegex().Matches(html))
        {
            var type = m.Groups["type"].Value;
            if (type is "checkbox" or "radio" && !m.Value.Contains(" checked")) continue;
            form[WebUtility.HtmlDecode(m.Groups["name"].Value)] = WebUtility.HtmlDecode(m.Groups["value"].Value);
        }
        foreach (Match m in SelectRegex().Matches(html))
        {
            var selected = Regex.Match(m.Value, "<option value=\"(?<v>[^\"]*)\" selected");
            form[WebUtility.HtmlDecode(m.Groups["name"].Value)] = selected.Success ? selected.Groups["v"].Value : "";
        }
        form["__RequestVerificationToken"] = Browser.AntiforgeryToken(html);
        return form;
    }

    [GeneratedRegex("<input type=\"(?<type>[a-z]+)\"[^>]*?name=\"(?<name>[^\"]+)\"[^>]*?value=\"(?<value>[^\"]*)\"[^>]*>")]
    private static partial Regex InputRegex();

    [GeneratedRegex("<select id=\"[^\"]*\" name=\"(?<name>[^\"]+)\"[\\s\\S]*?</select>")]
    private static partial Regex SelectRegex();

    [Fact]
    public async Task Policy_Admin_SeesTheHuvudmansPolicy_AndIsAudited()
    {
        var (organisation, _, admin, client) = await AdminAsync();

        var response = await client.GetAsync("/admin/policy");
        var html = await response.ReadPageAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<h1>Policy för {organisation.Name}</h1>", html);
        Assert.Contains("id=\"ChecklistThresholdPercent\" name=\"ChecklistThresholdPercent\" value=\"10\"", html);
        Assert.Contains("<legend>Arbetssätt</legend>", html);
        Assert.Contains("Policyn har inte ändrats här ännu.", html);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.UserId == admin.Id && a.Action == AdminPolicyController.ViewedAction));
    }

    [Theory]
    [InlineData(StaffRoles.Rektor)]
    [InlineData(StaffRoles.Skolchef)]
    public async Task Policy_NotAdmin_IsRefused(string role)
    {
        var (_, school, _, _) = await AdminAsync();
        var email = $"{role}.{Guid.NewGuid():N}@skola.test";
        await factory.AddStaffAsync(email, "Annan", role, school);
        var client = factory.CreateBrowser();
        await client.LogInOrFailAsync(email);

        var response = await client.GetAsync("/admin/policy");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/konto/nekad", response.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task Save_Step3AboveStep4_SwedishMessageAtFieldAndSummary_NothingSaved()
    {
        var (organisation, _, _, client) = await AdminAsync();
        var form = FormOf(await (await client.GetAsync("/admin/policy")).ReadPageAsync());
        form["ChecklistThresholdPercent"] = "16";

        var html = await (await client.PostAsync("/admin/policy", new FormUrlEncodedContent(form))).ReadPageAsync();

        const string message = "Gränsen för EHT (steg 4) måste vara högre än gränsen för checklista (steg 3).";
        Assert.Contains($"<a href=\"#ChecklistThresholdPercent\">{message}</a>", html);
        Assert.Contains($"id=\"ChecklistThresholdPercent-fel\">{message}", html);
        Assert.Contains("value=\"16\"", html);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        Assert.Equal(10m, (await db.Organisations.SingleAsync(o => o.Id == organisation.Id)).Policy.ChecklistThresholdPercent);
        Assert.False(await db.PolicyChanges.AnyAsync(c => c.OrganisationId == organisation.Id));
    }

    [Theory]
    [InlineData("WindowDays", "trettio", "Mätperioden måste vara ett heltal")]
    [InlineData("Tasks[0].DueDays", "61", "måste vara ett heltal mellan 0 och 60")]
    [InlineData("EhtMeetingDay", "Saturday", "EHT-mötesdagen måste vara en vardag")]
    public async Task Save_BadValue_SwedishMessage(string field, string value, string message)
    {
        var (_, _, _, client) = await AdminAsync();
        var form = FormOf(await (await client.GetAsync("/admin/policy")).ReadPageAsync());
        form[field] = value;

        var html = await (await client.PostAsync("/admin/policy", new FormUrlEncodedContent(form))).ReadPageAsync();

        Assert.Contains("class=\"error-summary\"", html);
        Assert.Contains(message, html);
    }

    [Fact]
    public async Task Save_Changed_RedirectsWithConfirmation_HistoryShowsLines_UnchangedSaveWritesNothing()
    {
        var (organisation, _, admin, client) = await AdminAsync();
        var form = FormOf(await (await client.GetAsync("/admin/policy")).ReadPageAsync());
        form["ChecklistThresholdPercent"] = "12";
        form["InactivityLimitDays"] = "7";

        var response = await client.PostAsync("/admin/policy", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var html = await (await client.GetAsync("/admin/policy")).ReadPageAsync();

        Assert.Contains("Policyn är sparad.", html);
        Assert.Contains("<li>Gräns för steg 3: 10 % → 12 %</li>", html);
        Assert.Contains("<li>Dagar utan åtgärd innan ärendet markeras: 14 → 7</li>", html);
        Assert.Contains("Ada Admin", html);

        var again = FormOf(html);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/admin/policy", new FormUrlEncodedContent(again))).StatusCode);
        Assert.Contains("Inget ändrades", await (await client.GetAsync("/admin/policy")).ReadPageAsync());

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        var change = Assert.Single(await db.PolicyChanges.Where(c => c.OrganisationId == organisation.Id).ToListAsync());
        Assert.Equal(admin.Id, change.ChangedByUserId);
        Assert.Equal(SwedishTime.Today(TimeProvider.System).AddDays(1), change.EffectiveFrom);
        var policy = (await db.Organisations.SingleAsync(o => o.Id == organisation.Id)).Policy;
        Assert.Equal(12m, policy.ChecklistThresholdPercent);
        Assert.Equal(7, policy.InactivityLimitDays);
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.UserId == admin.Id && a.Action == PolicyAdministration.ChangedAction));
    }

    [Fact]
    public async Task EhtMeetingDay_SetOnThePolicyPage_IsTheNextMeetingOnTheEhtPage_WhenTheRectorHasSetNoDate()
    {
        var (_, school, _, client) = await AdminAsync();
        var kuratorEmail = $"kurator.{Guid.NewGuid():N}@skola.test";
        await factory.AddStaffAsync(kuratorEmail, "Kim Kurator", StaffRoles.Skolkurator, school);
        var kurator = factory.CreateBrowser();
        await kurator.LogInOrFailAsync(kuratorEmail);
        Assert.Contains("Inget kommande EHT-möte är inlagt.", await (await kurator.GetAsync("/eht")).ReadPageAsync());

        var form = FormOf(await (await client.GetAsync("/admin/policy")).ReadPageAsync());
        form["EhtMeetingDay"] = nameof(DayOfWeek.Thursday);
        form["EhtMeetingEveryWeeks"] = "2";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/admin/policy", new FormUrlEncodedContent(form))).StatusCode);
        Assert.Contains("<li>EHT-mötesdag: ingen fast dag → torsdag</li>", await (await client.GetAsync("/admin/policy")).ReadPageAsync());

        // The first Thursday from today in an even ISO week.
        var today = SwedishTime.Today(TimeProvider.System);
        var expected = Enumerable.Range(0, 14).Select(today.AddDays)
            .First(d => d.DayOfWeek == DayOfWeek.Thursday && System.Globalization.ISOWeek.GetWeekOfYear(d.ToDateTime(TimeOnly.MinValue)) % 2 == 0);
        var eht = await (await kurator.GetAsync("/eht")).ReadPageAsync();
        Assert.DoesNotContain("Inget kommande EHT-möte är inlagt.", eht);
        Assert.Contains($"Dagordning för nästa EHT-möte {SwedishDates.Date(expected)}</h2>", eht);
    }
}
