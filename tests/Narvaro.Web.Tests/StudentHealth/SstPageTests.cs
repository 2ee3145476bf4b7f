using System.Net;
using Microsoft.EntityFrameworkCore;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.StudentHealth;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests.StudentHealth;

/// <summary>
/// /arende/{id}/sst: the rector records both written consents, the referral is refused with one and sent with both
/// (completing S5-SST), the start date is not before the referral and starts the six-month clock; a stale version is
/// refused with nothing changed; the EHT reads, the mentor and another school's rector get 404; every change audited.
/// </summary>
public sealed class SstPageTests(NarvaroWebFactory factory) : IClassFixture<NarvaroWebFactory>
{
    private static DateOnly Today => CaseWorkWorld.Today;
    private static string Url(CaseWorkWorld world, string rest = "") => $"/arende/{world.CaseId}/sst{rest}";

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, CaseWorkWorld world, string action, int version, params (string Key, string Value)[] fields)
    {
        var form = fields.ToDictionary(f => f.Key, f => f.Value);
        form["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return CaseWorkWorld.PostAsync(client, Url(world, "/" + action), form, Url(world));
    }

    [Fact]
    public async Task Rector_ReferralRefusedWithOnlyGuardianConsent_SentWithBoth_ThenStartsTheClock()
    {
        var world = await CaseWorkWorld.CreateAsync(factory, 5, TaskCatalog.S5Sst);
        var client = await world.SignInAsync(world.Rector);
        var first = await (await client.GetAsync(Url(world))).ReadPageAsync();
        Assert.Contains("<h1>Remiss till skolsociala teamet", first);
        Assert.Contains("Ej startad", first);

        var guardian = await PostAsync(client, world, "samtycke-vardnadshavare", 0,
            ("GuardianConsentOn", CaseWorkWorld.Iso(Today.AddDays(-2))), ("GuardianConsentMethod", "Papper"));
        Assert.Equal(HttpStatusCode.Redirect, guardian.StatusCode);
        var refused = await PostAsync(client, world, "remiss", 1, ("ReferredOn", CaseWorkWorld.Iso(Today)));
        var refusedHtml = await refused.ReadPageAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Remissen kan inte skickas: elevens skriftliga samtycke saknas. Registrera det först.", refusedHtml);
        Assert.Contains("href=\"#ReferredOn\"", refusedHtml);
        Assert.Null((await world.DbAsync(db => db.SstReferrals.SingleAsync(r => r.CaseId == world.CaseId))).ReferredOn);

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, world, "samtycke-elev", 1,
            ("PupilConsentOn", CaseWorkWorld.Iso(Today.AddDays(-1))), ("PupilConsentMethod", "Elektroniskt"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, world, "remiss", 2, ("ReferredOn", CaseWorkWorld.Iso(Today)))).StatusCode);
        var task = await world.DbAsync(db => db.Tasks.SingleAsync(t => t.Id == world.TaskId));
        Assert.Equal((CaseTaskStatus.Done, world.Rector.User.Id), (task.Status, task.DoneByUserId));

        var early = await PostAsync(client, world, "start", 3, ("StartedOn", CaseWorkWorld.Iso(Today.AddDays(-1))));
        Assert.Contains($"Startdatumet kan inte vara före {SwedishDates.Short(Today)}, då remissen skickades.", await early.ReadPageAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, world, "start", 3, ("StartedOn", CaseWorkWorld.Iso(Today)))).StatusCode);

        var page = await (await client.GetAsync(Url(world))).ReadPageAsync();
        var end = Today.AddMonths(6);
        Assert.Contains($"Insatsen slutar {SwedishDates.Short(end)} – om {end.DayNumber - Today.DayNumber} dagar", page);
        Assert.Contains("Pågår", page);
        Assert.Contains($"Skriftligt {SwedishDates.Short(Today.AddDays(-1))}, elektroniskt, registrerat av Rut Rektor", page);

        var referral = await world.DbAsync(db => db.SstReferrals.SingleAsync(r => r.CaseId == world.CaseId));
        Assert.Equal((4, Today, Today), (referral.Version, referral.ReferredOn, referral.StartedOn));
        Assert.Equal(4, (await world.AuditAsync(world.Rector.User.Id, SstService.ChangedAction)).Count);
        Assert.Equal(4, await world.DbAsync(db => db.CaseEvents.CountAsync(e => e.CaseId == world.CaseId && e.Kind == CaseEventKind.SstReferral)));
    }

    [Fact]
    public async Task StaleVersion_Refused_NothingChanged()
    {
        var world = await CaseWorkWorld.CreateAsync(factory, 5, TaskCatalog.S5Sst);
        var client = await world.SignInAsync(world.Rector);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, world, "samtycke-vardnadshavare", 0,
            ("GuardianConsentOn", CaseWorkWorld.Iso(Today)), ("GuardianConsentMethod", "Post"))).StatusCode);

        var stale = await PostAsync(client, world, "samtycke-elev", 0, ("PupilConsentOn", CaseWorkWorld.Iso(Today)), ("PupilConsentMethod", "Post"));
        var html = await stale.ReadPageAsync();
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("Remissen har ändrats av någon annan", html);
        var referral = await world.DbAsync(db => db.SstReferrals.SingleAsync(r => r.CaseId == world.CaseId));
        Assert.Equal((1, (DateOnly?)null), (referral.Version, referral.PupilConsentOn));
        Assert.Single(await world.AuditAsync(world.Rector.User.Id, SstService.ChangedAction));
    }

    [Fact]
    public async Task DoubleRecord_SecondConsentWithTheNewVersion_Refused_NothingChanged()
    {
        var world = await CaseWorkWorld.CreateAsync(factory, 5, TaskCatalog.S5Sst);
        var client = await world.SignInAsync(world.Rector);
        (string, string)[] consent = [("GuardianConsentOn", CaseWorkWorld.Iso(Today)), ("GuardianConsentMethod", "Post")];
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, world, "samtycke-vardnadshavare", 0, consent)).StatusCode);
        var again = await PostAsync(client, world, "samtycke-vardnadshavare", 1, ("GuardianConsentOn", CaseWorkWorld.Iso(Today.AddDays(-1))), ("GuardianConsentMethod", "Papper"));
        Assert.Contains("Vårdnadshavarens samtycke är redan registrerat. Ingenting ändrades.", await again.ReadPageAsync());
        var referral = await world.DbAsync(db => db.SstReferrals.SingleAsync(r => r.CaseId == world.CaseId));
        Assert.Equal((1, (DateOnly?)Today, (ConsentMethod?)ConsentMethod.Post), (referral.Version, referral.GuardianConsentOn, referral.GuardianConsentMethod));
    }

    [Theory]
    [InlineData("GuardianConsentOn", "2026-13-01", "Datumet finns inte")]
    [InlineData("GuardianConsentOn", "", "Ange datum då vårdnadshavaren gav sitt samtycke")]
    [InlineData("GuardianConsentMethod", "Fax", "Välj hur samtycket gavs")]
    [InlineData("GuardianConsentMethod", "2", "Välj hur samtycket gavs")]
    [InlineData("GuardianConsentOn", "2999-01-01", "kan inte vara senare än i dag")]
    public async Task Consent_BadValue_SwedishMessage_NothingCreated(string field, string value, string message)
    {
        var world = await CaseWorkWorld.CreateAsync(factory, 5, TaskCatalog.S5Sst);
        var client = await world.SignInAsync(world.Rector);
        var fields = new Dictionary<string, string> { ["GuardianConsentOn"] = CaseWorkWorld.Iso(Today), ["GuardianConsentMethod"] = "Papper", [field] = value };
        var response = await PostAsync(client, world, "samtycke-vardnadshavare", 0, fields.Select(f => (f.Key, f.Value)).ToArray());
        var html = await response.ReadPageAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("class=\"error-summary\"", html);
        Assert.Contains(message, html);
        Assert.False(await world.DbAsync(db => db.SstReferrals.AnyAsync(r => r.CaseId == world.CaseId)));
    }

    [Fact]
    public async Task Step4Case_RectorToldTheStep_NoForms()
    {
        var world = await CaseWorkWorld.CreateAsync(factory, 4, TaskCatalog.S4Skolsocial);
        var client = await world.SignInAsync(world.Rector);
        var html = await (await client.GetAsync(Url(world))).ReadPageAsync();
        Assert.Contains("Ärendet är på steg 4. Remiss till skolsociala teamet görs från steg 5", html);
        Assert.DoesNotContain("Skicka remissen</button>", html);
        var post = await PostAsync(client, world, "samtycke-vardnadshavare", 0, ("GuardianConsentOn", CaseWorkWorld.Iso(Today)), ("GuardianConsentMethod", "Papper"));
        Assert.Contains("Ärendet är på steg 4.", await post.ReadPageAsync());
        Assert.False(await world.DbAsync(db => db.SstReferrals.AnyAsync(r => r.CaseId == world.CaseId)));
    }

    [Fact]
    public async Task ContinuousInvalidAtStep0_MayBeReferred()
    {
        var world = await CaseWorkWorld.CreateAsync(factory, 0, TaskCatalog.MReport, continuousInvalid: true);
        var client = await world.SignInAsync(world.Rector);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, world, "samtycke-vardnadshavare", 0,
            ("GuardianConsentOn", CaseWorkWorld.Iso(Today)), ("GuardianConsentMethod", "Papper"))).StatusCode);
    }

    [Fact]
    public async Task Kurator_Reads_CannotChange_Mentor_And_OtherRector_404()
    {
        var world = await CaseWorkWorld.CreateAsync(factory, 5, TaskCatalog.S5Sst);
        var kurator = await world.SignInAsync(world.Kurator);
        var page = await kurator.GetAsync(Url(world));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Bara rektor på skolan kan ändra den.", await page.ReadPageAsync());
        Assert.Single(await world.AuditAsync(world.Kurator.User.Id, SstService.ViewedAction));
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(kurator, world, "samtycke-vardnadshavare", 0,
            ("GuardianConsentOn", CaseWorkWorld.Iso(Today)), ("GuardianConsentMethod", "Papper"))).StatusCode);

        foreach (var who in new[] { world.Mentor, world.OtherRector })
        {
            var client = await world.SignInAsync(who);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Url(world))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, world, "remiss", 0, ("ReferredOn", CaseWorkWorld.Iso(Today)))).StatusCode);
        }
        Assert.False(await world.DbAsync(db => db.SstReferrals.AnyAsync(r => r.CaseId == world.CaseId)));
    }

    [Fact]
    public async Task TaskPage_OpenS5Sst_LinksTheSstPage_ForTheRector()
    {
        var world = await CaseWorkWorld.CreateAsync(factory, 5, TaskCatalog.S5Sst);
        var client = await world.SignInAsync(world.Rector);
        var html = await (await client.GetAsync($"/uppgift/{world.TaskId}")).ReadPageAsync();
        Assert.Contains($"<a class=\"button\" href=\"/arende/{world.CaseId}/sst\">Remiss till skolsociala teamet</a>", html);
    }

    [Fact]
    public async Task WarningAMonthBeforeTheEnd_AndClosing()
    {
        var world = await CaseWorkWorld.CreateAsync(factory, 5, TaskCatalog.S5Sst);
        var start = Today.AddMonths(-5).AddDays(-3);
        await world.DbAsync(async db =>
        {
            db.SstReferrals.Add(new SstReferral
            {
                CaseId = world.CaseId, GuardianConsentOn = start.AddDays(-5), GuardianConsentMethod = ConsentMethod.Papper,
                PupilConsentOn = start.AddDays(-5), PupilConsentMethod = ConsentMethod.Papper, ReferredOn = start.AddDays(-2),
                StartedOn = start, Version = 4, CreatedAtUtc = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        var client = await world.SignInAsync(world.Rector);
        var html = await (await client.GetAsync(Url(world))).ReadPageAsync();
        Assert.Contains("Snart slut", html);
        Assert.Contains("Mindre än en månad kvar", html);

        var missing = await PostAsync(client, world, "avslut", 4, ("EndedOn", CaseWorkWorld.Iso(Today)), ("ClosingEvaluation", ""), ("Outcome", "MalUppnatt"));
        Assert.Contains("Skriv den avslutande utvärderingen", await missing.ReadPageAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, world, "avslut", 4,
            ("EndedOn", CaseWorkWorld.Iso(Today)), ("ClosingEvaluation", "Närvaron har ökat till 90 %."), ("Outcome", "MalUppnatt"))).StatusCode);
        var closed = await (await client.GetAsync(Url(world))).ReadPageAsync();
        Assert.Contains("Avslutad", closed);
        Assert.Contains("Målen uppnådda", closed);
        var again = await PostAsync(client, world, "avslut", 5, ("EndedOn", CaseWorkWorld.Iso(Today)), ("ClosingEvaluation", "Igen"), ("Outcome", "EjUppnatt"));
        Assert.Contains("kan inte ändras", await again.ReadPageAsync());
        Assert.Equal(SstOutcome.MalUppnatt, (await world.DbAsync(db => db.SstReferrals.SingleAsync(r => r.CaseId == world.CaseId))).Outcome);
        // After the closing only the booster meeting, "en tid efter avslutat stöd", can be set.
        var afterClosing = await (await client.GetAsync(Url(world))).ReadPageAsync();
        Assert.DoesNotContain("Avsluta insatsen</button>", afterClosing);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, world, "booster", 5, ("BoosterMeetingOn", CaseWorkWorld.Iso(Today.AddMonths(2))))).StatusCode);
        Assert.Equal(Today.AddMonths(2), (await world.DbAsync(db => db.SstReferrals.SingleAsync(r => r.CaseId == world.CaseId))).BoosterMeetingOn);
    }
}
