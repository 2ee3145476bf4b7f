using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Narvaro.BrowserTests.Infrastructure;
using Narvaro.Demo;
using Narvaro.Domain;
using Narvaro.Escalation;
using Xunit.Abstractions;

namespace Narvaro.BrowserTests;

/// <summary>
/// Bilaga 2 and skolsociala teamet in a real browser. The kurator (the demo account kurator.bjorkskolan@sjovik.demo)
/// reaches the skolsocial kartläggning from Mina uppgifter through the task given to her, downloads the blank and the
/// prefilled form (read back with pdftotext), records it (first with an error) and sees version 1; the pupil's mentor
/// typing the URL gets 404. The rector reaches the S5-SST task, is refused the referral with only the guardian's consent,
/// records the pupil's, sends it, sets the start date and sees the six-month clock. axe-core: no WCAG 2.1 A/AA violation.
/// </summary>
public sealed class KartlaggningInBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const string DemoKurator = "kurator.bjorkskolan@sjovik.demo";
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
    private static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTime.UtcNow, SwedishTime.Zone));
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed record Setup(int CaseId, int SkolsocialTaskId, int SstTaskId, string MentorEmail, string RectorEmail);

    /// <summary>Björkskolan with Alva Lind at step 5: S4-SKOLSOCIAL given to the kurator by the rector, S5-SST open for the rector.</summary>
    private async Task<Setup> BjorkskolanAsync(string unitCode, bool demoKurator)
    {
        var app = chromium.App;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var mentorEmail = $"mentor.{suffix}@skola.test";
        var rectorEmail = $"rektor.{suffix}@skola.test";
        var mentor = await app.AddStaffAsync(mentorEmail, "Maja Mentor", StaffRoles.Mentor);
        var rector = await app.AddStaffAsync(rectorEmail, "Rut Rektor", StaffRoles.Rektor);
        StaffUser? kurator = null;
        if (demoKurator)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            kurator = new StaffUser { UserName = DemoKurator, Email = DemoKurator, DisplayName = "Karin Kurator", EmailConfirmed = true };
            var created = await users.CreateAsync(kurator, DemoSeeder.DemoPassword);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        var ids = await app.WithDatabaseAsync(async db =>
        {
            var school = new School { Organisation = new Organisation { Name = $"Sjövik {suffix}" }, Name = "Björkskolan", SchoolUnitCode = unitCode };
            var pupil = new Pupil
            {
                ExternalId = "B" + suffix, FirstName = "Alva", LastName = "Lind", GradeLevel = "8", School = school,
                Class = new SchoolClass { School = school, Name = "8B" }, MentorId = mentor.Id,
            };
            var @case = new AbsenceCase { Pupil = pupil, OpenedOn = Today.AddDays(-30), Step = 5 };
            var skolsocial = new CaseTask
            {
                Pupil = pupil, Case = @case, Code = TaskCatalog.S4Skolsocial, Role = nameof(TaskRole.Rektor), RaisedOn = Today.AddDays(-12), Due = Today.AddDays(2),
                AssigneeUserId = kurator?.Id, AssignedByUserId = kurator is null ? null : rector.Id, AssignedAtUtc = kurator is null ? null : DateTime.UtcNow,
            };
            var sst = new CaseTask { Pupil = pupil, Case = @case, Code = TaskCatalog.S5Sst, Role = nameof(TaskRole.Rektor), RaisedOn = Today.AddDays(-2), Due = Today.AddDays(5) };
            db.Tasks.AddRange(skolsocial, sst);
            await db.SaveChangesAsync();
            return (@case.Id, skolsocial.Id, sst.Id);
        });
        await app.AssignAsync(rector, StaffRoles.Rektor, unitCode);
        if (kurator is not null) await app.AssignAsync(kurator, StaffRoles.Skolkurator, unitCode);
        return new Setup(ids.Item1, ids.Item2, ids.Item3, mentorEmail, rectorEmail);
    }

    private async Task<IPage> SignInAsync(string email, string password, string name)
    {
        var page = await chromium.NewPageAsync();
        await page.GotoAsync("/konto/logga-in");
        await page.GetByLabel("E-postadress").FillAsync(email);
        await page.GetByLabel("Lösenord").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Välkommen, {name}" })).ToBeVisibleAsync();
        return page;
    }

    private static async Task OpenTaskFromMinaUppgifterAsync(IPage page, string title)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" })
            .GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Mina uppgifter") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mina uppgifter", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Table, new() { Name = "Öppna uppgifter" }).GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task DemoKurator_FromMinaUppgifter_DownloadsAndRecordsTheKartlaggning_MentorGets404()
    {
        var setup = await BjorkskolanAsync("77770001", demoKurator: true);
        var page = await SignInAsync(DemoKurator, DemoSeeder.DemoPassword, "Karin Kurator");

        await OpenTaskFromMinaUppgifterAsync(page, "Ge skolkurator uppdrag att göra en skolsocial kartläggning (bilaga 2)");
        await AssertNoWcagViolationsAsync(page, "task");
        await page.GetByRole(AriaRole.Link, new() { Name = "Skolsocial kartläggning (bilaga 2)" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Skolsocial kartläggning (bilaga 2)");
        Assert.EndsWith($"/arende/{setup.CaseId}/kartlaggning", page.Url);
        await AssertNoWcagViolationsAsync(page, "form");
        await Evidence.ScreenshotAsync(output, page, "kartlaggning-form.png");

        var blank = await DownloadTextAsync(page, "Tom bilaga 2 att skriva ut (PDF)");
        Assert.Contains("Bilaga 2 Skolsocial kartläggning – skolfrånvaro", blank);
        Assert.Contains("Frågor/områden som diskuteras i kurators samtal med eleven", blank);
        Assert.Contains("Hur ser din hem- och fritidssituation ut?", blank);
        var prefilled = await DownloadTextAsync(page, "Bilaga 2 ifylld med elevens uppgifter och frånvaro (PDF)");
        Assert.Contains("Alva Lind", prefilled);
        Assert.Contains("Hur upplever du din situation i skolan, pedagogiskt och socialt?", prefilled);

        // First without a date: the error summary links to the field, nothing is saved.
        await page.GetByLabel("Datum då kartläggningen gjordes").FillAsync("");
        await page.GetByLabel("Hur mår du känslomässigt?").FillAsync("Sover dåligt och oroar sig inför skoldagen.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera kartläggningen" }).ClickAsync();
        var summary = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(summary).ToContainTextAsync("Ange datum då kartläggningen gjordes");
        await Assertions.Expect(page.GetByLabel("Hur mår du känslomässigt?")).ToHaveValueAsync("Sover dåligt och oroar sig inför skoldagen.");
        await AssertNoWcagViolationsAsync(page, "error");
        await Evidence.ScreenshotAsync(output, page, "kartlaggning-fel.png");

        await page.GetByLabel("Datum då kartläggningen gjordes").FillAsync(Iso(Today.AddDays(-1)));
        await page.GetByLabel("Hur upplever du din situation i skolan, pedagogiskt och socialt?").FillAsync("Trivs med kamraterna, matematiken känns svår.");
        await page.GetByLabel("Eleven har tagit del av kartläggningen och godkänner att den lämnas till rektor.").CheckAsync();
        await page.GetByLabel("Datum för elevens godkännande").FillAsync(Iso(Today));
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera kartläggningen" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Kartläggningen är registrerad som version 1");
        var versions = page.GetByRole(AriaRole.Table, new() { Name = "1 version, den senaste först" });
        await Assertions.Expect(versions.GetByRole(AriaRole.Rowheader, new() { Name = "1" })).ToBeVisibleAsync();
        await Assertions.Expect(versions).ToContainTextAsync("Karin Kurator");
        await Assertions.Expect(versions).ToContainTextAsync($"Godkänd {SwedishDates.Short(Today)}");
        await AssertNoWcagViolationsAsync(page, "saved");
        await Evidence.ScreenshotAsync(output, page, "kartlaggning-version-1.png");
        var recorded = await DownloadTextAsync(page, "Bilaga 2, version 1 (PDF)");
        Assert.Contains("Sover dåligt och oroar sig inför skoldagen.", recorded);

        var task = await chromium.App.WithDatabaseAsync(db => db.Tasks.SingleAsync(t => t.Id == setup.SkolsocialTaskId));
        Assert.Equal(CaseTaskStatus.Done, task.Status);

        // The mentor of the pupil types the URL: the not-found page, nothing of the kartläggning.
        var mentor = await SignInAsync(setup.MentorEmail, KestrelAppFactory.Password, "Maja Mentor");
        var response = await mentor.GotoAsync($"/arende/{setup.CaseId}/kartlaggning");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(mentor.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sidan finns inte");
        await Assertions.Expect(mentor.Locator("main")).Not.ToContainTextAsync("Sover dåligt");
        await AssertNoWcagViolationsAsync(mentor, "mentor 404");
        await Evidence.ScreenshotAsync(output, mentor, "kartlaggning-mentor-404.png");
    }

    [Fact]
    public async Task Rector_FromMinaUppgifter_SendsTheSstReferralWithBothConsents_AndSeesTheClock()
    {
        var setup = await BjorkskolanAsync("77770002", demoKurator: false);
        var page = await SignInAsync(setup.RectorEmail, KestrelAppFactory.Password, "Rut Rektor");

        await OpenTaskFromMinaUppgifterAsync(page, "Kontakta skolkontorets samordnare för skolsociala teamet – enskild handlingsplan");
        await page.GetByRole(AriaRole.Link, new() { Name = "Remiss till skolsociala teamet" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Remiss till skolsociala teamet");
        Assert.EndsWith($"/arende/{setup.CaseId}/sst", page.Url);
        await AssertNoWcagViolationsAsync(page, "sst start");
        await Evidence.ScreenshotAsync(output, page, "sst-start.png");

        await page.GetByLabel("Datum för samtycket från vårdnadshavare").FillAsync(Iso(Today.AddDays(-1)));
        await page.GetByRole(AriaRole.Group, new() { Name = "Hur gav vårdnadshavaren sitt skriftliga samtycke?" }).GetByLabel("På papper").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera samtycket från vårdnadshavare" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Skriftligt samtycke från vårdnadshavare registrerat");

        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka remissen" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("elevens skriftliga samtycke saknas");
        await AssertNoWcagViolationsAsync(page, "sst refused");
        await Evidence.ScreenshotAsync(output, page, "sst-remiss-nekad.png");

        await page.GetByLabel("Datum för samtycket från elev").FillAsync(Iso(Today));
        await page.GetByRole(AriaRole.Group, new() { Name = "Hur gav eleven sitt skriftliga samtycke?" }).GetByLabel("Elektroniskt (e-legitimation)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera samtycket från elev" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Skriftligt samtycke från eleven registrerat");

        await page.GetByLabel("Datum då remissen skickades till samordnarna").FillAsync(Iso(Today));
        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka remissen" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Remiss till skolsociala teamet skickad");

        await page.GetByLabel("Startdatum för insatsen").FillAsync(Iso(Today));
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrera startdatum" }).ClickAsync();
        var end = Today.AddMonths(6);
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Insatsen från skolsociala teamet startar");
        await Assertions.Expect(page.Locator(".sst-clock")).ToContainTextAsync($"Insatsen slutar {SwedishDates.Short(end)} – om {end.DayNumber - Today.DayNumber} dagar");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Insatsen: Pågår" })).ToBeVisibleAsync();
        await AssertNoWcagViolationsAsync(page, "sst started");
        await Evidence.ScreenshotAsync(output, page, "sst-klocka.png");

        var task = await chromium.App.WithDatabaseAsync(db => db.Tasks.SingleAsync(t => t.Id == setup.SstTaskId));
        Assert.Equal(CaseTaskStatus.Done, task.Status);
    }

    private static async Task<string> DownloadTextAsync(IPage page, string linkName)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = linkName }).First.ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), $"narvaro-browser-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(path);
        try
        {
            return string.Join(" ", Evidence.PdfText(path).Split((char[])[' ', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Zero violations of WCAG 2.0/2.1 level A and AA; other axe findings are printed.</summary>
    private async Task AssertNoWcagViolationsAsync(IPage page, string state)
    {
        var all = await Axe.RunAsync(page); // also injects axe-core
        var json = await page.EvaluateAsync<System.Text.Json.JsonElement>(
            """
            async (tags) => {
                const results = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
                return results.violations.map(v => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`);
            }
            """, WcagTags);
        var wcag = json.EnumerateArray().Select(v => v.GetString()).ToList();
        output.WriteLine($"axe {state}: {wcag.Count} WCAG 2.1 A/AA violation(s), {all.Count} finding(s) in all");
        foreach (var v in all) output.WriteLine("  " + v);
        Assert.True(wcag.Count == 0, $"WCAG 2.1 A/AA violations ({state}) on {page.Url}:\n" + string.Join("\n", wcag));
    }
}
