using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Narvaro.BrowserTests.Infrastructure;
using Narvaro.Domain;
using Xunit.Abstractions;

namespace Narvaro.BrowserTests;

/// <summary>
/// A mentor signs in, opens Bilaga 1 for a pupil at step 3, gets the Swedish error messages for a half-filled form,
/// saves it and downloads the filled-in PDF, read back with pdftotext. axe-core finds no WCAG 2.1 A/AA violation on
/// the form, the form with errors or the saved state.
/// </summary>
public sealed class ChecklistInBrowserTests : IClassFixture<ChromiumFixture>
{
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private readonly ChromiumFixture _chromium;
    private readonly ITestOutputHelper _output;

    public ChecklistInBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
    {
        _chromium = chromium;
        _output = output;
    }

    private static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTime.UtcNow, SwedishTime.Zone));
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Mentor_FillsInAndSavesTheChecklist_AndDownloadsTheFilledInPdf()
    {
        var email = $"mentor.{Guid.NewGuid():N}@skola.test";
        var mentor = await _chromium.App.AddStaffAsync(email, "Maria Mentor", StaffRoles.Mentor);
        await _chromium.App.AddPupilsAsync("C2001");
        var pupilId = await _chromium.App.WithDatabaseAsync(async db =>
        {
            var pupil = await db.Pupils.SingleAsync(p => p.ExternalId == "C2001");
            pupil.MentorId = mentor.Id;
            // Three weeks of lessons, Mondays missed: absence that the pattern finds on the weekday.
            for (var day = Today.AddDays(-21); day < Today; day = day.AddDays(1))
            {
                if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
                var absent = day.DayOfWeek == DayOfWeek.Monday;
                db.Attendance.Add(new AttendanceRecord
                {
                    PupilId = pupil.Id, Date = day, Start = new TimeOnly(8, 0), End = new TimeOnly(9, 0), ScheduledMinutes = 60,
                    Subject = "Matematik", AbsentMinutes = absent ? 60 : 0, Type = absent ? AttendanceType.Invalid : AttendanceType.Present,
                });
            }
            await db.SaveChangesAsync();
            return pupil.Id;
        });

        var page = await _chromium.NewPageAsync();
        await page.GotoAsync("/konto/logga-in");
        await page.GetByLabel("E-postadress").FillAsync(email);
        await page.GetByLabel("Lösenord").FillAsync(KestrelAppFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Välkommen, Maria Mentor" })).ToBeVisibleAsync();

        // From the menu: Mina elever, the pupil, then the checklist link on the pupil page.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" }).GetByRole(AriaRole.Link, new() { Name = "Mina elever" }).ClickAsync();
        await page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Link, new() { Name = "Elev C2001" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Elev C2001", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Fyll i checklista vid upprepad frånvaro (bilaga 1)" }).ClickAsync();
        Assert.EndsWith($"/elev/{pupilId}/checklista", page.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Checklista vid upprepad frånvaro (bilaga 1) Elev C2001", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Group)).ToHaveCountAsync(6);
        await Assertions.Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = "Veckodag" })).ToBeVisibleAsync();
        await AssertNoWcagViolationsAsync(page, "form");
        await Evidence.ScreenshotAsync(_output, page, "checklist-form.png");

        // Half filled in: the pupil talk tomorrow, question 3 unanswered.
        await page.GetByLabel("Samtal med elev datum").FillAsync(Iso(Today.AddDays(1)));
        await page.GetByLabel("Samtal med vårdnadshavare datum").FillAsync(Iso(Today.AddDays(-1)));
        string[] answers = ["Nej", "Ja", "", "Ja", "Ja"];
        var questions = new[] { "1. Sjukdom?", "2. Trivs i skolan?", "3. Har kamrater?", "4. Svårigheter med skolarbetet?", "5. Går det att se något mönster i frånvaron?" };
        for (var i = 0; i < questions.Length; i++)
            if (answers[i].Length > 0)
                await page.GetByRole(AriaRole.Group, new() { Name = questions[i], Exact = true }).GetByLabel(answers[i], new() { Exact = true }).CheckAsync();
        await page.Locator("#Comment1").FillAsync("Ingen sjukdom, säger både Elev och vårdnadshavare.");
        await page.Locator("#Comment5").FillAsync("Måndagar, som underlaget visar.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara checklistan" }).ClickAsync();

        var summary = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(summary).ToContainTextAsync("Checklistan sparades inte");
        await Assertions.Expect(summary).ToContainTextAsync("Datum för samtalet med eleven kan inte vara senare än i dag");
        await Assertions.Expect(summary).ToContainTextAsync("Välj Ja eller Nej för fråga 3. Har kamrater?");
        await Assertions.Expect(page.Locator("#Comment1")).ToHaveValueAsync("Ingen sjukdom, säger både Elev och vårdnadshavare.");
        await AssertNoWcagViolationsAsync(page, "form with errors");
        await Evidence.ScreenshotAsync(_output, page, "checklist-errors.png");
        await summary.GetByRole(AriaRole.Link, new() { Name = "Välj Ja eller Nej för fråga 3. Har kamrater?" }).ClickAsync();
        Assert.EndsWith("#Answer3-ja", page.Url);

        await page.GetByLabel("Samtal med elev datum").FillAsync(Iso(Today.AddDays(-2)));
        await page.GetByRole(AriaRole.Group, new() { Name = questions[2], Exact = true }).GetByLabel("Ja", new() { Exact = true }).CheckAsync();
        await page.Locator("#Comment3").FillAsync("Har två nära vänner i klassen.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara checklistan" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Checklistan är sparad som version 1");
        await Assertions.Expect(page.GetByRole(AriaRole.Table).Last).ToContainTextAsync("Maria Mentor");
        await AssertNoWcagViolationsAsync(page, "saved");
        await Evidence.ScreenshotAsync(_output, page, "checklist-saved.png");

        var link = page.GetByRole(AriaRole.Status).GetByRole(AriaRole.Link, new() { Name = "Ladda ner ifylld bilaga 1, version 1 (PDF)" });
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.Equal($"Bilaga1-checklista-C2001-version-1-{Iso(Today.AddDays(-1))}.pdf", download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"narvaro-browser-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(path);
        try
        {
            var text = string.Join(" ", Evidence.PdfText(path).Split((char[])[' ', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("Checklista för mentor/klasslärare att använda vid upprepad frånvaro", text);
            Assert.Contains($"Samtal med elev datum: {Iso(Today.AddDays(-2))}", text);
            Assert.Contains($"Samtal med vårdnadshavare datum: {Iso(Today.AddDays(-1))}", text);
            Assert.Contains("1. Sjukdom? Ja Nej Svar: Nej", text);
            Assert.Contains("Ingen sjukdom, säger både Elev och vårdnadshavare.", text);
            Assert.Contains("3. Har kamrater? Ja Nej Svar: Ja", text);
            Assert.Contains("Har två nära vänner i klassen.", text);
            Assert.Contains("Mentor/klasslärare: Maria Mentor", text);
            Assert.Contains("KOPIA AV CHECKLISTA LÄMNAS TILL REKTOR", text);
        }
        finally
        {
            File.Delete(path);
        }

        var task = await _chromium.App.WithDatabaseAsync(db => db.Checklists.CountAsync(c => c.PupilId == pupilId));
        Assert.Equal(1, task);
    }

    /// <summary>Zero violations of WCAG 2.0/2.1 level A and AA (any impact); other axe findings are printed.</summary>
    private async Task AssertNoWcagViolationsAsync(IPage page, string state)
    {
        var all = await Axe.RunAsync(page); // also injects axe-core
        var json = await page.EvaluateAsync<JsonElement>(
            """
            async (tags) => {
                const results = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
                return results.violations.map(v => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`);
            }
            """, WcagTags);
        var wcag = json.EnumerateArray().Select(v => v.GetString()).ToList();
        _output.WriteLine($"axe {state}: {wcag.Count} WCAG 2.1 A/AA violation(s), {all.Count} finding(s) in all");
        foreach (var v in all) _output.WriteLine("  " + v);
        Assert.True(wcag.Count == 0, $"WCAG 2.1 A/AA violations on the checklist ({state}):\n" + string.Join("\n", wcag));
    }

}
