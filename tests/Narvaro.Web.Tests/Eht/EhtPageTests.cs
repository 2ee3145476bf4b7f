using System.Net;
using Microsoft.EntityFrameworkCore;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Web.Tests.Infrastructure;
using Narvaro.Web.Tests.Mentees;
using static Narvaro.Web.Tests.Mentees.TaskForms;

namespace Narvaro.Web.Tests.Eht;

/// <summary>
/// /eht and /eht/utvardering/{caseId}: the school's kurator and specialpedagog see the agenda of the next meeting and
/// the cases from step 4; an EHT member of another school, the mentor and the skolchef see nothing; the rector alone
/// sets meeting dates; an evaluation completes S4-EHT, logs the event and is audited; invalid input changes nothing.
/// </summary>
public sealed class EhtPageTests(NarvaroWebFactory factory) : IClassFixture<NarvaroWebFactory>
{
    private static DateOnly Today => MenteeWorld.Today;

    private sealed record World(MenteeWorld School, StaffUser Rector, StaffUser Kurator, string RectorEmail, string KuratorEmail,
        int AgendaCase, int Step3Case, int LaterCase, int AgendaTask, DateOnly Meeting);

    /// <summary>
    /// Three pupils: the first at step 4 with S4-EHT overdue (on the agenda), the second at step 3, the third at step 4
    /// with S4-EHT due a month ahead (not on the agenda). The next meeting is in three days.
    /// </summary>
    private async Task<World> WorldAsync()
    {
        var school = await MenteeWorld.CreateAsync(factory, pupils: 3, mentees: 3);
        var rectorEmail = $"rektor.{school.Suffix}@skola.test";
        var kuratorEmail = $"kurator.{school.Suffix}@skola.test";
        var rector = await factory.AddStaffAsync(rectorEmail, "Rut Rektor", StaffRoles.Rektor, school.School);
        var kurator = await factory.AddStaffAsync(kuratorEmail, "Kim Kurator", StaffRoles.Skolkurator, school.School);
        var agendaTask = await school.AddTaskAsync(school.Pupils[0], TaskCatalog.S4Eht, Today.AddDays(-15), Today.AddDays(-1), step: 4, role: "EHT");
        await school.AddTaskAsync(school.Pupils[1], TaskCatalog.S3Checklist, Today.AddDays(-2), Today.AddDays(1), step: 3);
        await school.AddTaskAsync(school.Pupils[2], TaskCatalog.S4Eht, Today.AddDays(-1), Today.AddDays(30), step: 4, role: "EHT");
        await school.AddAbsenceAsync(school.Pupils[0], 30);
        var meeting = Today.AddDays(3);
        var cases = await school.WithDatabaseAsync(async db =>
        {
            db.EhtMeetings.Add(new EhtMeeting { SchoolId = school.School.Id, On = meeting, CreatedAtUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return await db.Cases.Where(c => school.Pupils.Contains(c.PupilId)).ToDictionaryAsync(c => c.PupilId, c => c.Id);
        });
        return new World(school, rector, kurator, rectorEmail, kuratorEmail, cases[school.Pupils[0]], cases[school.Pupils[1]],
            cases[school.Pupils[2]], agendaTask, meeting);
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = factory.CreateBrowser();
        await client.LogInOrFailAsync(email);
        return client;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string tokenFrom, string action, IReadOnlyDictionary<string, string> fields)
    {
        var html = await (await client.GetAsync(tokenFrom)).Content.ReadAsStringAsync();
        if (!html.Contains("__RequestVerificationToken")) html = await (await client.GetAsync("/")).Content.ReadAsStringAsync();
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = Browser.AntiforgeryToken(html) };
        return await client.PostAsync(action, new FormUrlEncodedContent(form));
    }

    private static Dictionary<string, string> Evaluation(DateOnly on, int version = 0) => new()
    {
        ["On"] = Iso(on), ["Participants"] = "Rut Rektor, Kim Kurator", ["Tried"] = "Anpassat schema.",
        ["Effect"] = "Frånvaron har minskat.", ["NextStep"] = "Följ upp på nästa möte.", ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The markup of the form with this attribute: each form carries its own antiforgery token.</summary>
    private static string FormHtml(string html, string attribute)
    {
        var start = html.IndexOf(attribute, StringComparison.Ordinal);
        Assert.True(start >= 0, $"No form with {attribute}.");
        return html[start..html.IndexOf("</form>", start, StringComparison.Ordinal)];
    }

    private static string Agenda(string html)
    {
        var start = html.IndexOf("id=\"dagordning-rubrik\"", StringComparison.Ordinal);
        return html[start..html.IndexOf("id=\"arenden-rubrik\"", StringComparison.Ordinal)];
    }

    [Theory]
    [InlineData(StaffRoles.Skolkurator)]
    [InlineData(StaffRoles.Specialpedagog)]
    public async Task EhtMember_SeesTheNextMeetingsAgenda_AndTheCasesFromStep4(string role)
    {
        var w = await WorldAsync();
        var email = $"{role.ToLowerInvariant()}2.{w.School.Suffix}@skola.test";
        var member = await factory.AddStaffAsync(email, "Eva Elevhälsa", role, w.School.School);
        var client = await SignedInAsync(email);

        Assert.Contains("<a href=\"/eht\">EHT</a>", await (await client.GetAsync("/")).ReadPageAsync());
        var page = await (await client.GetAsync("/eht")).ReadPageAsync();

        Assert.Contains($"<h1>EHT – {w.School.School.Name}</h1>", page);
        var agenda = Agenda(page);
        Assert.Contains($"Dagordning för nästa EHT-möte {SwedishDates.Date(w.Meeting)}", agenda);
        Assert.Contains("Elev Nummer 1", agenda);
        Assert.Contains("Försenad", agenda);
        Assert.Contains($"href=\"/eht/utvardering/{w.AgendaCase}\"", agenda);
        Assert.DoesNotContain("Elev Nummer 3", agenda);
        Assert.Contains($"href=\"/eht/utvardering/{w.LaterCase}\">Elev Nummer 3</a>", page);
        Assert.DoesNotContain("Elev Nummer 2", page);
        Assert.DoesNotContain("action=\"/eht/moten\"", page);
        var audit = (await w.School.AuditAsync(member.Id)).Where(a => a.Action == "EHT visad").ToList();
        Assert.Equal(w.School.School.Id, Assert.Single(audit).SchoolId);
    }

    [Fact]
    public async Task AnotherSchoolsEhtMember_SeesNothingOfThisSchool()
    {
        var w = await WorldAsync();
        var elsewhere = await factory.AddSchoolAsync(await factory.AddOrganisationAsync($"Annan {w.School.Suffix}"), $"Annan {w.School.Suffix}", 1);
        var email = $"kurator.annan.{w.School.Suffix}@skola.test";
        await factory.AddStaffAsync(email, "Kalle Annan", StaffRoles.Skolkurator, elsewhere);
        var client = await SignedInAsync(email);

        var own = await (await client.GetAsync("/eht")).ReadPageAsync();
        Assert.Contains($"EHT – {elsewhere.Name}", own);
        Assert.DoesNotContain("Elev Nummer 1", own);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/eht?skola={w.School.School.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/eht/utvardering/{w.AgendaCase}")).StatusCode);
        var post = await PostAsync(client, "/eht", $"/eht/utvardering/{w.AgendaCase}", Evaluation(Today));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        var meeting = await PostAsync(client, "/eht", "/eht/moten", new Dictionary<string, string> { ["School"] = $"{w.School.School.Id}", ["Date"] = Iso(Today.AddDays(7)) });
        Assert.Equal(HttpStatusCode.NotFound, meeting.StatusCode);
        Assert.Equal(CaseTaskStatus.Open, (await w.School.TaskAsync(w.AgendaTask)).Status);
        Assert.Equal(1, await w.School.WithDatabaseAsync(db => db.EhtMeetings.CountAsync(m => m.SchoolId == w.School.School.Id)));
    }

    [Fact]
    public async Task RectorOfTwoSchools_PicksTheSchool_WithAGetForm()
    {
        var w = await WorldAsync();
        var second = await factory.AddSchoolAsync(await factory.AddOrganisationAsync($"Andra {w.School.Suffix}"), $"Andra {w.School.Suffix}", 1);
        var email = $"rektor2.{w.School.Suffix}@skola.test";
        await factory.AddStaffAsync(email, "Rolf Rektor", StaffRoles.Rektor, w.School.School, second);
        var client = await SignedInAsync(email);

        var first = await (await client.GetAsync("/eht")).ReadPageAsync();
        Assert.Contains("<form method=\"get\" action=\"/eht\" class=\"school-picker\">", first);
        Assert.Contains("<label for=\"skola\">Skola</label>", first);
        var other = await (await client.GetAsync($"/eht?skola={second.Id}")).ReadPageAsync();
        Assert.Contains($"<h1>EHT – {second.Name}</h1>", other);
        Assert.DoesNotContain("Elev Nummer 1", other);
        Assert.Contains("Inget kommande EHT-möte är inlagt. Lägg in mötesdatum under EHT-möten nedan.", other);
        Assert.Contains($"<h1>EHT – {w.School.School.Name}</h1>", await (await client.GetAsync($"/eht?skola={w.School.School.Id}")).ReadPageAsync());
    }

    [Theory]
    [InlineData(StaffRoles.Mentor)]
    [InlineData(StaffRoles.Skolchef)]
    public async Task MentorAndSkolchef_AreRefused_AndHaveNoMenuItem(string role)
    {
        var w = await WorldAsync();
        var client = role == StaffRoles.Mentor ? await w.School.SignedInMentorAsync() : await SkolchefAsync(w);

        foreach (var path in new[] { "/eht", $"/eht/utvardering/{w.AgendaCase}" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/konto/nekad", response.Headers.Location?.AbsolutePath);
        }
        Assert.DoesNotContain("href=\"/eht\"", await (await client.GetAsync("/")).ReadPageAsync());
    }

    private async Task<HttpClient> SkolchefAsync(World w)
    {
        var email = $"skolchef.{w.School.Suffix}@skola.test";
        await factory.AddStaffAsync(email, "Sara Skolchef", StaffRoles.Skolchef, w.School.School);
        return await SignedInAsync(email);
    }

    [Fact]
    public async Task Rector_AddsAndRemovesAMeetingDate_TheEhtMemberCannot()
    {
        var w = await WorldAsync();
        var kurator = await SignedInAsync(w.KuratorEmail);
        var date = Today.AddDays(17);
        var refused = await PostAsync(kurator, "/eht", "/eht/moten", new Dictionary<string, string> { ["School"] = $"{w.School.School.Id}", ["Date"] = Iso(date) });
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/konto/nekad", refused.Headers.Location?.AbsolutePath);

        var rector = await SignedInAsync(w.RectorEmail);
        var page = await (await rector.GetAsync("/eht")).ReadPageAsync();
        Assert.Contains("<label for=\"Date\">Nytt mötesdatum</label>", page);
        Assert.Contains("__RequestVerificationToken", FormHtml(page, "action=\"/eht/moten\""));
        var past = await PostAsync(rector, "/eht", "/eht/moten", new Dictionary<string, string> { ["School"] = $"{w.School.School.Id}", ["Date"] = Iso(Today.AddDays(-1)) });
        var pastPage = await past.ReadPageAsync();
        Assert.Equal(HttpStatusCode.OK, past.StatusCode);
        Assert.Contains("<a href=\"#Date\">Mötesdatumet kan inte vara tidigare än i dag. Ange ett kommande datum.</a>", pastPage);
        var empty = await PostAsync(rector, "/eht", "/eht/moten", new Dictionary<string, string> { ["School"] = $"{w.School.School.Id}", ["Date"] = "" });
        Assert.Contains("Ange datum för EHT-mötet", await empty.ReadPageAsync());

        var added = await PostAsync(rector, "/eht", "/eht/moten", new Dictionary<string, string> { ["School"] = $"{w.School.School.Id}", ["Date"] = Iso(date) });
        AssertStatus(HttpStatusCode.Redirect, added);
        var after = await (await rector.GetAsync(added.Headers.Location!.OriginalString)).ReadPageAsync();
        Assert.Contains($"EHT-mötet {SwedishDates.Date(date)} är inlagt.", after);
        var meetings = await w.School.WithDatabaseAsync(db => db.EhtMeetings.Where(m => m.SchoolId == w.School.School.Id).OrderBy(m => m.On).ToListAsync());
        Assert.Equal([w.Meeting, date], meetings.Select(m => m.On));
        Assert.Contains(await w.School.AuditAsync(w.Rector.Id), a => a.Action == "EHT-möte tillagt" && a.Details == Iso(date));

        var kuratorRemove = await PostAsync(kurator, "/eht", $"/eht/moten/{meetings[1].Id}/ta-bort", new Dictionary<string, string> { ["School"] = $"{w.School.School.Id}" });
        Assert.StartsWith("/konto/nekad", kuratorRemove.Headers.Location?.AbsolutePath);
        var removed = await PostAsync(rector, "/eht", $"/eht/moten/{meetings[1].Id}/ta-bort", new Dictionary<string, string> { ["School"] = $"{w.School.School.Id}" });
        AssertStatus(HttpStatusCode.Redirect, removed);
        Assert.Equal(1, await w.School.WithDatabaseAsync(db => db.EhtMeetings.CountAsync(m => m.SchoolId == w.School.School.Id)));
    }

    [Fact]
    public async Task Evaluation_Recorded_CompletesS4Eht_OnTheTimeline_Audited_AndLeavesTheAgenda()
    {
        var w = await WorldAsync();
        var client = await SignedInAsync(w.KuratorEmail);
        var form = await (await client.GetAsync($"/eht/utvardering/{w.AgendaCase}")).ReadPageAsync();
        Assert.Contains("<h1>EHT-utvärdering: Elev Nummer 1</h1>", form);
        Assert.Contains("Ingen EHT-utvärdering är registrerad i ärendet än.", form);
        Assert.Contains("__RequestVerificationToken", FormHtml(form, $"action=\"/eht/utvardering/{w.AgendaCase}\""));

        var response = await PostAsync(client, $"/eht/utvardering/{w.AgendaCase}", $"/eht/utvardering/{w.AgendaCase}", Evaluation(Today));
        AssertStatus(HttpStatusCode.Redirect, response);
        Assert.Equal($"/eht?skola={w.School.School.Id}", response.Headers.Location?.OriginalString);

        var task = await w.School.TaskAsync(w.AgendaTask);
        Assert.Equal((CaseTaskStatus.Done, Today, w.Kurator.Id), (task.Status, task.DoneOn, task.DoneByUserId));
        var (events, evaluation, version) = await w.School.WithDatabaseAsync(async db => (
            await db.CaseEvents.Where(e => e.CaseId == w.AgendaCase).ToListAsync(),
            await db.EhtEvaluations.SingleAsync(e => e.CaseId == w.AgendaCase),
            (await db.Cases.SingleAsync(c => c.Id == w.AgendaCase)).Version));
        var @event = Assert.Single(events);
        Assert.Equal((CaseEventKind.EhtEvaluation, "EHT-utvärdering registrerad.", w.Kurator.Id), (@event.Kind, @event.Text, @event.UserId));
        Assert.Equal(("Rut Rektor, Kim Kurator", "Följ upp på nästa möte."), (evaluation.Participants, evaluation.NextStep));
        Assert.Equal(1, version);
        Assert.Contains(await w.School.AuditAsync(w.Kurator.Id), a => a.Action == "EHT-utvärdering registrerad" && a.PupilId == w.School.Pupils[0]);
        Assert.Contains(await w.School.AuditAsync(w.Kurator.Id), a => a.Action == "EHT-utvärdering visad" && a.PupilId == w.School.Pupils[0]);

        var after = await (await client.GetAsync(response.Headers.Location!.OriginalString)).ReadPageAsync();
        Assert.Contains("EHT-utvärderingen av ärendet för Elev Nummer 1 är registrerad.", after);
        Assert.DoesNotContain("Elev Nummer 1", Agenda(after));
        // The same form again: the case has changed, nothing is added.
        var again = await PostAsync(client, "/eht", $"/eht/utvardering/{w.AgendaCase}", Evaluation(Today.AddDays(-1)));
        Assert.Contains("Ärendet har ändrats sedan du öppnade sidan", await again.ReadPageAsync());
        Assert.Equal(1, await w.School.WithDatabaseAsync(db => db.EhtEvaluations.CountAsync(e => e.CaseId == w.AgendaCase)));
        // The rector reads the notes on the evaluation page.
        var rectorClient = await SignedInAsync(w.RectorEmail);
        var rectorPage = await (await rectorClient.GetAsync($"/eht/utvardering/{w.AgendaCase}")).ReadPageAsync();
        Assert.Contains("Anpassat schema.", rectorPage);
        // The case's timeline on the pupil page says it was held; the mentor sees that, never the notes.
        Assert.Contains("EHT-utvärdering registrerad.", await (await rectorClient.GetAsync($"/elev/{w.School.Pupils[0]}")).ReadPageAsync());
        var mentorPupilPage = await (await (await w.School.SignedInMentorAsync()).GetAsync($"/elev/{w.School.Pupils[0]}")).ReadPageAsync();
        Assert.Contains("EHT-utvärdering registrerad.", mentorPupilPage);
        Assert.DoesNotContain("Anpassat schema.", mentorPupilPage);
        Assert.DoesNotContain("Frånvaron har minskat.", mentorPupilPage);
    }

    [Fact]
    public async Task Evaluation_InvalidInput_SwedishMessages_NothingChanged()
    {
        var w = await WorldAsync();
        var client = await SignedInAsync(w.KuratorEmail);
        var url = $"/eht/utvardering/{w.AgendaCase}";

        var empty = await PostAsync(client, url, url, new Dictionary<string, string> { ["On"] = "", ["Version"] = "0" });
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        var html = await empty.ReadPageAsync();
        Assert.Contains("<h2 id=\"fel-rubrik\">Utvärderingen kunde inte sparas</h2>", html);
        foreach (var (field, message) in new[]
        {
            ("On", "Ange datum då EHT höll utvärderingen"), ("Participants", "Skriv vilka som deltog i utvärderingen."),
            ("Tried", "Skriv vilka insatser som har prövats."), ("Effect", "Skriv vilken effekt ni ser i siffrorna före och efter."),
            ("NextStep", "Skriv vad nästa steg är."),
        })
        {
            Assert.Contains($"<a href=\"#{field}\">{message}", html);
            Assert.Contains($"<span id=\"{field}-fel\" class=\"field-error\">{message}", html);
        }
        var future = await PostAsync(client, url, url, Evaluation(Today.AddDays(1)));
        Assert.Contains("Datumet kan inte vara senare än i dag.", await future.ReadPageAsync());
        var nonsenseForm = Evaluation(Today);
        nonsenseForm["On"] = "2026-13-45";
        var nonsense = await PostAsync(client, url, url, nonsenseForm);
        Assert.Equal(HttpStatusCode.OK, nonsense.StatusCode);
        Assert.Contains("<a href=\"#On\">", await nonsense.ReadPageAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/eht/utvardering/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, url, "/eht/utvardering/999999", Evaluation(Today))).StatusCode);

        Assert.Equal(CaseTaskStatus.Open, (await w.School.TaskAsync(w.AgendaTask)).Status);
        Assert.Equal(0, await w.School.WithDatabaseAsync(db => db.EhtEvaluations.CountAsync(e => e.CaseId == w.AgendaCase)));
        Assert.DoesNotContain(await w.School.AuditAsync(w.Kurator.Id), a => a.Action == "EHT-utvärdering registrerad");
    }

    [Fact]
    public async Task Evaluation_OfACaseBelowStep4_IsRefused_ForTheRector_AndNotFoundForTheEht()
    {
        var w = await WorldAsync();
        var url = $"/eht/utvardering/{w.Step3Case}";
        var kurator = await SignedInAsync(w.KuratorEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await kurator.GetAsync(url)).StatusCode);

        var rector = await SignedInAsync(w.RectorEmail);
        var page = await (await rector.GetAsync(url)).ReadPageAsync();
        Assert.Contains("Ärendet är på steg 3.", page);
        Assert.DoesNotContain("Registrera utvärderingen</button>", page);
        var post = await PostAsync(rector, url, url, Evaluation(Today));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Contains("Ärendet är på steg 3.", await post.ReadPageAsync());
        Assert.Equal(0, await w.School.WithDatabaseAsync(db => db.EhtEvaluations.CountAsync(e => e.CaseId == w.Step3Case)));
    }
}
