using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests.WeeklyTalks;

/// <summary>
/// /veckosamtal through HTTP: the signed-in mentor's list for last week by default, a Swedish message for a week that
/// does not exist, bad input that changes nothing, another mentor's pupil answered 404, and every view and change audited.
/// </summary>
public sealed class WeeklyTalkPageTests : IClassFixture<NarvaroWebFactory>
{
    private readonly NarvaroWebFactory _factory;

    public WeeklyTalkPageTests(NarvaroWebFactory factory) => _factory = factory;

    private static DateOnly Today => SwedishTime.Today(TimeProvider.System);
    private static IsoWeek LastWeek => IsoWeek.Of(Today.AddDays(-7));

    private sealed record Setup(HttpClient Browser, StaffUser Mentor, Pupil Absent, Pupil Present, Pupil OthersPupil);

    /// <summary>A mentor of two pupils (one absent last week) signed in, and another mentor's absent pupil.</summary>
    private async Task<Setup> SetUpAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var kommun = await _factory.AddOrganisationAsync($"Kommun {suffix}");
        var school = await _factory.AddSchoolAsync(kommun, $"Skola {suffix}", pupils: 3);
        var mentor = await _factory.AddStaffAsync($"mentor.{suffix}@skola.test", "Maja Mentor", StaffRoles.Mentor);
        var other = await _factory.AddStaffAsync($"annan.{suffix}@skola.test", "Anton Annan", StaffRoles.Mentor);
        await _factory.MakeMentorAsync(mentor, school, 2);

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        var pupils = await db.Pupils.Where(p => p.SchoolId == school.Id).OrderBy(p => p.Id).ToListAsync();
        pupils[2].MentorId = other.Id;
        foreach (var pupil in pupils)
        {
            var absent = pupil != pupils[1];
            db.Attendance.Add(Lesson(pupil.Id, LastWeek.Monday, new TimeOnly(8, 0), absent ? AttendanceType.Invalid : AttendanceType.Present));
            db.Attendance.Add(Lesson(pupil.Id, LastWeek.Monday, new TimeOnly(9, 0), absent ? AttendanceType.Valid : AttendanceType.Present));
            db.Attendance.Add(Lesson(pupil.Id, LastWeek.Monday.AddDays(1), new TimeOnly(8, 0), AttendanceType.Present));
        }
        // Absence in the week before last only: not on last week's list.
        db.Attendance.Add(Lesson(pupils[1].Id, LastWeek.Previous.Monday, new TimeOnly(8, 0), AttendanceType.Invalid));
        await db.SaveChangesAsync();

        var browser = _factory.CreateBrowser();
        await browser.LogInOrFailAsync(mentor.Email!);
        return new Setup(browser, mentor, pupils[0], pupils[1], pupils[2]);
    }

    private static AttendanceRecord Lesson(int pupilId, DateOnly date, TimeOnly start, AttendanceType type) => new()
    {
        PupilId = pupilId, Date = date, Start = start, End = start.AddMinutes(50), ScheduledMinutes = 50, Subject = "Svenska",
        AbsentMinutes = type == AttendanceType.Present ? 0 : 50, Type = type,
    };

    private static Dictionary<string, string> Form(string page, IsoWeek week, string heldOn, string note = "Pratade om morgnarna.",
        string withWhom = "Elev", string nextFollowUp = "", string? version = null)
    {
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Browser.AntiforgeryToken(page),
            ["Vecka"] = week.ToString(), ["HeldOn"] = heldOn, ["WithWhom"] = withWhom, ["Note"] = note,
            ["AgreedActions"] = "Eleven ställer väckarklockan.", ["NextFollowUp"] = nextFollowUp,
        };
        if (version is not null) form["Version"] = version;
        return form;
    }

    private async Task<T> DbAsync<T>(Func<NarvaroDbContext, Task<T>> query)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<NarvaroDbContext>());
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd");

    [Fact]
    public async Task Get_WithoutWeek_ShowsLastWeeksMenteesWithAbsence_AndAuditsTheView()
    {
        var s = await SetUpAsync();

        var response = await s.Browser.GetAsync("/veckosamtal");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Contains($"Veckosamtal vecka {LastWeek.Week}", page);
        Assert.Contains(LastWeek.DatesText(), page);
        Assert.Contains($"{s.Absent.FirstName} {s.Absent.LastName}", page);
        Assert.DoesNotContain($"{s.Present.FirstName} {s.Present.LastName}", page);
        Assert.DoesNotContain($"{s.OthersPupil.FirstName} {s.OthersPupil.LastName}", page);
        Assert.Contains("100 min (1 h 40 min)", page); // two 50-minute lessons
        Assert.Contains("Inte loggat", page);
        Assert.Contains($"vecka={LastWeek.Previous}", page);
        // The talk form carries its own antiforgery token (not only the layout's logout form).
        var talkForm = page[page.IndexOf($"action=\"/veckosamtal/{s.Absent.Id}\"", StringComparison.Ordinal)..];
        Assert.Contains("name=\"__RequestVerificationToken\"", talkForm[..talkForm.IndexOf("</form>", StringComparison.Ordinal)]);
        var audit = await DbAsync(db => db.AuditLog.Where(a => a.UserId == s.Mentor.Id && a.Action == WeeklyTalkService.ViewedAction).ToListAsync());
        Assert.Equal(s.Absent.Id, Assert.Single(audit).PupilId);

        // The week before last lists the other mentee.
        var earlier = await (await s.Browser.GetAsync($"/veckosamtal?vecka={LastWeek.Previous}")).ReadPageAsync();
        Assert.Contains($"{s.Present.FirstName} {s.Present.LastName}", earlier);
        Assert.DoesNotContain($"{s.Absent.FirstName} {s.Absent.LastName}</a>", earlier);
    }

    [Theory]
    [InlineData("2026-W99")]
    [InlineData("banan")]
    [InlineData("2026-W00")]
    [InlineData("<script>alert(1)</script>")]
    public async Task Get_AWeekThatDoesNotExist_SwedishMessageNot500(string week)
    {
        var s = await SetUpAsync();

        var response = await s.Browser.GetAsync("/veckosamtal?vecka=" + Uri.EscapeDataString(week));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Veckan kunde inte läsas. Skriv år och veckonummer som 2026-W47", WebUtility.HtmlDecode(html));
        Assert.DoesNotContain("<script>alert", html);
    }

    [Fact]
    public async Task Post_LogsTheTalk_RedirectsWithConfirmation_ThenEditKeepsTheEarlierVersion()
    {
        var s = await SetUpAsync();
        var page = await (await s.Browser.GetAsync($"/veckosamtal?vecka={LastWeek}")).ReadPageAsync();

        var posted = await s.Browser.PostAsync($"/veckosamtal/{s.Absent.Id}", new FormUrlEncodedContent(Form(page, LastWeek, Iso(LastWeek.Monday))));

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal($"/veckosamtal?vecka={LastWeek}#elev-{s.Absent.Id}", posted.Headers.Location?.OriginalString);
        var after = await (await s.Browser.GetAsync($"/veckosamtal?vecka={LastWeek}")).ReadPageAsync();
        Assert.Contains("Veckosamtalet är loggat.", after);
        Assert.Contains($"Loggat {SwedishDates.Short(LastWeek.Monday)}", after);
        Assert.Contains("Pratade om morgnarna.", after);

        var edit = await (await s.Browser.GetAsync($"/veckosamtal?vecka={LastWeek}&andra={s.Absent.Id}")).ReadPageAsync();
        Assert.Contains("Spara ändringen", edit);
        Assert.Contains(">Pratade om morgnarna.</textarea>", edit); // prefilled
        var edited = await s.Browser.PostAsync($"/veckosamtal/{s.Absent.Id}",
            new FormUrlEncodedContent(Form(edit, LastWeek, Iso(LastWeek.Monday), note: "Pratade om morgnarna och bussen.", withWhom: "Bada", version: "1")));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);

        var history = await (await s.Browser.GetAsync($"/veckosamtal?vecka={LastWeek}")).ReadPageAsync();
        Assert.Contains("Ändringen av veckosamtalet är sparad.", history);
        Assert.Contains("tidigare version 1 – sparad", history);
        Assert.Contains("av Maja Mentor", history);
        var talk = await DbAsync(db => db.WeeklyTalks.Include(t => t.EarlierVersions).SingleAsync(t => t.PupilId == s.Absent.Id));
        Assert.Equal(2, talk.Version);
        Assert.Equal(TalkParticipants.Bada, talk.WithWhom);
        Assert.Equal("Pratade om morgnarna.", Assert.Single(talk.EarlierVersions).Note);
        Assert.Equal([WeeklyTalkService.LoggedAction, WeeklyTalkService.EditedAction],
            await DbAsync(db => db.AuditLog.Where(a => a.PupilId == s.Absent.Id && a.Action != WeeklyTalkService.ViewedAction)
                .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync()));
    }

    public static TheoryData<string, string, string, string, string> BadInput()
    {
        var week = IsoWeek.Of(SwedishTime.Today(TimeProvider.System).AddDays(-7));
        var tomorrow = Iso(SwedishTime.Today(TimeProvider.System).AddDays(1));
        var monday = Iso(week.Monday);
        return new()
        {
            { tomorrow, "Pratade.", "Elev", "", "kan inte vara senare än i dag" },
            { Iso(week.Monday.AddDays(-1)), "Pratade.", "Elev", "", "kan inte ha hållits före veckans början" },
            { monday, new string('x', 2001), "Elev", "", "får vara högst 2000 tecken" },
            { monday, "Pratade.", "Elev", Iso(week.Monday.AddDays(-1)), "Nästa uppföljning kan inte vara före samtalet" },
            { "31/02/2026", "Pratade.", "Elev", "", "HeldOn" },
            { monday, "Pratade.", "Morfar", "", "WithWhom" },
            { monday, "   ", "", "", "Skriv kort vad ni pratade om." },
        };
    }

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Post_BadInput_ShowsTheMessageAtTopAndField_ChangesNothing(string heldOn, string note, string withWhom, string next, string expected)
    {
        var s = await SetUpAsync();
        var page = await (await s.Browser.GetAsync($"/veckosamtal?vecka={LastWeek}")).ReadPageAsync();

        var response = await s.Browser.PostAsync($"/veckosamtal/{s.Absent.Id}",
            new FormUrlEncodedContent(Form(page, LastWeek, heldOn, note, withWhom, next)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.ReadPageAsync();
        Assert.Contains("Samtalet kunde inte sparas", html);
        Assert.Contains("Ingenting har sparats.", html);
        if (expected is "HeldOn" or "WithWhom")
            Assert.Contains($"href=\"#p{s.Absent.Id}-{expected}", html); // the summary links to the field
        else
            Assert.Contains(expected, html);
        Assert.Contains("class=\"field-error\"", html);
        Assert.False(await DbAsync(db => db.WeeklyTalks.AnyAsync(t => t.PupilId == s.Absent.Id)));
        Assert.False(await DbAsync(db => db.AuditLog.AnyAsync(a => a.PupilId == s.Absent.Id && a.Action != WeeklyTalkService.ViewedAction)));
    }

    [Fact]
    public async Task Post_AnotherMentorsPupil_404AndNothingChanged()
    {
        var s = await SetUpAsync();
        var page = await (await s.Browser.GetAsync($"/veckosamtal?vecka={LastWeek}")).ReadPageAsync();

        var response = await s.Browser.PostAsync($"/veckosamtal/{s.OthersPupil.Id}", new FormUrlEncodedContent(Form(page, LastWeek, Iso(LastWeek.Monday))));
        var missing = await s.Browser.PostAsync("/veckosamtal/999999", new FormUrlEncodedContent(Form(page, LastWeek, Iso(LastWeek.Monday))));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.False(await DbAsync(db => db.WeeklyTalks.AnyAsync(t => t.PupilId == s.OthersPupil.Id)));
        Assert.False(await DbAsync(db => db.AuditLog.AnyAsync(a => a.PupilId == s.OthersPupil.Id)));
    }

    [Fact]
    public async Task Post_WithoutAntiforgeryToken_400AndNothingSaved()
    {
        var s = await SetUpAsync();
        var page = await (await s.Browser.GetAsync($"/veckosamtal?vecka={LastWeek}")).ReadPageAsync();
        var form = Form(page, LastWeek, Iso(LastWeek.Monday));
        form.Remove("__RequestVerificationToken");

        var response = await s.Browser.PostAsync($"/veckosamtal/{s.Absent.Id}", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await DbAsync(db => db.WeeklyTalks.AnyAsync(t => t.PupilId == s.Absent.Id)));
    }

    [Fact]
    public async Task Get_StaffWhoMentorNoOne_AreRefused()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var kommun = await _factory.AddOrganisationAsync($"Kommun {suffix}");
        var school = await _factory.AddSchoolAsync(kommun, $"Skola {suffix}", pupils: 1);
        var rector = await _factory.AddStaffAsync($"rektor.{suffix}@skola.test", "Rita Rektor", StaffRoles.Rektor, school);
        var browser = _factory.CreateBrowser();
        await browser.LogInOrFailAsync(rector.Email!);

        var response = await browser.GetAsync("/veckosamtal");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/konto/nekad", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString);
    }
}
