using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Narvaro.BrowserTests.Infrastructure;
using Narvaro.Domain;
using Xunit.Abstractions;

namespace Narvaro.BrowserTests;

/// <summary>
/// A mentor signs in, opens Veckosamtal from the menu and logs last week's talk with a mentee using the keyboard
/// alone (Tab, typing, Space, arrow keys, Enter), edits it the same way and finds the first version in the history.
/// The page has no axe-core violations before and after.
/// </summary>
public sealed class WeeklyTalkInBrowserTests : IClassFixture<ChromiumFixture>
{
    private readonly ChromiumFixture _chromium;
    private readonly ITestOutputHelper _output;

    public WeeklyTalkInBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
    {
        _chromium = chromium;
        _output = output;
    }

    [Fact]
    public async Task Mentor_LogsAndEditsAWeeklyTalkWithTheKeyboardAlone_AndSeesItInTheHistory()
    {
        var today = SwedishTime.Today(TimeProvider.System);
        var lastWeek = IsoWeek.Of(today.AddDays(-7));
        var email = $"mentor.{Guid.NewGuid():N}@skola.test";
        var mentor = await _chromium.App.AddStaffAsync(email, "Maja Mentor", StaffRoles.Mentor);
        await _chromium.App.AddPupilsAsync("V1001", "V1002");
        var pupilId = await _chromium.App.WithDatabaseAsync(async db =>
        {
            var pupils = await db.Pupils.OrderBy(p => p.ExternalId).ToListAsync();
            foreach (var p in pupils) p.MentorId = mentor.Id;
            foreach (var (start, type) in new[] { (new TimeOnly(8, 0), AttendanceType.Invalid), (new TimeOnly(9, 0), AttendanceType.Valid), (new TimeOnly(10, 0), AttendanceType.Present) })
                db.Attendance.Add(new AttendanceRecord
                {
                    PupilId = pupils[0].Id, Date = lastWeek.Monday.AddDays(1), Start = start, End = start.AddMinutes(50), ScheduledMinutes = 50,
                    Subject = "Matematik", AbsentMinutes = type == AttendanceType.Present ? 0 : 50, Type = type,
                });
            await db.SaveChangesAsync();
            return pupils[0].Id;
        });

        var page = await _chromium.NewPageAsync();
        await page.GotoAsync("/konto/logga-in");
        await page.GetByLabel("E-postadress").FillAsync(email);
        await page.GetByLabel("Lösenord").FillAsync(KestrelAppFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" }).GetByRole(AriaRole.Link, new() { Name = "Veckosamtal" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Veckosamtal vecka {lastWeek.Week}", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(lastWeek.DatesText());
        await Assertions.Expect(page.Locator("caption")).ToContainTextAsync("1 elev");
        await AssertNoAxeViolationsAsync(page, "list");

        // Keyboard only from here: Tab to the pupil's link in the table, Enter jumps to the pupil's form.
        await TabToAsync(page, $"a[href='#elev-{pupilId}']");
        await page.Keyboard.PressAsync("Enter");

        // Sending the empty form: the error summary at the top links to each field, and nothing is saved.
        await TabToAsync(page, ".talk-form button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        var summary = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(summary.GetByRole(AriaRole.Heading, new() { Name = "Samtalet kunde inte sparas" })).ToBeVisibleAsync();
        await Assertions.Expect(summary.GetByRole(AriaRole.Link)).ToHaveCountAsync(3);
        await Assertions.Expect(summary).ToContainTextAsync("Välj vem du hade samtalet med");
        await Assertions.Expect(page.Locator($"#p{pupilId}-Note-fel")).ToHaveTextAsync("Skriv kort vad ni pratade om.");
        await AssertNoAxeViolationsAsync(page, "errors");
        await Evidence.ScreenshotAsync(_output, page, "veckosamtal-fel.png");
        Assert.False(await _chromium.App.WithDatabaseAsync(db => db.WeeklyTalks.AnyAsync()));
        await page.Keyboard.PressAsync("Shift+Tab"); // from wherever focus was back into the page, then forward to the summary's first link
        await TabToAsync(page, $"a[href='#p{pupilId}-HeldOn']");
        await page.Keyboard.PressAsync("Enter");
        await ExpectFocusAsync(page, $"p{pupilId}-HeldOn");
        await TypeDateAsync(page, lastWeek.Monday.AddDays(2));
        await TabToAsync(page, $"#p{pupilId}-WithWhom-Elev", max: 5); // the date field's segments and picker button are Tab stops
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("ArrowDown"); // Vårdnadshavare
        await page.Keyboard.PressAsync("ArrowDown"); // Båda
        await page.Keyboard.PressAsync("Tab");
        await ExpectFocusAsync(page, $"p{pupilId}-Note");
        await page.Keyboard.TypeAsync("Pratade om morgnarna och vad som gör det svårt att komma i tid.");
        await page.Keyboard.PressAsync("Tab");
        await ExpectFocusAsync(page, $"p{pupilId}-AgreedActions");
        await page.Keyboard.TypeAsync("Eleven ställer väckarklockan, vårdnadshavaren ringer om eleven är sjuk.");
        await page.Keyboard.PressAsync("Tab");
        await ExpectFocusAsync(page, $"p{pupilId}-NextFollowUp");
        await TypeDateAsync(page, today);
        await TabToAsync(page, "button[type=submit]", max: 5);
        Assert.Equal("Logga samtalet", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Veckosamtalet är loggat.");
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync($"Loggat {SwedishDates.Short(lastWeek.Monday.AddDays(2))}");
        var section = page.Locator($"#elev-{pupilId}");
        await Assertions.Expect(section).ToContainTextAsync("Eleven och vårdnadshavare");
        await Assertions.Expect(section).ToContainTextAsync("Pratade om morgnarna");

        // Edit, still by keyboard: the link opens the prefilled form; the first version goes to the history.
        await TabToAsync(page, $"a[href*='andra={pupilId}']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ändra samtalet" })).ToBeVisibleAsync();
        await TabToAsync(page, $"#p{pupilId}-Note");
        Assert.StartsWith("Pratade om morgnarna", await page.InputValueAsync($"#p{pupilId}-Note"));
        await page.Keyboard.PressAsync("End");
        await page.Keyboard.TypeAsync(" Eleven vill prata med skolsköterskan.");
        await TabToAsync(page, ".talk-form button[type=submit]");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Ändringen av veckosamtalet är sparad.");
        var history = section.Locator(".history");
        await Assertions.Expect(history).ToContainTextAsync($"Vecka {lastWeek.Week}, tidigare version 1");
        await Assertions.Expect(history).ToContainTextAsync("av Maja Mentor");
        await Assertions.Expect(history).ToContainTextAsync("Pratade om morgnarna och vad som gör det svårt att komma i tid.");
        await Assertions.Expect(section).ToContainTextAsync("Eleven vill prata med skolsköterskan.");
        await AssertNoAxeViolationsAsync(page, "after saving");
        await Evidence.ScreenshotAsync(_output, page, "veckosamtal.png");

        var talk = await _chromium.App.WithDatabaseAsync(db => db.WeeklyTalks.Include(t => t.EarlierVersions).SingleAsync(t => t.PupilId == pupilId));
        Assert.Equal(lastWeek.Monday, talk.WeekStart);
        Assert.Equal(TalkParticipants.Bada, talk.WithWhom);
        Assert.Equal(today, talk.NextFollowUp);
        Assert.Equal(2, talk.Version);
        Assert.Single(talk.EarlierVersions);
    }

    /// <summary>Presses Tab until the element matching <paramref name="selector"/> has focus.</summary>
    private static async Task TabToAsync(IPage page, string selector, int max = 80)
    {
        for (var i = 0; i < max; i++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector)) return;
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"Tab never reached {selector}.");
    }

    private static async Task ExpectFocusAsync(IPage page, string id) =>
        Assert.Equal(id, await page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''"));

    /// <summary>
    /// Types a date into the focused date field segment by segment, as a keyboard user does. The segments' order
    /// follows Chromium's own locale (år-månad-dag in Swedish, månad/dag/år in the en-US build CI has), so the orders
    /// are tried in turn; a wrong try is cleared with Backspace and Shift+Tab, segment by segment.
    /// </summary>
    private static async Task TypeDateAsync(IPage page, DateOnly date)
    {
        string[] orders = ["yyyy MM dd", "MM dd yyyy", "dd MM yyyy"];
        foreach (var order in orders)
        {
            foreach (var part in order.Split(' '))
                await page.Keyboard.TypeAsync(date.ToString(part));
            if (await page.EvaluateAsync<string>("() => document.activeElement.value") == date.ToString("yyyy-MM-dd")) return;
            await page.Keyboard.PressAsync("Backspace");
            for (var i = 0; i < 2; i++)
            {
                await page.Keyboard.PressAsync("Shift+Tab");
                await page.Keyboard.PressAsync("Backspace");
            }
        }
        Assert.Fail($"Could not type {date:yyyy-MM-dd} into the date field; it holds \"{await page.EvaluateAsync<string>("() => document.activeElement.value")}\".");
    }

    private async Task AssertNoAxeViolationsAsync(IPage page, string when)
    {
        var violations = await Axe.RunAsync(page);
        _output.WriteLine($"axe {when}: {violations.Count} violation(s)");
        Assert.True(violations.Count == 0, $"axe-core ({when}):\n" + string.Join("\n", violations));
    }
}
