using System.Net;
using Microsoft.EntityFrameworkCore;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.StudentHealth;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests.StudentHealth;

/// <summary>
/// /arende/{id}/kartlaggning: the school's kurator (step 4) and rector read and record Bilaga 2; the mentor and a rector
/// of another school get 404 on the page and every PDF; recording completes S4-SKOLSOCIAL and logs that it was done,
/// never what it says; the PDFs read back with pdftotext; every view, download and save is audited.
/// </summary>
public sealed class KartlaggningPageTests(NarvaroWebFactory factory) : IClassFixture<NarvaroWebFactory>
{
    private const string SecretAnswer = "Eleven berättar om oro hemma och svårt att sova";
    private static DateOnly Today => CaseWorkWorld.Today;

    private static Dictionary<string, string> ValidForm(CaseWorkWorld world, int basedOn = 0) => new()
    {
        ["DoneOn"] = CaseWorkWorld.Iso(Today.AddDays(-1)),
        ["DoneByUserId"] = world.Kurator.User.Id,
        ["Answer1"] = "Trivs med klasskamraterna men tycker matematiken är svår.",
        ["Answer2"] = SecretAnswer,
        ["Answer3"] = "",
        ["Answer4"] = "Vill börja med kortare dagar.",
        ["PupilConsent"] = "true",
        ["PupilConsentOn"] = CaseWorkWorld.Iso(Today),
        ["BasedOnVersion"] = basedOn.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string Url(CaseWorkWorld world, string rest = "") => $"/arende/{world.CaseId}/kartlaggning{rest}";

    [Fact]
    public async Task Kurator_Step4_RecordsVersion1_CompletesTheTask_EventSaysDoneNotWhat_Audited()
    {
        var world = await CaseWorkWorld.CreateAsync(factory, 4, TaskCatalog.S4Skolsocial);
        var client = await world.SignInAsync(world.Kurator);

        var page = await client.GetAsync(Url(world));
        var html = await page.ReadPageAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h1>Skolsocial kartläggning (bilaga 2)", html);
        foreach (var (question, _) in KartlaggningService.Areas)
            Assert.Contains($">{question}</label>", html);
        Assert.Contains("Eleven har tagit del av kartläggningen och godkänner att den lämnas till rektor.", html);
        Assert.Contains("Ingen kartläggning är registrerad än.", html);

        var posted = await CaseWorkWorld.PostAsync(client, Url(world), ValidForm(world), Url(world));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var after = await (await client.GetAsync(Url(world))).ReadPageAsync();
        Assert.Contains("Kartläggningen är registrerad som version 1", after);
        Assert.Contains("är klarmarkerad", after);
        Assert.Contains("<th scope=\"row\">1</th>", after);
        Assert.Contains($"Godkänd {SwedishDates.Short(Today)}", after);
        Assert.Contains(SecretAnswer, after);

        var record = await world.DbAsync(db => db.Kartlaggningar.SingleAsync(k => k.CaseId == world.CaseId));
        Assert.Equal((1, Today.AddDays(-1), world.Kurator.User.Id, true, (DateOnly?)Today), (record.Version, record.DoneOn, record.DoneByUserId, record.PupilConsent, record.PupilConsentOn));
        var task = await world.DbAsync(db => db.Tasks.SingleAsync(t => t.Id == world.TaskId));
        Assert.Equal((CaseTaskStatus.Done, world.Kurator.User.Id, KartlaggningService.TaskNote), (task.Status, task.DoneByUserId, task.Note));
        var events = await world.DbAsync(db => db.CaseEvents.Where(e => e.CaseId == world.CaseId).ToListAsync());
        var done = Assert.Single(events, e => e.Kind == CaseEventKind.KartlaggningRecorded);
        Assert.Equal($"Skolsocial kartläggning (bilaga 2) gjord {SwedishDates.Short(Today.AddDays(-1))} av Kim Kurator, version 1.", done.Text);
        Assert.All(events, e => Assert.DoesNotContain("sova", e.Text));
        Assert.Equal(1, await world.DbAsync(db => db.Cases.Where(c => c.Id == world.CaseId).Select(c => c.Version).SingleAsync()));
        // The page, the page the form's token came from, and the page after the redirect.
        Assert.Equal(3, (await world.AuditAsync(world.Kurator.User.Id, KartlaggningService.ViewedAction)).Count);
        var saved = Assert.Single(await world.AuditAsync(world.Kurator.User.Id, KartlaggningService.RecordedAction));
        Assert.Equal($"Ärende {world.CaseId}: Bilaga 2 Skolsocial kartläggning version 1, uppgift S4-SKOLSOCIAL klar", saved.Details);
        Assert.DoesNotContain("sova", saved.Details);

        // A second save is version 2; a form based on version 0 (another tab) is refused with nothing saved.
        Assert.Equal(HttpStatusCode.Redirect, (await CaseWorkWorld.PostAsync(client, Url(world), ValidForm(world, basedOn: 1), Url(world))).StatusCode);
        var stale = await CaseWorkWorld.PostAsync(client, Url(world), ValidForm(world, basedOn: 0), Url(world));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var staleHtml = await stale.ReadPageAsync();
        Assert.Contains("Någon annan har sparat version 2 av kartläggningen", staleHtml);
        Assert.Contains("name=\"BasedOnVersion\" value=\"2\"", staleHtml);
        Assert.Equal(2, await world.DbAsync(db => db.Kartlaggningar.CountAsync(k => k.CaseId == world.CaseId)));
    }

    [Fact]
    public async Task Mentor_And_OtherSchoolsRector_404_OnThePage_EveryPdf_AndThePost_AndTheMentorSeesNoAnswer()
    {
        var world = await CaseWorkWorld.CreateAsync(factory, 4, TaskCatalog.S4Skolsocial);
        var kurator = await world.SignInAsync(world.Kurator);
        Assert.Equal(HttpStatusCode.Redirect, (await CaseWorkWorld.PostAsync(kurator, Url(world), ValidForm(world), Url(world))).StatusCode);

        foreach (var who in new[] { world.Mentor, world.OtherRector })
        {
            var client = await world.SignInAsync(who);
            foreach (var rest in new[] { "", "/blank.pdf", "/ifylld.pdf", "/1.pdf" })
            {
                var response = await client.GetAsync(Url(world, rest));
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.Contains("Sidan finns inte", await response.ReadPageAsync());
            }
            var post = await CaseWorkWorld.PostAsync(client, Url(world), ValidForm(world, 1), Url(world));
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
            Assert.Empty(await world.AuditAsync(who.User.Id, KartlaggningService.ViewedAction));
            Assert.Empty(await world.AuditAsync(who.User.Id, KartlaggningService.DownloadedAction));
        }
        Assert.Equal(1, await world.DbAsync(db => db.Kartlaggningar.CountAsync(k => k.CaseId == world.CaseId)));

        var mentor = await world.SignInAsync(world.Mentor);
        var pupilPage = await mentor.GetAsync($"/elev/{world.PupilId}");
        Assert.Equal(HttpStatusCode.OK, pupilPage.StatusCode);
        var pupilHtml = await pupilPage.ReadPageAsync();
        Assert.DoesNotContain(SecretAnswer, pupilHtml);
        Assert.DoesNotContain("matematiken är svår", pupilHtml);
        var taskPage = await (await mentor.GetAsync($"/uppgift/{world.TaskId}")).ReadPageAsync();
        Assert.DoesNotContain(SecretAnswer, taskPage);
        Assert.DoesNotContain("/kartlaggning", taskPage);
    }

    [Fact]
    public async Task Kurator_Step3WithoutATaskGivenToHer_404_AndUnknownCase_404()
    {
        var world = await CaseWorkWorld.CreateAsync(factory, 3, TaskCatalog.S3Checklist);
        var client = await world.SignInAsync(world.Kurator);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Url(world))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/arende/987654/kartlaggning")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Url(world, "/99.pdf"))).StatusCode);
    }

    [Theory]
    [InlineData("DoneOn", "", "Ange datum då kartläggningen gjordes")]
    [InlineData("DoneOn", "2026-02-30", "Datumet för kartläggningen finns inte")]
    [InlineData("DoneOn", "9999-12-31", "kan inte vara senare än i dag")]
    [InlineData("DoneOn", "2001-01-01", "dagen då ärendet öppnades")]
    [InlineData("DoneByUserId", "okand-anvandare", "Välj vilken skolkurator som gjorde kartläggningen.")]
    [InlineData("PupilConsentOn", "", "Ange datum då eleven godkände kartläggningen.")]
    [InlineData("BasedOnVersion", "abc", "Formuläret saknar uppgift om vilken version det bygger på.")]
    public async Task Record_BadValue_SwedishMessageAtTheField_NothingSaved(string field, string value, string message)
    {
        var world = await CaseWorkWorld.CreateAsync(factory, 4, TaskCatalog.S4Skolsocial);
        var client = await world.SignInAsync(world.Kurator);
        var form = ValidForm(world);
        form[field] = value;

        var response = await CaseWorkWorld.PostAsync(client, Url(world), form, Url(world));
        var html = await response.ReadPageAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("class=\"error-summary\"", html);
        Assert.Contains(message, html);
        Assert.Contains(SecretAnswer, html);
        Assert.False(await world.DbAsync(db => db.Kartlaggningar.AnyAsync(k => k.CaseId == world.CaseId)));
        Assert.Equal(CaseTaskStatus.Open, (await world.DbAsync(db => db.Tasks.SingleAsync(t => t.Id == world.TaskId))).Status);
    }

    [Fact]
    public async Task Record_AnswerOver4000Characters_Refused()
    {
        var world = await CaseWorkWorld.CreateAsync(factory, 4, TaskCatalog.S4Skolsocial);
        var client = await world.SignInAsync(world.Kurator);
        var form = ValidForm(world);
        form["Answer3"] = new string('x', 4001);
        var html = await (await CaseWorkWorld.PostAsync(client, Url(world), form, Url(world))).ReadPageAsync();
        Assert.Contains("får vara högst 4000 tecken. Det är 4001 tecken – korta det.", html);
        Assert.Contains("href=\"#Answer3\"", html);
        Assert.False(await world.DbAsync(db => db.Kartlaggningar.AnyAsync(k => k.CaseId == world.CaseId)));
    }

    [Fact]
    public async Task Pdfs_BlankHasTheHeadings_PrefilledThePupil_RecordedTheAnswers_EachDownloadAudited()
    {
        var world = await CaseWorkWorld.CreateAsync(factory, 4, TaskCatalog.S4Skolsocial);
        var rector = await world.SignInAsync(world.Rector);
        Assert.Equal(HttpStatusCode.Redirect, (await CaseWorkWorld.PostAsync(rector, Url(world), ValidForm(world), Url(world))).StatusCode);

        var blank = await rector.GetAsync(Url(world, "/blank.pdf"));
        Assert.Equal("application/pdf", blank.Content.Headers.ContentType?.MediaType);
        Assert.True(blank.Headers.CacheControl?.NoStore);
        var blankText = CaseWorkWorld.PdfText(await blank.Content.ReadAsByteArrayAsync());
        Assert.Contains("Bilaga 2 Skolsocial kartläggning – skolfrånvaro", blankText);
        Assert.Contains("Hur mår du känslomässigt?", blankText);
        Assert.Contains("Vad tycker du att du behöver för stöd", blankText);
        Assert.DoesNotContain("Alva Lind", blankText);

        var prefilled = CaseWorkWorld.PdfText(await (await rector.GetAsync(Url(world, "/ifylld.pdf"))).Content.ReadAsByteArrayAsync());
        Assert.Contains("Alva Lind", prefilled);
        Assert.Contains("Frånvaro enligt närvarodata", prefilled);

        var recorded = CaseWorkWorld.PdfText(await (await rector.GetAsync(Url(world, "/1.pdf"))).Content.ReadAsByteArrayAsync());
        Assert.Contains("Eleven berättar om oro hemma", recorded);
        Assert.Contains("Kim Kurator", recorded);
        Assert.Contains($"Ja, {CaseWorkWorld.Iso(Today)}", recorded);

        var downloads = await world.AuditAsync(world.Rector.User.Id, KartlaggningService.DownloadedAction);
        Assert.Equal(3, downloads.Count);
        Assert.Contains("version 1", downloads[2].Details);
    }

    [Fact]
    public async Task TaskPage_OpenS4Skolsocial_LinksTheKartlaggning_ForTheKuratorItWasGivenTo()
    {
        var world = await CaseWorkWorld.CreateAsync(factory, 4, TaskCatalog.S4Skolsocial);
        await world.DbAsync(async db =>
        {
            var task = await db.Tasks.SingleAsync(t => t.Id == world.TaskId);
            (task.AssigneeUserId, task.AssignedByUserId, task.AssignedAtUtc) = (world.Kurator.User.Id, world.Rector.User.Id, DateTime.UtcNow);
            return await db.SaveChangesAsync();
        });
        var client = await world.SignInAsync(world.Kurator);
        var html = await (await client.GetAsync($"/uppgift/{world.TaskId}")).ReadPageAsync();
        Assert.Contains($"<a class=\"button\" href=\"/arende/{world.CaseId}/kartlaggning\">Skolsocial kartläggning (bilaga 2)</a>", html);
    }
}
