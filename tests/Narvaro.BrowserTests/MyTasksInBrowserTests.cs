using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Narvaro.BrowserTests.Infrastructure;
using Narvaro.Domain;
using Narvaro.Escalation;
using Xunit.Abstractions;

namespace Narvaro.BrowserTests;

/// <summary>
/// The kurator's morning: sign in, follow "Mina uppgifter" in the menu (with the overdue count), open the skolsocial
/// kartläggning and complete it with a date and a note, and see it among the done ones. axe-core finds no violation
/// on either page.
/// </summary>
public sealed class MyTasksInBrowserTests : IClassFixture<ChromiumFixture>
{
    private readonly ChromiumFixture _chromium;
    private readonly ITestOutputHelper _output;

    public MyTasksInBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
    {
        _chromium = chromium;
        _output = output;
    }

    [Fact]
    public async Task Kurator_OpensMinaUppgifterFromTheMenu_AndCompletesTheSkolsocialKartlaggning()
    {
        var email = $"kurator.{Guid.NewGuid():N}@skola.test";
        var kurator = await _chromium.App.AddStaffAsync(email, "Kim Kurator", StaffRoles.Skolkurator);
        await _chromium.App.AddPupilsAsync("K1001", "K1002");
        await _chromium.App.AssignAsync(kurator, StaffRoles.Skolkurator, "12345678");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTime.UtcNow, SwedishTime.Zone));
        var taskId = await _chromium.App.WithDatabaseAsync(async db =>
        {
            var pupils = await db.Pupils.OrderBy(p => p.ExternalId).ToListAsync();
            (pupils[0].FirstName, pupils[0].LastName) = ("Alva", "Lind");
            (pupils[1].FirstName, pupils[1].LastName) = ("Bruno", "Ek");
            var first = db.Cases.Add(new AbsenceCase { PupilId = pupils[0].Id, OpenedOn = today.AddDays(-6), Step = 4 }).Entity;
            var second = db.Cases.Add(new AbsenceCase { PupilId = pupils[1].Id, OpenedOn = today.AddDays(-1), Step = 4 }).Entity;
            // This huvudman's policy gives the skolsocial kartläggning to the skolkurator.
            var skolsocial = db.Tasks.Add(new CaseTask
            {
                PupilId = pupils[0].Id, Case = first, Code = TaskCatalog.S4Skolsocial, Role = "Skolkurator", RaisedOn = today.AddDays(-6), Due = today.AddDays(-3),
            }).Entity;
            db.Tasks.Add(new CaseTask { PupilId = pupils[1].Id, Case = second, Code = TaskCatalog.S4Eht, Role = "EHT", RaisedOn = today.AddDays(-1), Due = today.AddDays(13) });
            // Not the kurator's: the rector's and the mentor's tasks.
            db.Tasks.Add(new CaseTask { PupilId = pupils[1].Id, Case = second, Code = TaskCatalog.S4Huvudman, Role = "Rektor", RaisedOn = today.AddDays(-1), Due = today.AddDays(2) });
            db.Tasks.Add(new CaseTask { PupilId = pupils[1].Id, Case = second, Code = TaskCatalog.S4InformRector, Role = "Mentor", RaisedOn = today.AddDays(-1), Due = today });
            await db.SaveChangesAsync();
            return skolsocial.Id;
        });

        var page = await _chromium.NewPageAsync();
        await page.GotoAsync("/konto/logga-in");
        await page.GetByLabel("E-postadress").FillAsync(email);
        await page.GetByLabel("Lösenord").FillAsync(KestrelAppFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Välkommen, Kim Kurator" })).ToBeVisibleAsync();

        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" });
        await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Mina uppgifter (1 ny, 1 försenad)" })).ToBeVisibleAsync();
        await menu.GetByRole(AriaRole.Link, new() { Name = "Mina uppgifter (1 ny, 1 försenad)" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mina uppgifter", Level = 1 })).ToBeVisibleAsync();
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Öppna uppgifter" });
        await Assertions.Expect(table.GetByRole(AriaRole.Rowheader)).ToHaveCountAsync(2);
        var first = table.GetByRole(AriaRole.Row).Nth(1);
        await Assertions.Expect(first).ToContainTextAsync("Ge skolkurator uppdrag att göra en skolsocial kartläggning (bilaga 2)");
        await Assertions.Expect(first).ToContainTextAsync("Alva Lind");
        await Assertions.Expect(first).ToContainTextAsync("Försenad");
        await Assertions.Expect(table.GetByRole(AriaRole.Row).Nth(2)).ToContainTextAsync("Ny");
        // The kurator does not read the pupil page: the name is not a link.
        await Assertions.Expect(table.GetByRole(AriaRole.Link, new() { Name = "Alva Lind" })).ToHaveCountAsync(0);
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "mina-uppgifter.png");

        await table.GetByRole(AriaRole.Link, new() { Name = "Ge skolkurator uppdrag att göra en skolsocial kartläggning (bilaga 2)" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ge skolkurator uppdrag att göra en skolsocial kartläggning (bilaga 2)", Level = 1 })).ToBeVisibleAsync();
        Assert.EndsWith($"/uppgift/{taskId}?tillbaka=%2Fmina-uppgifter", page.Url);
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "uppgift-skolsocial.png");

        var doneOn = today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.GetByLabel("Datum då uppgiften gjordes").FillAsync(doneOn);
        await page.GetByLabel("Anteckning").FillAsync("Kartläggningen påbörjad. Samtal med Alva och vårdnadshavare bokat.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Klarmarkera" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Uppgiften är klarmarkerad.");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mina uppgifter", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Klara de senaste 14 dagarna" })).ToContainTextAsync("Alva Lind");
        await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Mina uppgifter (1 ny)" })).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page);
        await Evidence.ScreenshotAsync(_output, page, "mina-uppgifter-efter.png");

        var task = await _chromium.App.WithDatabaseAsync(db => db.Tasks.SingleAsync(t => t.Id == taskId));
        Assert.Equal((CaseTaskStatus.Done, today.AddDays(-1), kurator.Id), (task.Status, task.DoneOn, task.DoneByUserId));
        Assert.Equal("Kartläggningen påbörjad. Samtal med Alva och vårdnadshavare bokat.", task.Note);
    }

    /// <summary>Every violation axe-core reports (WCAG 2.1 A/AA rules and best practices alike) fails the test.</summary>
    private async Task AssertNoViolationsAsync(IPage page)
    {
        var violations = await Axe.RunAsync(page);
        Assert.True(violations.Count == 0, $"axe-core found {violations.Count} violation(s) on {page.Url}:\n" + string.Join("\n", violations));
        _output.WriteLine($"axe: no violations on {page.Url}");
    }
}
