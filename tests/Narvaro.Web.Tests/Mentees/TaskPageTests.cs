using System.Net;
using Microsoft.EntityFrameworkCore;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Web.Tests.Infrastructure;
using static Narvaro.Web.Tests.Mentees.TaskForms;

namespace Narvaro.Web.Tests.Mentees;

/// <summary>
/// /uppgift/{id}: the mentor completes a task with a date and a note, records contacts with the guardian (not reached
/// stays open and lists the attempt; reached completes it), gets Swedish messages and no change for wrong input; the
/// rector reads; anyone else gets 404. Every view and change is audited.
/// </summary>
public sealed class TaskPageTests(NarvaroWebFactory factory) : IClassFixture<NarvaroWebFactory>
{
    private static DateOnly Today => MenteeWorld.Today;

    [Fact]
    public async Task CompleteTask_WithDateAndNote_RedirectsBackWithConfirmation_AndIsAudited()
    {
        var world = await MenteeWorld.CreateAsync(factory, pupils: 2, mentees: 2);
        var taskId = await world.AddTaskAsync(world.Pupils[0], TaskCatalog.S3Checklist, Today.AddDays(-3), Today.AddDays(1), step: 3);
        var client = await world.SignedInMentorAsync();

        var page = await (await client.GetAsync($"/uppgift/{taskId}")).ReadPageAsync();
        Assert.Contains("<h1>Samtal med elev och vårdnadshavare, fyll i Checklista vid frånvaro (bilaga 1), kopia till rektor</h1>", page);
        Assert.Contains("type=\"date\" id=\"Completion-DoneOn\"", page);
        Assert.DoesNotContain("Contact.Method", page);

        var response = await client.PostTaskAsync(taskId, "klar", new Dictionary<string, string>
        {
            ["Completion.DoneOn"] = Iso(Today.AddDays(-1)),
            ["Completion.Note"] = "Samtal med eleven och pappa. Checklistan är skickad till rektor.",
            ["tillbaka"] = "/mina-elever?sortering=namn",
        });

        AssertStatus(HttpStatusCode.Redirect, response);
        Assert.Equal("/mina-elever?sortering=namn", response.Headers.Location?.OriginalString);
        var task = await world.TaskAsync(taskId);
        Assert.Equal((CaseTaskStatus.Done, Today.AddDays(-1), world.Mentor.Id), (task.Status, task.DoneOn, task.DoneByUserId));
        Assert.Equal("Samtal med eleven och pappa. Checklistan är skickad till rektor.", task.Note);
        var list = await (await client.GetAsync(response.Headers.Location!.OriginalString)).ReadPageAsync();
        Assert.Contains("Uppgiften är klarmarkerad.", list);
        Assert.DoesNotContain($"/uppgift/{taskId}?", list);

        var audit = await world.AuditAsync(world.Mentor.Id);
        Assert.Contains(audit, a => a.Action == "Uppgift visad" && a.PupilId == world.Pupils[0] && a.SchoolId == world.School.Id);
        Assert.Contains(audit, a => a.Action == "Uppgift klarmarkerad" && a.PupilId == world.Pupils[0]);
    }

    [Fact]
    public async Task Contact_NotReached_StaysOpenAndListsTheAttempt_ThenReached_CompletesIt()
    {
        var world = await MenteeWorld.CreateAsync(factory, pupils: 1, mentees: 1);
        await world.WithDatabaseAsync(db =>
        {
            db.Guardians.Add(new Guardian { PupilId = world.Pupils[0], Name = "Greta Vårdnadshavare", Phone = "070-123 45 67", Email = "greta@example.se" });
            return db.SaveChangesAsync();
        });
        var taskId = await world.AddTaskAsync(world.Pupils[0], TaskCatalog.S1Contact, Today, Today);
        var client = await world.SignedInMentorAsync();
        var page = await (await client.GetAsync($"/uppgift/{taskId}")).ReadPageAsync();
        Assert.Contains("<legend>Hur kontaktade du vårdnadshavaren?</legend>", page);
        Assert.Contains("type=\"datetime-local\"", page);
        Assert.Contains("Greta Vårdnadshavare", page);
        Assert.Contains("070-123 45 67", page);
        // The form carries its own antiforgery token (not only the layout's logout form).
        var form = page[page.IndexOf("action=\"/uppgift/", StringComparison.Ordinal)..];
        Assert.Contains("__RequestVerificationToken", form[..form.IndexOf("</form>", StringComparison.Ordinal)]);

        var at = new DateTime(Today.Year, Today.Month, Today.Day, 0, 5, 0);
        var notReached = await client.PostTaskAsync(taskId, "kontakt", new Dictionary<string, string>
        {
            ["Contact.Method"] = "Telefon", ["Contact.At"] = IsoLocal(at), ["Contact.Reached"] = "false", ["Contact.Note"] = "Inget svar, lämnade meddelande.",
        });

        AssertStatus(HttpStatusCode.Redirect, notReached);
        Assert.Equal("/mina-elever", notReached.Headers.Location?.OriginalString);
        var open = await world.TaskAsync(taskId);
        Assert.Equal(CaseTaskStatus.Open, open.Status);
        var attempt = Assert.Single(open.ContactAttempts);
        Assert.Equal((ContactMethod.Telefon, false, at), (attempt.Method, attempt.Reached, attempt.At));
        var again = await (await client.GetAsync($"/uppgift/{taskId}")).ReadPageAsync();
        Assert.Contains("Kontaktförsök med vårdnadshavare (1)", again);
        Assert.Contains("Inget svar, lämnade meddelande.", again);
        Assert.Contains("Nej, inte nådd", again);
        Assert.Contains("Kontakta vårdnadshavare i dag", await (await client.GetAsync("/mina-elever")).ReadPageAsync());

        var reached = await client.PostTaskAsync(taskId, "kontakt", new Dictionary<string, string>
        {
            ["Contact.Method"] = "Sms", ["Contact.At"] = IsoLocal(at.AddMinutes(1)), ["Contact.Reached"] = "true", ["Contact.Note"] = "Pappa svarade: eleven är sjuk.",
        });

        AssertStatus(HttpStatusCode.Redirect, reached);
        var done = await world.TaskAsync(taskId);
        Assert.Equal((CaseTaskStatus.Done, Today, 2), (done.Status, done.DoneOn, done.ContactAttempts.Count));
        var list = await (await client.GetAsync("/mina-elever")).ReadPageAsync();
        Assert.Contains("Kontakten med vårdnadshavaren är registrerad och uppgiften är klar.", list);
        Assert.DoesNotContain("Kontakta vårdnadshavare i dag", list);
        Assert.Equal(2, (await world.AuditAsync(world.Mentor.Id)).Count(a => a.Action == "Kontakt med vårdnadshavare registrerad"));
    }

    [Fact]
    public async Task Contact_ProtectedIdentity_HidesTheGuardiansDetails()
    {
        var world = await MenteeWorld.CreateAsync(factory, pupils: 1, mentees: 1);
        await world.WithDatabaseAsync(async db =>
        {
            var pupil = await db.Pupils.SingleAsync(p => p.Id == world.Pupils[0]);
            pupil.ProtectedIdentity = true;
            db.Guardians.Add(new Guardian { PupilId = pupil.Id, Name = "Hemlig Förälder", Phone = "070-999 99 99" });
            return await db.SaveChangesAsync();
        });
        var taskId = await world.AddTaskAsync(world.Pupils[0], TaskCatalog.S1Contact, Today, Today);
        var client = await world.SignedInMentorAsync();

        var page = await (await client.GetAsync($"/uppgift/{taskId}")).ReadPageAsync();

        Assert.Contains("skyddade personuppgifter", page);
        Assert.DoesNotContain("Hemlig Förälder", page);
        Assert.DoesNotContain("070-999 99 99", page);
    }

    public static TheoryData<string, string, string> BadContacts => new()
    {
        { "future", "method", "Tidpunkten kan inte vara senare än nu." },
        { "before raised", "method", "Tidpunkten kan inte vara före" },
        { "missing method", "", "Välj hur du kontaktade vårdnadshavaren." },
        { "long note", "method", "Anteckningen får vara högst 2000 tecken" },
        { "missing reached", "method", "Välj om du nådde vårdnadshavaren." },
        { "bad time", "method", "Värdet 'i går eftermiddag' är inte giltigt för tidpunkten (datum och klockslag)." },
    };

    [Theory]
    [MemberData(nameof(BadContacts))]
    public async Task Contact_WrongInput_ShowsTheMessageLinkedFromTheSummary_AndChangesNothing(string scenario, string method, string message)
    {
        var world = await MenteeWorld.CreateAsync(factory, pupils: 1, mentees: 1);
        var taskId = await world.AddTaskAsync(world.Pupils[0], TaskCatalog.S1Contact, Today.AddDays(-1), Today.AddDays(-1));
        var client = await world.SignedInMentorAsync();
        var at = scenario switch
        {
            "future" => IsoLocal(NowLocal.AddHours(2)),
            "before raised" => IsoLocal(Today.AddDays(-2).ToDateTime(new TimeOnly(15, 0))),
            "bad time" => "i går eftermiddag",
            _ => IsoLocal(Today.AddDays(-1).ToDateTime(new TimeOnly(15, 0))),
        };
        var fields = new Dictionary<string, string>
        {
            ["Contact.At"] = at,
            ["Contact.Note"] = scenario == "long note" ? new string('a', 2001) : "Ringde.",
        };
        if (method.Length > 0) fields["Contact.Method"] = "Telefon";
        if (scenario != "missing reached") fields["Contact.Reached"] = "true";

        var response = await client.PostTaskAsync(taskId, "kontakt", fields);
        var html = await response.ReadPageAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("class=\"error-summary\"", html);
        Assert.Contains(message, html);
        Assert.Matches("<li><a href=\"#Contact-[A-Za-z-]+\">", html);
        var task = await world.TaskAsync(taskId);
        Assert.Equal(CaseTaskStatus.Open, task.Status);
        Assert.Empty(task.ContactAttempts);
    }

    public static TheoryData<string, string> BadCompletions => new()
    {
        { "future", "Datumet kan inte vara senare än i dag." },
        { "before raised", "Datumet kan inte vara före" },
        { "missing", "Ange datum då uppgiften gjordes." },
        { "long note", "Anteckningen får vara högst 2000 tecken" },
    };

    [Theory]
    [MemberData(nameof(BadCompletions))]
    public async Task Complete_WrongInput_ShowsTheMessage_AndChangesNothing(string scenario, string message)
    {
        var world = await MenteeWorld.CreateAsync(factory, pupils: 1, mentees: 1);
        var taskId = await world.AddTaskAsync(world.Pupils[0], TaskCatalog.S3Followup, Today.AddDays(-2), Today.AddDays(5), step: 3);
        var client = await world.SignedInMentorAsync();
        var fields = new Dictionary<string, string>
        {
            ["Completion.Note"] = scenario == "long note" ? new string('ö', 2001) : "Uppföljning gjord.",
        };
        if (scenario != "missing")
            fields["Completion.DoneOn"] = Iso(scenario switch { "future" => Today.AddDays(1), "before raised" => Today.AddDays(-3), _ => Today });

        var response = await client.PostTaskAsync(taskId, "klar", fields);
        var html = await response.ReadPageAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, html);
        Assert.Contains("<a href=\"#Completion-", html);
        var task = await world.TaskAsync(taskId);
        Assert.Equal((CaseTaskStatus.Open, (DateOnly?)null, (string?)null), (task.Status, task.DoneOn, task.Note));
    }

    [Fact]
    public async Task Complete_AContactTaskWithoutTheContact_IsRefused()
    {
        var world = await MenteeWorld.CreateAsync(factory, pupils: 1, mentees: 1);
        var taskId = await world.AddTaskAsync(world.Pupils[0], TaskCatalog.S1Contact, Today, Today);
        var client = await world.SignedInMentorAsync();

        var response = await client.PostTaskAsync(taskId, "klar", new Dictionary<string, string> { ["Completion.DoneOn"] = Iso(Today) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Registrera kontakten med vårdnadshavaren", await response.ReadPageAsync());
        Assert.Equal(CaseTaskStatus.Open, (await world.TaskAsync(taskId)).Status);
    }

    [Fact]
    public async Task Complete_AlreadyDone_SaysSoAndChangesNothing()
    {
        var world = await MenteeWorld.CreateAsync(factory, pupils: 1, mentees: 1);
        var taskId = await world.AddTaskAsync(world.Pupils[0], TaskCatalog.S3Followup, Today.AddDays(-2), Today.AddDays(5), step: 3);
        var client = await world.SignedInMentorAsync();
        // Two tabs: both open the form, the first one completes the task.
        var tabPage = await client.GetAsync($"/uppgift/{taskId}");
        var token = Browser.AntiforgeryToken(await tabPage.Content.ReadAsStringAsync());
        AssertStatus(HttpStatusCode.Redirect, await client.PostTaskAsync(taskId, "klar",
            new Dictionary<string, string> { ["Completion.DoneOn"] = Iso(Today), ["Completion.Note"] = "Första." }));

        var second = await client.PostAsync($"/uppgift/{taskId}/klar", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Completion.DoneOn"] = Iso(Today.AddDays(-1)), ["Completion.Note"] = "Andra.", ["__RequestVerificationToken"] = token,
        }));
        var html = await second.ReadPageAsync();

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("Uppgiften är redan klarmarkerad.", html);
        var task = await world.TaskAsync(taskId);
        Assert.Equal((Today, "Första."), (task.DoneOn, task.Note));
    }

    [Fact]
    public async Task AnotherMentorsTask_And_UnknownTask_Are404_ForGetAndPost()
    {
        var world = await MenteeWorld.CreateAsync(factory, pupils: 2, mentees: 1);
        var other = await world.AddTaskAsync(world.Pupils[1], TaskCatalog.S1Contact, Today, Today);
        var client = await world.SignedInMentorAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/uppgift/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/uppgift/987654321")).StatusCode);
        var contact = await client.PostTaskAsync(other, "kontakt", new Dictionary<string, string>
        {
            ["Contact.Method"] = "Telefon", ["Contact.At"] = IsoLocal(Today.ToDateTime(new TimeOnly(0, 1))), ["Contact.Reached"] = "true",
        });
        var complete = await client.PostTaskAsync(other, "klar", new Dictionary<string, string> { ["Completion.DoneOn"] = Iso(Today) });

        Assert.Equal(HttpStatusCode.NotFound, contact.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, complete.StatusCode);
        var task = await world.TaskAsync(other);
        Assert.Equal(CaseTaskStatus.Open, task.Status);
        Assert.Empty(task.ContactAttempts);
        Assert.DoesNotContain(await world.AuditAsync(world.Mentor.Id), a => a.PupilId == world.Pupils[1]);
    }

    [Fact]
    public async Task Rector_ReadsTheTaskWithoutAForm_AndCannotPost()
    {
        var world = await MenteeWorld.CreateAsync(factory, pupils: 1, mentees: 1);
        var taskId = await world.AddTaskAsync(world.Pupils[0], TaskCatalog.S3Checklist, Today.AddDays(-1), Today.AddDays(2), step: 3);
        var email = $"rektor.{world.Suffix}@skola.test";
        var rector = await factory.AddStaffAsync(email, "Rut Rektor", StaffRoles.Rektor, world.School);
        var client = factory.CreateBrowser();
        await client.LogInOrFailAsync(email);

        var response = await client.GetAsync($"/uppgift/{taskId}");
        var html = await response.ReadPageAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Bara elevens mentor kan klarmarkera den.", html);
        Assert.DoesNotContain("/klar\"", html);
        Assert.Contains(await world.AuditAsync(rector.Id), a => a.Action == "Uppgift visad" && a.PupilId == world.Pupils[0]);

        var post = await client.PostTaskAsync(taskId, "klar", new Dictionary<string, string> { ["Completion.DoneOn"] = Iso(Today) });
        // Forbidden: the app's access-denied page, not the confirmation.
        AssertStatus(HttpStatusCode.Redirect, post);
        Assert.StartsWith("/konto/nekad", post.Headers.Location?.PathAndQuery);
        Assert.Equal(CaseTaskStatus.Open, (await world.TaskAsync(taskId)).Status);

        // A rector of another school sees nothing.
        var elsewhere = await factory.AddSchoolAsync(await factory.AddOrganisationAsync($"Annan {world.Suffix}"), $"Annan {world.Suffix}", 1);
        var otherEmail = $"rektor2.{world.Suffix}@skola.test";
        await factory.AddStaffAsync(otherEmail, "Rolf Rektor", StaffRoles.Rektor, elsewhere);
        var otherClient = factory.CreateBrowser();
        await otherClient.LogInOrFailAsync(otherEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.GetAsync($"/uppgift/{taskId}")).StatusCode);
    }

    [Fact]
    public async Task ReturnUrl_NotLocal_GoesBackToMinaElever()
    {
        var world = await MenteeWorld.CreateAsync(factory, pupils: 1, mentees: 1);
        var taskId = await world.AddTaskAsync(world.Pupils[0], TaskCatalog.S3Followup, Today, Today.AddDays(7), step: 3);
        var client = await world.SignedInMentorAsync();

        var response = await client.PostTaskAsync(taskId, "klar", new Dictionary<string, string>
        {
            ["Completion.DoneOn"] = Iso(Today), ["tillbaka"] = "https://elak.example/",
        });

        AssertStatus(HttpStatusCode.Redirect, response);
        Assert.Equal("/mina-elever", response.Headers.Location?.OriginalString);
    }
}
