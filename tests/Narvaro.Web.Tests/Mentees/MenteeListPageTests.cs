using System.Net;
using System.Text.RegularExpressions;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests.Mentees;

/// <summary>
/// /mina-elever: the signed-in mentor's own mentees, most urgent first (overdue tasks, then step, then absence %),
/// today's first-day contacts on top, 50 a page, and a sentence for someone who mentors nobody.
/// </summary>
public sealed partial class MenteeListPageTests(NarvaroWebFactory factory) : IClassFixture<NarvaroWebFactory>
{
    [Fact]
    public async Task MinaElever_ShowsOnlyOwnMenteesMostUrgentFirst_WithLinksToPupilAndTask()
    {
        var world = await MenteeWorld.CreateAsync(factory, pupils: 5, mentees: 4);
        var today = MenteeWorld.Today;
        var p = world.Pupils;
        await world.RenameAsync(p[0], "Alma", "Absent");
        await world.RenameAsync(p[1], "Bo", "Försenad");
        await world.RenameAsync(p[2], "Cleo", "Stegfyra");
        await world.RenameAsync(p[3], "Dan", "Lugn");
        await world.RenameAsync(p[4], "Eva", "Annanselev");
        await world.AddAbsenceAsync(p[0], 30);
        await world.AddAbsenceAsync(p[3], 0);
        var overdueTask = await world.AddTaskAsync(p[1], TaskCatalog.S3Checklist, today.AddDays(-5), today.AddDays(-2), step: 3);
        await world.AddTaskAsync(p[2], TaskCatalog.S4InformRector, today.AddDays(-1), today.AddDays(1), step: 4);
        var client = await world.SignedInMentorAsync();

        var response = await client.GetAsync("/mina-elever");
        var html = await response.ReadPageAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>Mina elever</h1>", html);
        Assert.Contains("<caption>", html);
        Assert.Contains("<th scope=\"col\">", html);
        Assert.Equal(["Bo Försenad", "Cleo Stegfyra", "Alma Absent", "Dan Lugn"], RowNames(html));
        Assert.DoesNotContain("Annanselev", html);
        Assert.Contains($"<a href=\"/elev/{p[1]}\">Bo Försenad</a>", html);
        Assert.Contains($"href=\"/uppgift/{overdueTask}?tillbaka=%2Fmina-elever\"", html);
        Assert.Contains("Försenad</span>", html);
        Assert.Contains("50,0 %", html);
        Assert.Contains("Steg 4", html);
        Assert.Contains("<svg class=\"sparkline\"", html);
        Assert.Contains("Frånvaro per månad:", html);
        Assert.DoesNotContain("<script", html);

        var byName = await (await client.GetAsync("/mina-elever?sortering=namn")).ReadPageAsync();
        Assert.Equal(["Alma Absent", "Bo Försenad", "Cleo Stegfyra", "Dan Lugn"], RowNames(byName));
        Assert.Contains("aria-sort=\"ascending\"><a href=\"/mina-elever?sortering=namn\">Elev</a>", byName);
        Assert.Contains(world.Mentor.Id, (await world.AuditAsync(world.Mentor.Id)).Where(a => a.Action == "Mina elever visad").Select(a => a.UserId));
    }

    [Fact]
    public async Task MinaElever_51Mentees_TwoPagesOf50And1()
    {
        var world = await MenteeWorld.CreateAsync(factory, pupils: 51, mentees: 51);
        var client = await world.SignedInMentorAsync();

        var first = await (await client.GetAsync("/mina-elever")).ReadPageAsync();
        var second = await (await client.GetAsync("/mina-elever?sida=2")).ReadPageAsync();

        Assert.Equal(50, RowNames(first).Count);
        Assert.Single(RowNames(second));
        Assert.Contains("Visar 1–50 av 51", first);
        Assert.Contains("Visar 51–51 av 51", second);
        Assert.Contains("href=\"/mina-elever?sida=2\"", first);
        Assert.Contains("aria-current=\"page\"><strong>Sida 2</strong>", second);
        Assert.Empty(RowNames(first).Intersect(RowNames(second)));
    }

    [Fact]
    public async Task MinaElever_NoMentees_SaysWhy()
    {
        var world = await MenteeWorld.CreateAsync(factory, pupils: 2, mentees: 0);
        var client = await world.SignedInMentorAsync();

        var response = await client.GetAsync("/mina-elever");
        var html = await response.ReadPageAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Du är inte mentor för någon elev just nu.", html);
        Assert.DoesNotContain("<table", html);
    }

    [Fact]
    public async Task MinaElever_FirstDayContacts_StandAtTheTop()
    {
        var world = await MenteeWorld.CreateAsync(factory, pupils: 3, mentees: 3);
        var today = MenteeWorld.Today;
        await world.RenameAsync(world.Pupils[2], "Sara", "Förstadag");
        var contact = await world.AddTaskAsync(world.Pupils[2], TaskCatalog.S1Contact, today, today);
        var client = await world.SignedInMentorAsync();

        var html = await (await client.GetAsync("/mina-elever")).ReadPageAsync();

        var heading = html.IndexOf("Kontakta vårdnadshavare i dag", StringComparison.Ordinal);
        Assert.True(heading > 0, "The first-day contacts are missing.");
        Assert.True(heading < html.IndexOf("<table", StringComparison.Ordinal));
        var link = html.IndexOf($"/uppgift/{contact}?tillbaka", StringComparison.Ordinal);
        Assert.InRange(link, heading, html.IndexOf("<table", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MinaElever_SignedOut_GoesToLogin()
    {
        var response = await factory.CreateBrowser().GetAsync("/mina-elever");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/konto/logga-in", response.Headers.Location?.PathAndQuery);
    }

    private static List<string> RowNames(string html) =>
        RowHeader().Matches(html).Select(m => m.Groups["name"].Value).ToList();

    [GeneratedRegex("<th scope=\"row\"><a href=\"/elev/\\d+\">(?<name>[^<]+)</a></th>")]
    private static partial Regex RowHeader();
}
