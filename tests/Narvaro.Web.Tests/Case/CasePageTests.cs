using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Web.Tests.Infrastructure;
using Narvaro.Web.Tests.Mentees;
using static Narvaro.Web.Tests.Mentees.TaskForms;

namespace Narvaro.Web.Tests.Case;

/// <summary>
/// /arende/{id}: who reaches a case (rector of the school, EHT from step 4 or with a task, the mentor read-only, anyone
/// else 404); the rector gives a task to a kurator who then sees it on /mina-uppgifter, records reports that complete
/// their tasks and show in the monthly report, closes an M case only with a reason; completing twice, unknown staff,
/// another school's staff, invalid dates and a stale version are refused in Swedish with nothing changed; all audited.
/// </summary>
public sealed class CasePageTests(NarvaroWebFactory factory) : IClassFixture<NarvaroWebFactory>
{
    private static DateOnly Today => MenteeWorld.Today;

    private sealed record World(MenteeWorld School, int Step4Case, int Step3Case, int MCase, int Skolsocial, int Huvudman, int MReport,
        StaffUser Rector, string RectorEmail, StaffUser Kurator, string KuratorEmail, StaffUser OtherKurator, string OtherRectorEmail);

    /// <summary>Three pupils of the mentor: a step-4 case (S4-SKOLSOCIAL overdue, S4-HUVUDMAN), a step-3 case, an M case.</summary>
    private async Task<World> WorldAsync()
    {
        var w = await MenteeWorld.CreateAsync(factory, pupils: 3, mentees: 3);
        await w.RenameAsync(w.Pupils[0], "Stina", "Stegfyra");
        var skolsocial = await w.AddTaskAsync(w.Pupils[0], TaskCatalog.S4Skolsocial, Today.AddDays(-10), Today.AddDays(-7), step: 4, role: "Rektor");
        var huvudman = await w.AddTaskAsync(w.Pupils[0], TaskCatalog.S4Huvudman, Today.AddDays(-10), Today.AddDays(-7), step: 4, role: "Rektor");
        await w.AddTaskAsync(w.Pupils[1], TaskCatalog.S3Checklist, Today.AddDays(-3), Today, step: 3);
        var mReport = await w.AddTaskAsync(w.Pupils[2], TaskCatalog.MReport, Today.AddDays(-3), Today.AddDays(-2), step: 0, role: "Rektor");
        var ids = await w.WithDatabaseAsync(async db =>
        {
            var cases = await db.Cases.Where(c => w.Pupils.Contains(c.PupilId)).ToListAsync();
            cases.Single(c => c.PupilId == w.Pupils[2]).ContinuousInvalid = true;
            await db.SaveChangesAsync();
            return w.Pupils.Select(p => cases.Single(c => c.PupilId == p).Id).ToList();
        });
        var rectorEmail = $"rektor.{w.Suffix}@skola.test";
        var kuratorEmail = $"kurator.{w.Suffix}@skola.test";
        var rector = await factory.AddStaffAsync(rectorEmail, "Rut Rektor", StaffRoles.Rektor, w.School);
        var kurator = await factory.AddStaffAsync(kuratorEmail, "Kim Kurator", StaffRoles.Skolkurator, w.School);
        var other = await MenteeWorld.CreateAsync(factory, pupils: 1, mentees: 1);
        var otherKurator = await factory.AddStaffAsync($"kurator.{other.Suffix}@skola.test", "Annan Kurator", StaffRoles.Skolkurator, other.School);
        var otherRectorEmail = $"rektor.{other.Suffix}@skola.test";
        await factory.AddStaffAsync(otherRectorEmail, "Annan Rektor", StaffRoles.Rektor, other.School);
        return new World(w, ids[0], ids[1], ids[2], skolsocial, huvudman, mReport, rector, rectorEmail, kurator, kuratorEmail, otherKurator,
            otherRectorEmail);
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = factory.CreateBrowser();
        await client.LogInOrFailAsync(email);
        return client;
    }

    private static async Task<int> VersionAsync(World w, int caseId) =>
        await w.School.WithDatabaseAsync(db => db.Cases.Where(c => c.Id == caseId).Select(c => c.Version).SingleAsync());

    /// <summary>GETs the case page for its antiforgery token and posts one form.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, int caseId, string action, Dictionary<string, string> fields)
    {
        var html = await (await client.GetAsync($"/arende/{caseId}")).Content.ReadAsStringAsync();
        var token = html.Contains("__RequestVerificationToken")
            ? Browser.AntiforgeryToken(html)
            : Browser.AntiforgeryToken(await (await client.GetAsync("/")).Content.ReadAsStringAsync());
        fields["__RequestVerificationToken"] = token;
        return await client.PostAsync($"/arende/{caseId}/{action}", new FormUrlEncodedContent(fields));
    }

    private static Task<List<AuditEntry>> OwnAuditAsync(World w, string userId) =>
        w.School.WithDatabaseAsync(db => db.AuditLog.AsNoTracking().Where(a => a.UserId == userId && a.Action.StartsWith("Ärende"))
            .OrderBy(a => a.Id).ToListAsync());

    [Fact]
    public async Task Rector_OwnSchool_SeesTheCaseWithTasksPerStepAndForms_AndTheViewIsAudited()
    {
        var w = await WorldAsync();
        var client = await SignedInAsync(w.RectorEmail);

        var response = await client.GetAsync($"/arende/{w.Step4Case}");
        var html = await response.ReadPageAsync();

        AssertStatus(HttpStatusCode.OK, response);
        Assert.Contains("<h1>Ärende: Stina Stegfyra</h1>", html);
        Assert.Contains("<caption>Steg 4</caption>", html);
        Assert.Contains("Försenad</span>", html);
        Assert.Contains("Maja Mentor", html);
        Assert.Contains($"action=\"/arende/{w.Step4Case}/tilldela\"", html);
        Assert.Contains($"action=\"/arende/{w.Step4Case}/anmalan\"", html);
        Assert.Contains($"action=\"/arende/{w.Step4Case}/avsluta\"", html);
        Assert.Contains($"<a href=\"/arende/{w.Step4Case}/kartlaggning\">Skolsocial kartläggning (bilaga 2)</a>", html);
        Assert.Contains("Kim Kurator", html);
        Assert.DoesNotContain("Annan Kurator", html);
        Assert.DoesNotContain("<script", html);
        var audit = Assert.Single(await OwnAuditAsync(w, w.Rector.Id));
        Assert.Equal("Ärende visat", audit.Action);
        Assert.Equal(w.School.Pupils[0], audit.PupilId);
    }

    [Fact]
    public async Task Access_OtherSchoolsRector_KuratorBelowStep4_UnknownId_AreNotFound_KuratorAtStep4AndMentorSeeIt()
    {
        var w = await WorldAsync();

        var otherRector = await SignedInAsync(w.OtherRectorEmail);
        var otherResponse = await otherRector.GetAsync($"/arende/{w.Step4Case}");
        AssertStatus(HttpStatusCode.NotFound, otherResponse);
        Assert.Contains("Sidan finns inte", await otherResponse.ReadPageAsync());
        AssertStatus(HttpStatusCode.NotFound, await (await SignedInAsync(w.RectorEmail)).GetAsync("/arende/987654321"));

        var kurator = await SignedInAsync(w.KuratorEmail);
        AssertStatus(HttpStatusCode.NotFound, await kurator.GetAsync($"/arende/{w.Step3Case}"));
        var step4 = await kurator.GetAsync($"/arende/{w.Step4Case}");
        AssertStatus(HttpStatusCode.OK, step4);
        var kuratorHtml = await step4.ReadPageAsync();
        Assert.DoesNotContain("/tilldela\"", kuratorHtml);
        Assert.DoesNotContain("/anmalan\"", kuratorHtml);

        var mentor = await w.School.SignedInMentorAsync();
        var mentorResponse = await mentor.GetAsync($"/arende/{w.Step4Case}");
        AssertStatus(HttpStatusCode.OK, mentorResponse);
        var mentorHtml = await mentorResponse.ReadPageAsync();
        Assert.DoesNotContain("<form method=\"post\" action=\"/arende", mentorHtml);
        Assert.DoesNotContain("/kartlaggning", mentorHtml);
        Assert.Contains("Du ser ärendet som elevens mentor", mentorHtml);

        // A mentor posting a rector's form is refused and nothing changes.
        var refused = await PostAsync(mentor, w.Step4Case, "anmalan", new()
        {
            ["Report.Version"] = "0", ["Report.Kind"] = "Huvudman", ["Report.ReportedOn"] = Iso(Today), ["Report.Recipient"] = "X",
        });
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(0, await w.School.WithDatabaseAsync(db => db.CaseReports.CountAsync(r => r.CaseId == w.Step4Case)));
    }

    [Fact]
    public async Task Assign_ToAKurator_ShowsOnHerMyTasks_ReachesTheCase_AndIsAudited()
    {
        var w = await WorldAsync();
        var rector = await SignedInAsync(w.RectorEmail);

        var response = await PostAsync(rector, w.Step4Case, "tilldela", new()
        {
            ["Assign.TaskId"] = w.Skolsocial.ToString(), ["Assign.Version"] = (await VersionAsync(w, w.Step4Case)).ToString(),
            ["Assign.AssigneeUserId"] = w.Kurator.Id,
        });

        AssertStatus(HttpStatusCode.Redirect, response);
        Assert.Equal($"/arende/{w.Step4Case}", response.Headers.Location?.OriginalString);
        var after = await (await rector.GetAsync($"/arende/{w.Step4Case}")).ReadPageAsync();
        Assert.Contains("Uppgiften är given till Kim Kurator", after);
        Assert.Contains("Given till Kim Kurator", after);
        Assert.Contains("Uppgift S4-SKOLSOCIAL given till Kim Kurator.", after);
        var task = await w.School.TaskAsync(w.Skolsocial);
        Assert.Equal(w.Kurator.Id, task.AssigneeUserId);
        Assert.Equal(w.Rector.Id, task.AssignedByUserId);
        Assert.Equal(1, await VersionAsync(w, w.Step4Case));

        var kurator = await SignedInAsync(w.KuratorEmail);
        Assert.Contains($"href=\"/uppgift/{w.Skolsocial}?", await (await kurator.GetAsync("/mina-uppgifter")).ReadPageAsync());
        Assert.Contains(await OwnAuditAsync(w, w.Rector.Id), a => a.Action == CaseWorkService.AssignedAction);
    }

    [Theory]
    [InlineData("okand-person", "Personen finns inte")]
    [InlineData("other", "Annan Kurator kan inte få uppgiften")]
    [InlineData("", "Välj vem som ska få uppgiften i listan.")]
    public async Task Assign_UnknownStaffOrAnotherSchools_IsRefusedInSwedish_NothingChanged(string who, string message)
    {
        var w = await WorldAsync();
        var rector = await SignedInAsync(w.RectorEmail);

        var response = await PostAsync(rector, w.Step4Case, "tilldela", new()
        {
            ["Assign.TaskId"] = w.Skolsocial.ToString(), ["Assign.Version"] = "0",
            ["Assign.AssigneeUserId"] = who == "other" ? w.OtherKurator.Id : who,
        });

        AssertStatus(HttpStatusCode.OK, response);
        var html = await response.ReadPageAsync();
        Assert.Contains("class=\"error-summary\"", html);
        Assert.Contains(message, html);
        Assert.Contains($"href=\"#Assign-{w.Skolsocial}-AssigneeUserId\"", html);
        Assert.Null((await w.School.TaskAsync(w.Skolsocial)).AssigneeUserId);
        Assert.Equal(0, await VersionAsync(w, w.Step4Case));
    }

    [Fact]
    public async Task Assign_ATaskOfAnotherCase_IsRefused()
    {
        var w = await WorldAsync();
        var rector = await SignedInAsync(w.RectorEmail);

        var response = await PostAsync(rector, w.Step4Case, "tilldela", new()
        {
            ["Assign.TaskId"] = w.MReport.ToString(), ["Assign.Version"] = "0", ["Assign.AssigneeUserId"] = w.Kurator.Id,
        });

        AssertStatus(HttpStatusCode.OK, response);
        Assert.Contains("Uppgiften finns inte i det här ärendet.", await response.ReadPageAsync());
        Assert.Null((await w.School.TaskAsync(w.MReport)).AssigneeUserId);
    }

    [Fact]
    public async Task Complete_ByTheKuratorGivenTheTask_Once_TheSecondIsRefused()
    {
        var w = await WorldAsync();
        var rector = await SignedInAsync(w.RectorEmail);
        AssertStatus(HttpStatusCode.Redirect, await PostAsync(rector, w.Step4Case, "tilldela", new()
        {
            ["Assign.TaskId"] = w.Skolsocial.ToString(), ["Assign.Version"] = "0", ["Assign.AssigneeUserId"] = w.Kurator.Id,
        }));
        var kurator = await SignedInAsync(w.KuratorEmail);
        var page = await (await kurator.GetAsync($"/arende/{w.Step4Case}")).ReadPageAsync();
        Assert.Contains($"id=\"Complete-{w.Skolsocial}-DoneOn\"", page);
        Assert.DoesNotContain($"id=\"Complete-{w.Huvudman}-DoneOn\"", page);

        var fields = new Dictionary<string, string>
        {
            ["Complete.TaskId"] = w.Skolsocial.ToString(), ["Complete.DoneOn"] = Iso(Today.AddDays(-1)), ["Complete.Note"] = "Kartläggning gjord.",
        };
        AssertStatus(HttpStatusCode.Redirect, await PostAsync(kurator, w.Step4Case, "klar", new(fields)));
        var again = await PostAsync(kurator, w.Step4Case, "klar", new(fields) { ["Complete.Note"] = "Andra gången" });

        AssertStatus(HttpStatusCode.OK, again);
        Assert.Contains("Uppgiften är redan klarmarkerad.", await again.ReadPageAsync());
        var task = await w.School.TaskAsync(w.Skolsocial);
        Assert.Equal(CaseTaskStatus.Done, task.Status);
        Assert.Equal("Kartläggning gjord.", task.Note);
        Assert.Equal(Today.AddDays(-1), task.DoneOn);
        Assert.Single(await OwnAuditAsync(w, w.Kurator.Id), a => a.Action == CaseWorkService.CompletedAction);
    }

    [Theory]
    [InlineData("klar", "Complete.DoneOn", "31-31-2026", "Datumet kunde inte läsas. Skriv det som ÅÅÅÅ-MM-DD")]
    [InlineData("anmalan", "Report.ReportedOn", "igår", "Datumet kunde inte läsas. Skriv det som ÅÅÅÅ-MM-DD")]
    [InlineData("anmalan", "Report.ReportedOn", "future", "Datumet kan inte vara senare än i dag")]
    [InlineData("anmalan", "Report.ReportedOn", "", "Ange datum då anmälan gjordes")]
    public async Task InvalidDates_ReRenderTheFormWithASwedishMessage_NothingChanged(string action, string field, string value, string message)
    {
        var w = await WorldAsync();
        var rector = await SignedInAsync(w.RectorEmail);
        var fields = action == "klar"
            ? new Dictionary<string, string> { ["Complete.TaskId"] = w.Huvudman.ToString() }
            : new Dictionary<string, string>
            {
                ["Report.Version"] = "0", ["Report.Kind"] = "Huvudman", ["Report.Recipient"] = "Huvudmannen, Sjövik",
            };
        fields[field] = value == "future" ? Iso(Today.AddDays(3)) : value;

        var response = await PostAsync(rector, w.Step4Case, action, fields);

        AssertStatus(HttpStatusCode.OK, response);
        var html = await response.ReadPageAsync();
        Assert.Contains("class=\"error-summary\"", html);
        Assert.Contains(message, html);
        Assert.Equal(CaseTaskStatus.Open, (await w.School.TaskAsync(w.Huvudman)).Status);
        Assert.Equal(0, await w.School.WithDatabaseAsync(db => db.CaseReports.CountAsync(r => r.CaseId == w.Step4Case)));
    }

    [Fact]
    public async Task Reports_CompleteTheirTasks_ShowOnTheTimeline_AndInTheMonthlyReport()
    {
        var w = await WorldAsync();
        var month = Today.AddMonths(-1);
        var monthStart = new DateOnly(month.Year, month.Month, 1);
        await w.School.WithDatabaseAsync(async db =>
        {
            // The M pupil: every lesson of the month absent (ogiltig), the case open since the month began.
            for (var d = monthStart; d.Month == monthStart.Month; d = d.AddDays(1))
            {
                if (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
                db.Attendance.Add(new AttendanceRecord
                {
                    PupilId = w.School.Pupils[2], Date = d, Start = new TimeOnly(8, 0), End = new TimeOnly(9, 0), ScheduledMinutes = 60,
                    Subject = "Svenska", AbsentMinutes = 60, Type = AttendanceType.Invalid,
                });
            }
            var @case = await db.Cases.SingleAsync(c => c.Id == w.MCase);
            @case.OpenedOn = monthStart;
            return await db.SaveChangesAsync();
        });
        var rector = await SignedInAsync(w.RectorEmail);
        var chiefOn = monthStart.AddDays(2);

        AssertStatus(HttpStatusCode.Redirect, await PostAsync(rector, w.MCase, "anmalan", new()
        {
            ["Report.Version"] = "0", ["Report.Kind"] = "Skolchef", ["Report.ReportedOn"] = Iso(chiefOn),
            ["Report.Recipient"] = "Skolchef Anna Berg", ["Report.Reference"] = "Dnr 2026/17",
        }));
        Assert.Equal(CaseTaskStatus.Open, (await w.School.TaskAsync(w.MReport)).Status);
        AssertStatus(HttpStatusCode.Redirect, await PostAsync(rector, w.MCase, "anmalan", new()
        {
            ["Report.Version"] = "1", ["Report.Kind"] = "Socialtjanst", ["Report.ReportedOn"] = Iso(Today),
            ["Report.Recipient"] = "Socialtjänsten, mottagningen", ["Report.Reference"] = "SoC-44",
        }));

        var mReport = await w.School.TaskAsync(w.MReport);
        Assert.Equal(CaseTaskStatus.Done, mReport.Status);
        Assert.Equal(Today, mReport.DoneOn);
        var html = await (await rector.GetAsync($"/arende/{w.MCase}")).ReadPageAsync();
        Assert.Contains($"Anmälan till skolchef gjord {SwedishDates.Short(chiefOn)} (till Skolchef Anna Berg, ref Dnr 2026/17).", html);
        Assert.Contains("Anmälan till socialtjänst gjord", html);
        Assert.Contains("Gjorda anmälningar (2)", html);
        Assert.Equal(2, (await OwnAuditAsync(w, w.Rector.Id)).Count(a => a.Action == CaseWorkService.ReportAction));

        var pdf = await rector.GetAsync($"/dokument/manadsrapport?manad={month:yyyy-MM}");
        AssertStatus(HttpStatusCode.OK, pdf);
        var text = string.Join(" ", PdfText(await pdf.Content.ReadAsByteArrayAsync()).Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"Skolchef och socialtjänst: gjord {Iso(Today)}", text);
        Assert.Contains("Skolchef Anna Berg", text);
        Assert.DoesNotContain("Skolchef och socialtjänst: ej gjord", text);
    }

    [Fact]
    public async Task Close_MCaseWithoutReports_RequiresAReason_WhichIsKept()
    {
        var w = await WorldAsync();
        var rector = await SignedInAsync(w.RectorEmail);

        var without = await PostAsync(rector, w.MCase, "avsluta", new() { ["Close.Version"] = "0", ["Close.Note"] = "Eleven har flyttat." });
        AssertStatus(HttpStatusCode.OK, without);
        var html = await without.ReadPageAsync();
        Assert.Contains("Ärendet saknar anmälan till skolchef och anmälan till socialtjänst.", html);
        Assert.Contains("href=\"#Close-Reason\"", html);
        Assert.Null(await w.School.WithDatabaseAsync(db => db.Cases.Where(c => c.Id == w.MCase).Select(c => c.ClosedOn).SingleAsync()));

        var with = await PostAsync(rector, w.MCase, "avsluta", new()
        {
            ["Close.Version"] = "0", ["Close.Note"] = "Eleven har flyttat.", ["Close.Reason"] = "Flyttat utomlands, den nya skolan informerad.",
        });
        AssertStatus(HttpStatusCode.Redirect, with);
        var closed = await w.School.WithDatabaseAsync(db => db.Cases.AsNoTracking().SingleAsync(c => c.Id == w.MCase));
        Assert.Equal(Today, closed.ClosedOn);
        Assert.Equal("Eleven har flyttat.", closed.ClosingNote);
        Assert.Equal("Flyttat utomlands, den nya skolan informerad.", closed.ClosingReason);
        Assert.Contains("Skäl att avsluta utan anmälan: Flyttat utomlands", await (await rector.GetAsync($"/arende/{w.MCase}")).ReadPageAsync());
        Assert.Contains(await OwnAuditAsync(w, w.Rector.Id), a => a.Action == CaseWorkService.ClosedAction);
    }

    [Fact]
    public async Task StaleVersion_IsRefusedWithTheMessage_AndTheOtherRectorsChangeIsKept()
    {
        var w = await WorldAsync();
        var secondEmail = $"rektor2.{w.School.Suffix}@skola.test";
        await factory.AddStaffAsync(secondEmail, "Bo Biträdande", StaffRoles.Rektor, w.School.School);
        var first = await SignedInAsync(w.RectorEmail);
        var second = await SignedInAsync(secondEmail);

        AssertStatus(HttpStatusCode.Redirect, await PostAsync(second, w.Step4Case, "anmalan", new()
        {
            ["Report.Version"] = "0", ["Report.Kind"] = "Huvudman", ["Report.ReportedOn"] = Iso(Today), ["Report.Recipient"] = "Huvudmannen",
        }));
        var stale = await PostAsync(first, w.Step4Case, "tilldela", new()
        {
            ["Assign.TaskId"] = w.Skolsocial.ToString(), ["Assign.Version"] = "0", ["Assign.AssigneeUserId"] = w.Kurator.Id,
        });

        AssertStatus(HttpStatusCode.OK, stale);
        var html = await stale.ReadPageAsync();
        Assert.Contains("Ärendet har ändrats av någon annan", html);
        Assert.Contains("Gjorda anmälningar (1)", html);
        Assert.Contains("name=\"Assign.Version\" value=\"1\"", html);
        Assert.Null((await w.School.TaskAsync(w.Skolsocial)).AssigneeUserId);
        Assert.Equal(CaseTaskStatus.Done, (await w.School.TaskAsync(w.Huvudman)).Status);
        Assert.Equal(1, await VersionAsync(w, w.Step4Case));

        var step7 = await PostAsync(first, w.Step4Case, "steg7", new() { ["Concern.Version"] = "1" });
        AssertStatus(HttpStatusCode.Redirect, step7);
        Assert.True(await w.School.WithDatabaseAsync(db => db.Cases.Where(c => c.Id == w.Step4Case).Select(c => c.ConcernRemains).SingleAsync()));
        Assert.Equal(2, await VersionAsync(w, w.Step4Case));
    }

    [Fact]
    public async Task Mentor_ReadsNoSecrets_ReportRecipientsReferencesNotesAndClosingReason()
    {
        var w = await WorldAsync();
        var rector = await SignedInAsync(w.RectorEmail);
        AssertStatus(HttpStatusCode.Redirect, await PostAsync(rector, w.Step4Case, "anmalan", new()
        {
            ["Report.Version"] = "0", ["Report.Kind"] = "Huvudman", ["Report.ReportedOn"] = Iso(Today),
            ["Report.Recipient"] = "Hemlig Mottagare", ["Report.Reference"] = "Dnr HEMLIG-1",
        }));
        AssertStatus(HttpStatusCode.Redirect, await PostAsync(rector, w.MCase, "avsluta", new()
        {
            ["Close.Version"] = "0", ["Close.Note"] = "Bättre närvaro.", ["Close.Reason"] = "Ett hemligt skäl",
        }));

        var mentor = await w.School.SignedInMentorAsync();
        var html = await (await mentor.GetAsync($"/arende/{w.Step4Case}")).ReadPageAsync()
            + await (await mentor.GetAsync($"/arende/{w.MCase}")).ReadPageAsync();

        Assert.Contains("Anmälan gjord.", html);
        Assert.DoesNotContain("Hemlig Mottagare", html);
        Assert.DoesNotContain("HEMLIG-1", html);
        Assert.DoesNotContain("Ett hemligt skäl", html);
        var rectorHtml = await (await rector.GetAsync($"/arende/{w.Step4Case}")).ReadPageAsync()
            + await (await rector.GetAsync($"/arende/{w.MCase}")).ReadPageAsync();
        Assert.Contains("Hemlig Mottagare", rectorHtml);
        Assert.Contains("Ett hemligt skäl", rectorHtml);
    }

    [Fact]
    public async Task Links_FromTheQueueAndThePupilPage_LeadToTheCase_AndStep7IsAudited()
    {
        var w = await WorldAsync();
        var rector = await SignedInAsync(w.RectorEmail);

        Assert.Contains($"href=\"/arende/{w.Step4Case}\"", await (await rector.GetAsync("/eskalering")).ReadPageAsync());
        Assert.Contains($"<a href=\"/arende/{w.Step4Case}\">Öppna ärendet</a>", await (await rector.GetAsync($"/elev/{w.School.Pupils[0]}")).ReadPageAsync());
        AssertStatus(HttpStatusCode.Redirect, await PostAsync(rector, w.Step4Case, "steg7", new() { ["Concern.Version"] = "0" }));
        var again = await PostAsync(rector, w.Step4Case, "steg7", new() { ["Concern.Version"] = "1" });
        AssertStatus(HttpStatusCode.OK, again);
        Assert.Contains("Oro för frånvaro kvarstår är redan registrerat i ärendet.", await again.ReadPageAsync());
        Assert.Single(await OwnAuditAsync(w, w.Rector.Id), a => a.Action == CaseWorkService.ConcernAction);
        Assert.Equal(1, await w.School.WithDatabaseAsync(db => db.Tasks.CountAsync(t => t.CaseId == w.Step4Case && t.Code == TaskCatalog.S7Concern)));
    }

    [Fact]
    public async Task Narvarohjulet_ThePageNamesTheWheelsPhases()
    {
        var w = await WorldAsync();
        await w.School.WithDatabaseAsync(async db =>
        {
            var organisation = await db.Organisations.SingleAsync(o => o.Id == w.School.School.OrganisationId);
            organisation.Policy.Kind = PolicyKind.Narvarohjulet;
            return await db.SaveChangesAsync();
        });
        var rector = await SignedInAsync(w.RectorEmail);

        var html = await (await rector.GetAsync($"/arende/{w.Step4Case}")).ReadPageAsync();

        Assert.Contains("Fas i närvarohjulet", html);
        Assert.Contains("<strong>Analys</strong>", html);
        Assert.Contains("<caption>Analys (steg 4)</caption>", html);
    }

    [Fact]
    public async Task KuratorGivenATaskBelowStep4_ReachesThatCase_AndAFormAddressOrUnknownCaseIsHandled()
    {
        var w = await WorldAsync();
        var step3Task = await w.School.AddTaskAsync(w.School.Pupils[1], TaskCatalog.S4Eht, Today, Today.AddDays(14), step: 3, role: "EHT");
        var rector = await SignedInAsync(w.RectorEmail);
        AssertStatus(HttpStatusCode.Redirect, await PostAsync(rector, w.Step3Case, "tilldela", new()
        {
            ["Assign.TaskId"] = step3Task.ToString(), ["Assign.Version"] = "0", ["Assign.AssigneeUserId"] = w.Kurator.Id,
        }));

        var kurator = await SignedInAsync(w.KuratorEmail);
        var page = await kurator.GetAsync($"/arende/{w.Step3Case}");
        AssertStatus(HttpStatusCode.OK, page);
        Assert.Contains($"id=\"Complete-{step3Task}-DoneOn\"", await page.ReadPageAsync());

        var formAddress = await rector.GetAsync($"/arende/{w.Step4Case}/anmalan");
        AssertStatus(HttpStatusCode.Redirect, formAddress);
        Assert.Equal($"/arende/{w.Step4Case}", formAddress.Headers.Location?.OriginalString);
        var token = Browser.AntiforgeryToken(await (await rector.GetAsync($"/arende/{w.Step4Case}")).Content.ReadAsStringAsync());
        var unknown = await rector.PostAsync("/arende/987654321/steg7", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Concern.Version"] = "0", ["__RequestVerificationToken"] = token,
        }));
        AssertStatus(HttpStatusCode.NotFound, unknown);
    }

    private static string PdfText(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"case-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", path, "-"])
            {
                RedirectStandardOutput = true, UseShellExecute = false,
            })!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return text;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
