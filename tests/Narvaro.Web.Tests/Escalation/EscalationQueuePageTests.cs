using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Web.Tests.Infrastructure;
using Narvaro.Web.Tests.Mentees;

namespace Narvaro.Web.Tests.Escalation;

/// <summary>
/// /eskalering: the rector's open cases of their own school only, M first, filtered by the query string, a Swedish
/// message for a filter value that cannot be used (never a 500), one audit entry per view; others are refused.
/// </summary>
public sealed partial class EscalationQueuePageTests(NarvaroWebFactory factory) : IClassFixture<NarvaroWebFactory>
{
    private sealed record Queue(MenteeWorld World, string RectorEmail, string RectorId, int OverdueTask, int MTask);

    /// <summary>One school with four pupils: an M case, a step-3 case with an overdue task, a step-4 case, and no case.</summary>
    private async Task<Queue> SchoolWithCasesAsync()
    {
        var world = await MenteeWorld.CreateAsync(factory, pupils: 4, mentees: 4);
        var today = MenteeWorld.Today;
        var p = world.Pupils;
        await world.RenameAsync(p[0], "Mira", "Emm");
        await world.RenameAsync(p[1], "Olle", "Försenad");
        await world.RenameAsync(p[2], "Stina", "Stegfyra");
        await world.RenameAsync(p[3], "Utan", "Ärende");
        var mTask = await world.AddTaskAsync(p[0], TaskCatalog.MReport, today.AddDays(-2), today.AddDays(1), step: 0, role: "Rektor");
        await world.WithDatabaseAsync(async db =>
        {
            var @case = await db.Cases.SingleAsync(c => c.PupilId == p[0] && c.ClosedOn == null);
            @case.ContinuousInvalid = true;
            return await db.SaveChangesAsync();
        });
        var overdue = await world.AddTaskAsync(p[1], TaskCatalog.S3Checklist, today.AddDays(-20), today.AddDays(-17), step: 3);
        await world.AddTaskAsync(p[2], TaskCatalog.S4Skolsocial, today.AddDays(-1), today.AddDays(2), step: 4, role: "Rektor");
        await world.AddAbsenceAsync(p[2], 30);
        var email = $"rektor.{world.Suffix}@skola.test";
        var rector = await factory.AddStaffAsync(email, "Rut Rektor", StaffRoles.Rektor, world.School);
        return new Queue(world, email, rector.Id, overdue, mTask);
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = factory.CreateBrowser();
        await client.LogInOrFailAsync(email);
        return client;
    }

    [Fact]
    public async Task Eskalering_Rector_SeesOwnSchoolsOpenCases_MFirst_WithLinks_AndIsAudited()
    {
        var queue = await SchoolWithCasesAsync();
        var other = await SchoolWithCasesAsync();
        await other.World.RenameAsync(other.World.Pupils[0], "Annan", "Skolaselev");
        var client = await SignedInAsync(queue.RectorEmail);

        var response = await client.GetAsync("/eskalering");
        var html = await response.ReadPageAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>Eskaleringskö</h1>", html);
        Assert.Contains("<a href=\"/eskalering\">Eskaleringskö</a>", html);
        Assert.Contains("<caption>", html);
        Assert.Equal(["Mira Emm", "Olle Försenad", "Stina Stegfyra"], RowNames(html));
        Assert.DoesNotContain("Skolaselev", html);
        Assert.DoesNotContain("Utan Ärende", html);
        var p = queue.World.Pupils;
        Assert.Contains($"<a href=\"/elev/{p[1]}\">Olle Försenad</a>", html);
        Assert.Contains($"href=\"/uppgift/{queue.OverdueTask}?tillbaka=%2Feskalering\"", html);
        Assert.Contains($"href=\"/uppgift/{queue.MTask}?tillbaka=%2Feskalering\"", html);
        Assert.Contains("Försenad</span>", html);
        Assert.Contains("Ingen åtgärd på 20 dagar", html);
        Assert.Contains("Mer än 14 dagar", html);
        Assert.Contains("Öppna ärenden: 3", html);
        Assert.Contains("Steg 4", html);
        Assert.Contains(">M</span>", html);
        Assert.Contains("Rektor, senast", html);
        Assert.Contains("Visar 1–3 av 3", html);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.DoesNotContain("<script", html);

        var audit = await queue.World.AuditAsync(queue.RectorId);
        var entry = Assert.Single(audit, a => a.Action == "Eskaleringskö visad");
        Assert.Equal("3 av 3 öppna ärenden, sida 1 av 1", entry.Details);
    }

    [Fact]
    public async Task Eskalering_FiltersFromTheQueryString_KeptInTheForm()
    {
        var queue = await SchoolWithCasesAsync();
        var client = await SignedInAsync(queue.RectorEmail);

        var overdue = await (await client.GetAsync("/eskalering?forsenade=ja")).ReadPageAsync();
        Assert.Equal(["Olle Försenad"], RowNames(overdue));
        Assert.Matches("id=\"forsenade\" name=\"forsenade\" value=\"ja\" checked", overdue);
        Assert.Contains("Öppna ärenden: 3", overdue);

        Assert.Equal(["Mira Emm"], RowNames(await (await client.GetAsync("/eskalering?m=ja")).ReadPageAsync()));
        var step4 = await (await client.GetAsync("/eskalering?steg=4")).ReadPageAsync();
        Assert.Equal(["Stina Stegfyra"], RowNames(step4));
        Assert.Contains("<option value=\"4\" selected=\"selected\">Steg 4</option>", step4);
        Assert.Equal(["Olle Försenad"], RowNames(await (await client.GetAsync("/eskalering?dagar=15")).ReadPageAsync()));
        var classId = await queue.World.WithDatabaseAsync(db => db.Pupils.Where(x => x.Id == queue.World.Pupils[0]).Select(x => x.ClassId).SingleAsync());
        Assert.Equal(3, RowNames(await (await client.GetAsync($"/eskalering?klass={classId}&mentor={queue.World.Mentor.Id}")).ReadPageAsync()).Count);

        var none = await (await client.GetAsync("/eskalering?steg=5")).ReadPageAsync();
        Assert.Contains("Inga öppna ärenden matchar filtret (steg 5).", none);
        Assert.DoesNotContain("<table", none);
    }

    [Theory]
    [InlineData("steg=9", "Steget finns inte.")]
    [InlineData("steg=abc", "Steget finns inte.")]
    [InlineData("dagar=tio", "Ange antal dagar som ett heltal mellan 0 och 365")]
    [InlineData("dagar=-3", "Ange antal dagar som ett heltal mellan 0 och 365")]
    [InlineData("dagar=99999999999", "Ange antal dagar som ett heltal mellan 0 och 365")]
    [InlineData("klass=x", "Klassen finns inte på din skola.")]
    [InlineData("klass=999999", "Klassen finns inte på din skola.")]
    [InlineData("mentor=okand", "Mentorn har inga öppna ärenden på din skola.")]
    [InlineData("forsenade=kanske", "Rutan kan bara vara ikryssad eller inte.")]
    [InlineData("sida=xyz&steg=%00", "Steget finns inte.")]
    public async Task Eskalering_BadFilterValue_SwedishMessageAndTheListWithoutIt(string query, string message)
    {
        var queue = await SchoolWithCasesAsync();
        var client = await SignedInAsync(queue.RectorEmail);

        var response = await client.GetAsync("/eskalering?" + query);
        var html = await response.ReadPageAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("class=\"error-summary\"", html);
        Assert.Contains(message, html);
        Assert.Contains("class=\"field-error\"", html);
        Assert.Equal(3, RowNames(html).Count);
    }

    [Theory]
    [InlineData(StaffRoles.Mentor)]
    [InlineData(StaffRoles.Skolkurator)]
    [InlineData(StaffRoles.Specialpedagog)]
    public async Task Eskalering_NotARector_IsRefusedAndSeesNoMenuItem(string role)
    {
        var queue = await SchoolWithCasesAsync();
        var email = $"{role.ToLowerInvariant()}.{Guid.NewGuid():N}@skola.test";
        var user = await factory.AddStaffAsync(email, "Annan Personal", role, queue.World.School);
        if (role == StaffRoles.Mentor) await factory.MakeMentorAsync(user, queue.World.School, 1);
        var client = await SignedInAsync(email);

        var response = await client.GetAsync("/eskalering");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/konto/nekad", response.Headers.Location?.AbsolutePath);
        Assert.DoesNotContain("/eskalering", await (await client.GetAsync("/")).ReadPageAsync());
        Assert.DoesNotContain(await queue.World.AuditAsync(user.Id), a => a.Action == "Eskaleringskö visad");
    }

    [Fact]
    public async Task Eskalering_51Cases_TwoPages_LinksKeepTheFilter()
    {
        var world = await MenteeWorld.CreateAsync(factory, pupils: 52, mentees: 52);
        var today = MenteeWorld.Today;
        await world.WithDatabaseAsync(async db =>
        {
            foreach (var pupilId in world.Pupils.Take(51))
                db.Cases.Add(new AbsenceCase { PupilId = pupilId, OpenedOn = today.AddDays(-20), Step = 3 });
            return await db.SaveChangesAsync();
        });
        var email = $"rektor.{world.Suffix}@skola.test";
        await factory.AddStaffAsync(email, "Rut Rektor", StaffRoles.Rektor, world.School);
        var client = await SignedInAsync(email);

        var first = await (await client.GetAsync("/eskalering?steg=3&dagar=14")).ReadPageAsync();
        var second = await (await client.GetAsync("/eskalering?steg=3&dagar=14&sida=2")).ReadPageAsync();

        Assert.Equal(50, RowNames(first).Count);
        Assert.Single(RowNames(second));
        Assert.Contains("Visar 1–50 av 51", first);
        Assert.Contains("Visar 51–51 av 51", second);
        Assert.Contains("href=\"/eskalering?steg=3&dagar=14&sida=2\"", first);
        Assert.Contains("aria-current=\"page\"><strong>Sida 2</strong>", second);
        Assert.Contains("Öppna ärenden: 51", second);
    }

    [Fact]
    public async Task Eskalering_SignedOut_GoesToLogin()
    {
        var response = await factory.CreateBrowser().GetAsync("/eskalering");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/konto/logga-in", response.Headers.Location?.PathAndQuery);
    }

    private static List<string> RowNames(string html) =>
        RowHeader().Matches(html).Select(m => m.Groups["name"].Value).ToList();

    [GeneratedRegex("<th scope=\"row\"><a href=\"/elev/\\d+\">(?<name>[^<]+)</a>")]
    private static partial Regex RowHeader();
}
