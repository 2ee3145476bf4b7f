using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Documents;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests.Checklist;

/// <summary>
/// /elev/{id}/checklista: the pupil's mentor fills in Bilaga 1 and saves versions; the rector of the pupil's school
/// reads them and finds them on /checklistor ("kopia till rektor"); anyone else gets 404 for the page, the form post
/// and the PDFs. A form with errors changes nothing and says in Swedish how to fix it.
/// </summary>
public sealed class ChecklistPageTests : IClassFixture<NarvaroWebFactory>, IAsyncLifetime
{
    private readonly NarvaroWebFactory _factory;
    private School _school = null!;
    private School _otherSchool = null!;
    private StaffUser _mentor = null!;
    private string _mentorEmail = null!;
    private int _pupilId;
    private int _otherPupilId;
    private int _caseId;

    public ChecklistPageTests(NarvaroWebFactory factory) => _factory = factory;

    private static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTime.UtcNow, SwedishTime.Zone));
    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var kommun = await _factory.AddOrganisationAsync($"Trosa kommun {suffix}");
        _school = await _factory.AddSchoolAsync(kommun, $"Tofsvipans skola {suffix}", pupils: 2);
        _otherSchool = await _factory.AddSchoolAsync(kommun, $"Öbergsskolan {suffix}", pupils: 1);
        _mentorEmail = NewEmail("mentor");
        _mentor = await _factory.AddStaffAsync(_mentorEmail, "Maria Mentor", StaffRoles.Mentor, _school);
        await _factory.MakeMentorAsync(_mentor, _school, 1);

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        var pupils = await db.Pupils.Where(p => p.SchoolId == _school.Id).OrderBy(p => p.Id).ToListAsync();
        _pupilId = pupils[0].Id;
        _otherPupilId = pupils[1].Id;
        var absenceCase = new AbsenceCase { PupilId = _pupilId, OpenedOn = Today.AddDays(-5), Step = 3 };
        db.Cases.Add(absenceCase);
        await db.SaveChangesAsync();
        _caseId = absenceCase.Id;
        db.Tasks.Add(new CaseTask
        {
            PupilId = _pupilId, CaseId = _caseId, Code = TaskCatalog.S3Checklist, Role = TaskRole.Mentor.ToString(),
            RaisedOn = absenceCase.OpenedOn, Due = absenceCase.OpenedOn.AddDays(3), Status = CaseTaskStatus.Open,
        });
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string NewEmail(string who) => $"{who}.{Guid.NewGuid():N}@skola.test";

    private async Task<(HttpClient Client, StaffUser User)> SignedInAsync(string role, params School[] schools)
    {
        var email = NewEmail(role.ToLowerInvariant());
        var user = await _factory.AddStaffAsync(email, $"Testperson {role}", role, schools);
        var client = _factory.CreateBrowser();
        await client.LogInOrFailAsync(email);
        return (client, user);
    }

    private async Task<HttpClient> MentorAsync()
    {
        var client = _factory.CreateBrowser();
        await client.LogInOrFailAsync(_mentorEmail);
        return client;
    }

    private static Dictionary<string, string> ValidForm() => new()
    {
        ["TalkWithPupilOn"] = Iso(Today.AddDays(-2)),
        ["TalkWithGuardianOn"] = Iso(Today.AddDays(-1)),
        ["Answer1"] = "nej", ["Comment1"] = "Ingen sjukdom.",
        ["Answer2"] = "ja", ["Comment2"] = "",
        ["Answer3"] = "ja", ["Comment3"] = "Har två nära vänner.",
        ["Answer4"] = "ja", ["Comment4"] = "Matematiken känns svår.",
        ["Answer5"] = "ja", ["Comment5"] = "Måndagar.",
    };

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, Dictionary<string, string> form, string? tokenFrom = null)
    {
        var page = await client.GetAsync(tokenFrom ?? url);
        var token = page.StatusCode == HttpStatusCode.OK
            ? Browser.AntiforgeryToken(await page.Content.ReadAsStringAsync())
            : await TokenFromLoginPageAsync(client);
        return await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>(form) { ["__RequestVerificationToken"] = token }));
    }

    private static async Task<string> TokenFromLoginPageAsync(HttpClient client)
    {
        // Someone who cannot open the form still gets a valid token from a page they can open (the start page).
        var home = await client.GetAsync("/");
        return Browser.AntiforgeryToken(await home.Content.ReadAsStringAsync());
    }

    private async Task<T> DbAsync<T>(Func<NarvaroDbContext, Task<T>> query)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<NarvaroDbContext>());
    }

    private Task<int> VersionsAsync(int pupilId) => DbAsync(db => db.Checklists.CountAsync(c => c.PupilId == pupilId));

    [Fact]
    public async Task Get_Mentor_SeesTheQuestionsAsLegendsTheFactsAndAnEmptyForm()
    {
        var client = await MentorAsync();

        var response = await client.GetAsync($"/elev/{_pupilId}/checklista");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.ReadPageAsync();
        Assert.Contains("Checklista vid upprepad frånvaro (bilaga 1)", html);
        Assert.Contains("Elev Nummer 1", html);
        foreach (var question in ChecklistDocument.Questions)
            Assert.Contains($"<legend>{question}</legend>", html);
        Assert.Contains("<label for=\"TalkWithPupilOn\">Samtal med elev datum</label>", html);
        Assert.Contains("<label for=\"TalkWithGuardianOn\">Samtal med vårdnadshavare datum</label>", html);
        Assert.Contains("Underlag ur närvarodata", html);
        Assert.Contains("Skoldagar", html);
        Assert.Contains("Ingen version är sparad än.", html);
        var form = html[html.IndexOf($"action=\"/elev/{_pupilId}/checklista\"", StringComparison.Ordinal)..];
        Assert.Contains("__RequestVerificationToken", form[..form.IndexOf("</form>", StringComparison.Ordinal)]); // its own token
        Assert.Equal(1, await DbAsync(db => db.AuditLog.CountAsync(a => a.UserId == _mentor.Id && a.Action == ChecklistRecords.ViewedAction)));
    }

    [Fact]
    public async Task Get_Mentor_SeesThePatternFindingsOfThePupilPageAmongTheFacts()
    {
        // Four weeks up to yesterday, two lessons a day, both missed (ogiltig) on every Monday.
        await DbAsync(async db =>
        {
            var yesterday = Today.AddDays(-1);
            for (var day = yesterday.AddDays(-27); day <= yesterday; day = day.AddDays(1))
            {
                if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
                var monday = day.DayOfWeek == DayOfWeek.Monday;
                foreach (var (hour, subject) in new[] { (8, "Matematik"), (9, "Svenska") })
                    db.Attendance.Add(new AttendanceRecord
                    {
                        PupilId = _pupilId, Date = day, Start = new TimeOnly(hour, 0), End = new TimeOnly(hour + 1, 0), ScheduledMinutes = 60,
                        Subject = subject, AbsentMinutes = monday ? 60 : 0, Type = monday ? AttendanceType.Invalid : AttendanceType.Present,
                    });
            }
            return await db.SaveChangesAsync();
        });
        var client = await MentorAsync();

        var html = await (await client.GetAsync($"/elev/{_pupilId}/checklista")).ReadPageAsync();

        Assert.Contains("Mönster som närvarodata visar (samma som på elevens sida):", html);
        Assert.Contains("Frånvarande 4 av de 4 senaste måndagarna", html);
    }

    [Theory]
    [InlineData("Answer3", "", "Välj Ja eller Nej för fråga 3. Har kamrater?", "#Answer3-ja")]
    [InlineData("TalkWithPupilOn", "future", "Datum för samtalet med eleven kan inte vara senare än i dag", "#TalkWithPupilOn")]
    [InlineData("TalkWithGuardianOn", "", "Ange datum för samtalet med vårdnadshavare", "#TalkWithGuardianOn")]
    [InlineData("Comment2", "long", "Kommentaren till fråga 2 får vara högst 2", "#Comment2")]
    public async Task Post_InvalidForm_SavesNothingAndShowsTheSwedishMessageInTheSummaryAndAtTheField(
        string field, string value, string message, string link)
    {
        var client = await MentorAsync();
        var form = ValidForm();
        form[field] = value switch
        {
            "future" => Iso(Today.AddDays(1)),
            "long" => new string('a', 2001),
            _ => value,
        };
        if (value == "" && field.StartsWith("Answer")) form.Remove(field);

        var response = await PostFormAsync(client, $"/elev/{_pupilId}/checklista", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = (await response.ReadPageAsync()).Replace('\u00a0', ' ');
        Assert.Contains("Checklistan sparades inte", html);
        Assert.Contains($"<a href=\"{link}\">{message}", html);
        Assert.Contains($"id=\"{field}-fel\" class=\"field-error\">{message}", html);
        Assert.Contains("Ingen sjukdom.", html); // what was typed is kept
        Assert.Equal(0, await VersionsAsync(_pupilId));
        Assert.Equal(CaseTaskStatus.Open, await DbAsync(db => db.Tasks.Where(t => t.CaseId == _caseId).Select(t => t.Status).SingleAsync()));
    }

    [Fact]
    public async Task Post_ValidFormTwice_SavesVersionsCompletesTheTaskOnceAndRedirectsToTheConfirmation()
    {
        var client = await MentorAsync();

        var first = await PostFormAsync(client, $"/elev/{_pupilId}/checklista", ValidForm());
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal($"/elev/{_pupilId}/checklista", first.Headers.Location?.OriginalString);
        var confirmation = await (await client.GetAsync($"/elev/{_pupilId}/checklista")).ReadPageAsync();
        Assert.Contains("Checklistan är sparad som version 1", confirmation);
        Assert.Contains($"href=\"/elev/{_pupilId}/checklista/1.pdf\"", confirmation);
        Assert.Contains($"href=\"/elev/{_pupilId}/checklista/blank.pdf\"", confirmation);
        Assert.Contains("Har två nära vänner.", confirmation); // prefilled with the latest version
        Assert.Contains("value=\"nej\" checked", confirmation.Replace("checked=\"checked\"", "checked"));

        var form = ValidForm();
        form["ContinuedAbsence"] = "nej";
        form["FollowUpComment"] = "Närvaron har blivit bättre.";
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(client, $"/elev/{_pupilId}/checklista", form)).StatusCode);

        Assert.Equal(2, await VersionsAsync(_pupilId));
        var task = await DbAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.CaseId == _caseId));
        Assert.Equal(CaseTaskStatus.Done, task.Status);
        Assert.Equal(Today.AddDays(-1), task.DoneOn);
        Assert.Equal("Checklista version 1 sparad", task.Note);
        var records = await DbAsync(db => db.Checklists.AsNoTracking().Where(c => c.PupilId == _pupilId).OrderBy(c => c.Version).ToListAsync());
        Assert.All(records, r => Assert.Equal(_caseId, r.CaseId));
        Assert.Equal(Today.AddDays(-1), records[0].AsOf);
        Assert.Equal(2, await DbAsync(db => db.AuditLog.CountAsync(a => a.UserId == _mentor.Id && a.Action == ChecklistRecords.SavedAction && a.PupilId == _pupilId)));

        var pdf = await client.GetAsync($"/elev/{_pupilId}/checklista/2.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", pdf.Content.Headers.ContentDisposition?.DispositionType);
        Assert.True(pdf.Headers.CacheControl?.NoStore);
        var externalId = await DbAsync(db => db.Pupils.Where(p => p.Id == _pupilId).Select(p => p.ExternalId).SingleAsync());
        Assert.Equal($"Bilaga1-checklista-{externalId}-version-2-{Iso(Today.AddDays(-1))}.pdf",
            pdf.Content.Headers.ContentDisposition?.FileNameStar ?? pdf.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString((await pdf.Content.ReadAsByteArrayAsync())[..4]));

        var blank = await client.GetAsync($"/elev/{_pupilId}/checklista/blank.pdf");
        Assert.Equal(HttpStatusCode.OK, blank.StatusCode);
        Assert.True(blank.Headers.CacheControl?.NoStore);
        Assert.Equal(2, await DbAsync(db => db.AuditLog.CountAsync(a => a.UserId == _mentor.Id && a.Action == ChecklistRecords.DownloadedAction)));
    }

    [Fact]
    public async Task RectorOfTheSchool_ReadsTheVersionsDownloadsThePdfAndFindsItOnChecklistor_ButCannotSave()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(await MentorAsync(), $"/elev/{_pupilId}/checklista", ValidForm())).StatusCode);
        var (rector, user) = await SignedInAsync(StaffRoles.Rektor, _school);

        var page = await rector.GetAsync($"/elev/{_pupilId}/checklista");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.ReadPageAsync();
        Assert.Contains("Senaste versionen (1)", html);
        Assert.Contains("Har två nära vänner.", html);
        Assert.Contains("Maria Mentor", html);
        Assert.DoesNotContain("Spara checklistan", html);
        Assert.DoesNotContain("<textarea", html);

        var pdf = await rector.GetAsync($"/elev/{_pupilId}/checklista/1.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("attachment", pdf.Content.Headers.ContentDisposition?.DispositionType);
        var entry = await DbAsync(db => db.AuditLog.SingleAsync(a => a.UserId == user.Id && a.Action == ChecklistRecords.DownloadedAction));
        Assert.Equal(_pupilId, entry.PupilId);
        Assert.Equal(_school.Id, entry.SchoolId);
        Assert.Contains("version 1", entry.Details);

        var list = await rector.GetAsync("/checklistor");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var listHtml = await list.ReadPageAsync();
        Assert.Contains("Elev Nummer 1", listHtml);
        Assert.Contains("Maria Mentor", listHtml);
        Assert.Contains($"href=\"/elev/{_pupilId}/checklista/1.pdf\"", listHtml);
        Assert.Contains("1 elev med checklista", listHtml);
        Assert.Contains("href=\"/checklistor\">Checklistor</a>", listHtml); // the menu link
        Assert.Equal(1, await DbAsync(db => db.AuditLog.CountAsync(a => a.UserId == user.Id && a.Action == ChecklistRecords.ListedAction)));

        var post = await PostFormAsync(rector, $"/elev/{_pupilId}/checklista", ValidForm());
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(1, await VersionsAsync(_pupilId));
    }

    [Fact]
    public async Task Checklistor_RectorOfAnotherSchool_SeesNoneOfThisSchoolsChecklists()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(await MentorAsync(), $"/elev/{_pupilId}/checklista", ValidForm())).StatusCode);
        var (rector, _) = await SignedInAsync(StaffRoles.Rektor, _otherSchool);

        var html = await (await rector.GetAsync("/checklistor")).ReadPageAsync();

        Assert.DoesNotContain("Elev Nummer 1", html);
        Assert.Contains("Ingen mentor har sparat någon checklista än.", html);
    }

    [Fact]
    public async Task Checklistor_Mentor_IsNotARector()
    {
        var client = await MentorAsync();

        var response = await client.GetAsync("/checklistor");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/konto/nekad", response.Headers.Location?.AbsolutePath);
    }

    [Theory]
    [InlineData(StaffRoles.Mentor, true)]       // another mentor at the same school (mentor of the other pupil)
    [InlineData(StaffRoles.Rektor, false)]      // the rector of another school
    [InlineData(StaffRoles.Skolkurator, true)]  // elevhälsan does not read the mentor's checklist here
    [InlineData(StaffRoles.Admin, true)]
    public async Task AnyoneElse_GetsNotFoundForThePagePostAndPdfs_AndNothingIsSavedOrAudited(string role, bool atThePupilsSchool)
    {
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(await MentorAsync(), $"/elev/{_pupilId}/checklista", ValidForm())).StatusCode);
        var (client, user) = await SignedInAsync(role, atThePupilsSchool ? _school : _otherSchool);
        if (role == StaffRoles.Mentor) await MakeMentorOfAsync(user, _otherPupilId);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/elev/{_pupilId}/checklista")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/elev/{_pupilId}/checklista/1.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/elev/{_pupilId}/checklista/blank.pdf")).StatusCode);
        var post = await PostFormAsync(client, $"/elev/{_pupilId}/checklista", ValidForm(), tokenFrom: "/");
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);

        Assert.Equal(1, await VersionsAsync(_pupilId));
        Assert.Equal(0, await DbAsync(db => db.AuditLog.CountAsync(a => a.UserId == user.Id && a.PupilId == _pupilId)));
    }

    [Fact]
    public async Task UnknownPupilOrVersion_IsNotFoundLikeAForbiddenOne()
    {
        var client = await MentorAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/elev/987654/checklista")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/elev/987654/checklista/1.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/elev/{_pupilId}/checklista/7.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostFormAsync(client, "/elev/987654/checklista", ValidForm(), tokenFrom: "/")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_IsSentToTheLoginPage()
    {
        var response = await _factory.CreateBrowser().GetAsync($"/elev/{_pupilId}/checklista");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/konto/logga-in", response.Headers.Location?.AbsolutePath);
    }

    private async Task MakeMentorOfAsync(StaffUser user, int pupilId) =>
        await DbAsync(async db =>
        {
            var pupil = await db.Pupils.SingleAsync(p => p.Id == pupilId);
            pupil.MentorId = user.Id;
            return await db.SaveChangesAsync();
        });
}
