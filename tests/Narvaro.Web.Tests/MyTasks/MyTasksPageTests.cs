using System.Net;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Web.Tests.Infrastructure;
using Narvaro.Web.Tests.Mentees;
using static Narvaro.Web.Tests.Mentees.TaskForms;

namespace Narvaro.Web.Tests.MyTasks;

/// <summary>
/// /mina-uppgifter: the mentor, the rector and the kurator each see exactly their own tasks; the menu counts new and
/// overdue ones; the kurator completes their S4-SKOLSOCIAL on /uppgift/{id} with a date and a note; another school's
/// kurator gets 404; every view is audited once.
/// </summary>
public sealed class MyTasksPageTests(NarvaroWebFactory factory) : IClassFixture<NarvaroWebFactory>
{
    private static DateOnly Today => MenteeWorld.Today;

    private sealed record School1(MenteeWorld World, StaffUser Rector, StaffUser Kurator, string RectorEmail, string KuratorEmail,
        int MentorTask, int OtherMentorsTask, int RectorTask, int KuratorTask, int EhtTask);

    /// <summary>
    /// Three pupils, the mentor has the first two. The S4-SKOLSOCIAL is the kurator's: a huvudman whose policy gives the
    /// skolsocial kartläggning to the skolkurator (Trosa's default gives the commission to the rector).
    /// </summary>
    private async Task<School1> SchoolAsync()
    {
        var world = await MenteeWorld.CreateAsync(factory, pupils: 3, mentees: 2);
        var rectorEmail = $"rektor.{world.Suffix}@skola.test";
        var kuratorEmail = $"kurator.{world.Suffix}@skola.test";
        var rector = await factory.AddStaffAsync(rectorEmail, "Rut Rektor", StaffRoles.Rektor, world.School);
        var kurator = await factory.AddStaffAsync(kuratorEmail, "Kim Kurator", StaffRoles.Skolkurator, world.School);
        var mentorTask = await world.AddTaskAsync(world.Pupils[0], TaskCatalog.S3Followup, Today.AddDays(-8), Today.AddDays(-1), step: 4);
        var otherMentors = await world.AddTaskAsync(world.Pupils[2], TaskCatalog.S3Checklist, Today.AddDays(-1), Today.AddDays(2), step: 3);
        var rectorTask = await world.AddTaskAsync(world.Pupils[1], TaskCatalog.S4Huvudman, Today.AddDays(-1), Today.AddDays(2), step: 4, role: "Rektor");
        var kuratorTask = await world.AddTaskAsync(world.Pupils[0], TaskCatalog.S4Skolsocial, Today.AddDays(-5), Today.AddDays(-2), step: 4, role: "Skolkurator");
        var ehtTask = await world.AddTaskAsync(world.Pupils[1], TaskCatalog.S4Eht, Today.AddDays(-1), Today.AddDays(13), step: 4, role: "EHT");
        return new School1(world, rector, kurator, rectorEmail, kuratorEmail, mentorTask, otherMentors, rectorTask, kuratorTask, ehtTask);
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = factory.CreateBrowser();
        await client.LogInOrFailAsync(email);
        return client;
    }

    private static string TaskLinks(string html) =>
        string.Join(",", System.Text.RegularExpressions.Regex.Matches(html, "href=\"/uppgift/(\\d+)\\?").Select(m => m.Groups[1].Value));

    [Fact]
    public async Task MentorRectorAndKurator_EachSeeExactlyTheirOwnTasks()
    {
        var s = await SchoolAsync();

        var mentor = await (await (await s.World.SignedInMentorAsync()).GetAsync("/mina-uppgifter")).ReadPageAsync();
        var rector = await (await (await SignedInAsync(s.RectorEmail)).GetAsync("/mina-uppgifter")).ReadPageAsync();
        var kurator = await (await (await SignedInAsync(s.KuratorEmail)).GetAsync("/mina-uppgifter")).ReadPageAsync();

        Assert.Equal($"{s.MentorTask}", TaskLinks(mentor));
        Assert.Equal($"{s.RectorTask},{s.EhtTask}", TaskLinks(rector));
        // Due first: the overdue skolsocial before the EHT evaluation.
        Assert.Equal($"{s.KuratorTask},{s.EhtTask}", TaskLinks(kurator));
        Assert.Contains("<h1>Mina uppgifter</h1>", kurator);
        Assert.Contains("<caption>Öppna uppgifter (2), den som ska vara klar först överst</caption>", kurator);
        Assert.Contains("Försenad", kurator);
        Assert.Contains("Ge skolkurator uppdrag att göra en skolsocial kartläggning (bilaga 2)", kurator);

        // Who may read the pupil page: the mentor and the rector get a link, the kurator the name and class only.
        Assert.Contains($"href=\"/elev/{s.World.Pupils[0]}\"", mentor);
        Assert.Contains($"href=\"/elev/{s.World.Pupils[1]}\"", rector);
        Assert.DoesNotContain("href=\"/elev/", kurator);
        Assert.Contains("Elev Nummer 1", kurator);
        Assert.Contains(s.World.School.Name, kurator);
    }

    [Fact]
    public async Task Menu_ShowsTheNewAndOverdueCount_OnEveryPage()
    {
        var s = await SchoolAsync();
        var mentor = await s.World.SignedInMentorAsync();
        var kurator = await SignedInAsync(s.KuratorEmail);
        var rector = await SignedInAsync(s.RectorEmail);

        Assert.Contains("<a href=\"/mina-uppgifter\">Mina uppgifter (1 försenad)</a>", await (await mentor.GetAsync("/")).ReadPageAsync());
        Assert.Contains("Mina uppgifter (1 ny, 1 försenad)", await (await kurator.GetAsync("/")).ReadPageAsync());
        Assert.Contains("Mina uppgifter (2 nya)", await (await rector.GetAsync("/")).ReadPageAsync());
        Assert.Contains("aria-current=\"page\">Mina uppgifter (2 nya)</a>", await (await rector.GetAsync("/mina-uppgifter")).ReadPageAsync());

        // Someone with no tasks has the item without a count, and the page says why.
        var email = $"skolchef.{s.World.Suffix}@skola.test";
        await factory.AddStaffAsync(email, "Sara Skolchef", StaffRoles.Skolchef, s.World.School);
        var chief = await SignedInAsync(email);
        var page = await (await chief.GetAsync("/mina-uppgifter")).ReadPageAsync();
        Assert.Contains("<a href=\"/mina-uppgifter\" aria-current=\"page\">Mina uppgifter</a>", page);
        Assert.Contains("Du har inga uppgifter just nu.", page);
        Assert.Contains("Du är inte mentor för någon elev och har ingen av de rollerna på en skola", page);
    }

    [Fact]
    public async Task Kurator_CompletesTheSkolsocialTask_WithDateAndNote_AndIsBackOnMinaUppgifter()
    {
        var s = await SchoolAsync();
        var client = await SignedInAsync(s.KuratorEmail);
        var list = await (await client.GetAsync("/mina-uppgifter")).ReadPageAsync();
        var link = $"/uppgift/{s.KuratorTask}?tillbaka=%2Fmina-uppgifter";
        Assert.Contains(link, list);

        var page = await (await client.GetAsync(link)).ReadPageAsync();
        Assert.Contains("<h1>Ge skolkurator uppdrag att göra en skolsocial kartläggning (bilaga 2)</h1>", page);
        Assert.Contains("type=\"date\" id=\"Completion-DoneOn\"", page);
        Assert.DoesNotContain("href=\"/elev/", page);

        var response = await client.PostTaskAsync(s.KuratorTask, "klar", new Dictionary<string, string>
        {
            ["Completion.DoneOn"] = Iso(Today.AddDays(-1)),
            ["Completion.Note"] = "Kartläggningen är påbörjad, samtal med eleven bokat.",
            ["tillbaka"] = "/mina-uppgifter",
        }, tokenFrom: link);

        AssertStatus(HttpStatusCode.Redirect, response);
        Assert.Equal("/mina-uppgifter", response.Headers.Location?.OriginalString);
        var task = await s.World.TaskAsync(s.KuratorTask);
        Assert.Equal((CaseTaskStatus.Done, Today.AddDays(-1), s.Kurator.Id), (task.Status, task.DoneOn, task.DoneByUserId));
        Assert.Equal("Kartläggningen är påbörjad, samtal med eleven bokat.", task.Note);
        var after = await (await client.GetAsync("/mina-uppgifter")).ReadPageAsync();
        Assert.Contains("Uppgiften är klarmarkerad.", after);
        var done = after[after.IndexOf("<caption>Klara de senaste 14 dagarna (1)", StringComparison.Ordinal)..];
        Assert.Contains($"/uppgift/{s.KuratorTask}?", done);
        Assert.Contains("Mina uppgifter (1 ny)", after);
        Assert.Contains(await s.World.AuditAsync(s.Kurator.Id), a => a.Action == "Uppgift klarmarkerad" && a.PupilId == s.World.Pupils[0]);

        // The rector completes their own Rektor task too (without a return address: back to Mina uppgifter, as they
        // mentor nobody); the mentor only reads it.
        var mentorPage = await (await (await s.World.SignedInMentorAsync()).GetAsync($"/uppgift/{s.RectorTask}")).ReadPageAsync();
        Assert.Contains("Uppgiften är för rektor. Du kan läsa den men inte klarmarkera den här.", mentorPage);
        var rector = await SignedInAsync(s.RectorEmail);
        var rectorPost = await rector.PostTaskAsync(s.RectorTask, "klar", new Dictionary<string, string> { ["Completion.DoneOn"] = Iso(Today) });
        AssertStatus(HttpStatusCode.Redirect, rectorPost);
        Assert.Equal("/mina-uppgifter", rectorPost.Headers.Location?.OriginalString);
        Assert.Equal(CaseTaskStatus.Done, (await s.World.TaskAsync(s.RectorTask)).Status);
    }

    [Fact]
    public async Task AnotherSchoolsKurator_Gets404_AndSeesNothingOfThisSchool()
    {
        var s = await SchoolAsync();
        var elsewhere = await factory.AddSchoolAsync(await factory.AddOrganisationAsync($"Annan {s.World.Suffix}"), $"Annan {s.World.Suffix}", 1);
        var email = $"kurator2.{s.World.Suffix}@skola.test";
        var other = await factory.AddStaffAsync(email, "Kalle Kurator", StaffRoles.Skolkurator, elsewhere);
        var client = await SignedInAsync(email);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/uppgift/{s.KuratorTask}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/uppgift/{s.EhtTask}")).StatusCode);
        var post = await client.PostTaskAsync(s.KuratorTask, "klar", new Dictionary<string, string> { ["Completion.DoneOn"] = Iso(Today) });
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(CaseTaskStatus.Open, (await s.World.TaskAsync(s.KuratorTask)).Status);

        var list = await (await client.GetAsync("/mina-uppgifter")).ReadPageAsync();
        Assert.Equal("", TaskLinks(list));
        Assert.Contains("Du har inga öppna uppgifter och ingen som blivit klar de senaste 14 dagarna.", list);
        // The school's own kurator reads only their tasks: the mentor's task is not theirs and its pupil not theirs to read.
        var kurator = await SignedInAsync(s.KuratorEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await kurator.GetAsync($"/uppgift/{s.MentorTask}")).StatusCode);
        Assert.DoesNotContain(await s.World.AuditAsync(other.Id), a => a.PupilId is not null);
    }

    [Fact]
    public async Task EveryView_IsAuditedOnce_AndTheFilterIsInTheAddress()
    {
        var s = await SchoolAsync();
        var client = await s.World.SignedInMentorAsync();
        await s.World.WithDatabaseAsync(async db =>
        {
            var task = await db.Tasks.FindAsync(s.MentorTask);
            (task!.Status, task.DoneOn, task.DoneByUserId) = (CaseTaskStatus.Done, Today, s.World.Mentor.Id);
            return await db.SaveChangesAsync();
        });
        var open = await s.World.AddTaskAsync(s.World.Pupils[1], TaskCatalog.S5Weekly, Today, Today.AddDays(7), step: 5);

        var all = await (await client.GetAsync("/mina-uppgifter")).ReadPageAsync();
        var onlyOpen = await (await client.GetAsync("/mina-uppgifter?visa=oppna")).ReadPageAsync();
        var onlyDone = await (await client.GetAsync("/mina-uppgifter?visa=klara")).ReadPageAsync();

        Assert.Equal($"{open},{s.MentorTask}", TaskLinks(all));
        Assert.Equal($"{open}", TaskLinks(onlyOpen));
        Assert.Equal($"{s.MentorTask}", TaskLinks(onlyDone));
        Assert.Contains("id=\"visa-klara\" name=\"visa\" value=\"klara\" checked=\"checked\"", onlyDone);
        Assert.Contains($"/uppgift/{open}?tillbaka=%2Fmina-uppgifter%3Fvisa%3Doppna", onlyOpen);
        var views = (await s.World.AuditAsync(s.World.Mentor.Id)).Where(a => a.Action == "Mina uppgifter visad").ToList();
        Assert.Equal(3, views.Count);
        Assert.Equal(["2 uppgifter (alla), sida 1 av 1", "1 uppgift (oppna), sida 1 av 1", "1 uppgift (klara), sida 1 av 1"], views.Select(v => v.Details));
    }
}
