using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Staff;
using Narvaro.Web.Features.Account;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests.AdminStaff;

/// <summary>
/// /admin/personal and /konto/inbjudan over HTTP: administrators only, scoped to their huvudman; an invitation link works
/// once and not after it expired; deactivation ends an open session at its next request and the account cannot sign in;
/// an imported mentor without password is invited, signs in and reaches their mentees.
/// </summary>
public sealed partial class StaffAdministrationPageTests(NarvaroWebFactory factory) : IClassFixture<NarvaroWebFactory>
{
    private const string NewPassword = "tre-ord-som-minns-bra";

    private sealed record World(School School, StaffUser Admin, string AdminEmail, string Suffix);

    private async Task<World> WorldAsync(int pupils = 2)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var organisation = await factory.AddOrganisationAsync("Kommun " + suffix);
        var school = await factory.AddSchoolAsync(organisation, "Skola " + suffix, pupils);
        var email = $"admin.{suffix}@skola.test";
        var admin = await factory.AddStaffAsync(email, "Ada Admin", StaffRoles.Admin, school);
        return new World(school, admin, email, suffix);
    }

    private async Task<HttpClient> SignedInAsync(string email, string password = NarvaroWebFactory.Password)
    {
        var client = factory.CreateBrowser();
        await client.LogInOrFailAsync(email, password);
        return client;
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pagePath, string action, Dictionary<string, string>? fields = null)
    {
        var page = await client.GetAsync(pagePath);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var form = new Dictionary<string, string>(fields ?? []) { ["__RequestVerificationToken"] = Browser.AntiforgeryToken(await page.Content.ReadAsStringAsync()) };
        return await client.PostAsync(action, new FormUrlEncodedContent(form));
    }

    private static async Task<string> CreateStaffAsync(HttpClient admin, string name, string email)
    {
        var created = await PostFormAsync(admin, "/admin/personal/ny", "/admin/personal/ny", new() { ["DisplayName"] = name, ["Email"] = email });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return created.Headers.Location!.OriginalString["/admin/personal/".Length..];
    }

    /// <summary>"Skicka inbjudan" and the link the page shows once (no SMTP in the tests).</summary>
    private static async Task<string> InviteAsync(HttpClient admin, string id)
    {
        var sent = await PostFormAsync(admin, $"/admin/personal/{id}", $"/admin/personal/{id}/inbjudan");
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var page = await (await admin.GetAsync($"/admin/personal/{id}")).ReadPageAsync();
        var link = InvitationLink().Match(page);
        Assert.True(link.Success, "The invitation link is not shown.");
        var again = await (await admin.GetAsync($"/admin/personal/{id}")).ReadPageAsync();
        Assert.DoesNotMatch(InvitationLink(), again);
        return new Uri(link.Groups["link"].Value).AbsolutePath;
    }

    private async Task<HttpResponseMessage> ChoosePasswordAsync(string path, string password, string repeat)
    {
        var anonymous = factory.CreateBrowser();
        return await PostFormAsync(anonymous, path, path, new() { ["Input.Password"] = password, ["Input.RepeatPassword"] = repeat });
    }

    private async Task<int> AuditCountAsync(string action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NarvaroDbContext>().AuditLog.CountAsync(a => a.Action == action);
    }

    [Theory]
    [InlineData(StaffRoles.Rektor)]
    [InlineData(StaffRoles.Skolchef)]
    [InlineData(StaffRoles.Skolkurator)]
    public async Task NonAdmin_IsRefused(string role)
    {
        var world = await WorldAsync();
        var email = $"{role.ToLowerInvariant()}.{world.Suffix}@skola.test";
        await factory.AddStaffAsync(email, "Nils Nej", role, world.School);
        var client = await SignedInAsync(email);
        foreach (var path in new[] { "/admin/personal", "/admin/personal/ny", $"/admin/personal/{world.Admin.Id}" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/konto/nekad", response.Headers.Location?.AbsolutePath);
        }
    }

    [Fact]
    public async Task Mentor_IsRefused()
    {
        var world = await WorldAsync();
        var email = $"mentor.{world.Suffix}@skola.test";
        var mentor = await factory.AddStaffAsync(email, "Mona Mentor", StaffRoles.Mentor, world.School);
        await factory.MakeMentorAsync(mentor, world.School, 1);
        var response = await (await SignedInAsync(email)).GetAsync("/admin/personal");
        Assert.Equal("/konto/nekad", response.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task OtherHuvudmansAdmin_GetsNotFound()
    {
        var world = await WorldAsync();
        var other = await WorldAsync();
        var admin = await SignedInAsync(world.AdminEmail);
        var id = await CreateStaffAsync(admin, "Kim Kurator", $"kim.{world.Suffix}@skola.test");
        var client = await SignedInAsync(other.AdminEmail);
        var response = await client.GetAsync($"/admin/personal/{id}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Sidan finns inte", await response.ReadPageAsync());
        Assert.DoesNotContain("Kim Kurator", await (await client.GetAsync("/admin/personal")).ReadPageAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await PostFormAsync(client, "/admin/personal", $"/admin/personal/{id}/inaktivera")).StatusCode);
    }

    [Fact]
    public async Task NewStaff_InvalidEmail_ShowsSwedishErrorAndCreatesNothing()
    {
        var world = await WorldAsync();
        var admin = await SignedInAsync(world.AdminEmail);
        var response = await PostFormAsync(admin, "/admin/personal/ny", "/admin/personal/ny", new() { ["DisplayName"] = "", ["Email"] = "inte-en-adress" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Contains("href=\"#DisplayName\"", page);
        Assert.Contains("Skriv personens för- och efternamn.", page);
        Assert.Contains("Skriv en e-postadress med @", page);
    }

    [Fact]
    public async Task Invitation_WorksOnce_ThenThePersonSignsIn()
    {
        var world = await WorldAsync();
        var admin = await SignedInAsync(world.AdminEmail);
        var email = $"kim.{world.Suffix}@skola.test";
        var id = await CreateStaffAsync(admin, "Kim Kurator", email);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(admin, $"/admin/personal/{id}", $"/admin/personal/{id}/roller",
            new() { ["Role"] = StaffRoles.Skolkurator, ["SchoolId"] = world.School.Id.ToString() })).StatusCode);
        var path = await InviteAsync(admin, id);
        var used = await AuditCountAsync("Lösenord valt via inbjudan");

        var shown = await factory.CreateBrowser().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains("Hej Kim Kurator!", await shown.ReadPageAsync());

        var tooShort = await ChoosePasswordAsync(path, "kort", "kort");
        Assert.Equal(HttpStatusCode.OK, tooShort.StatusCode);
        Assert.Contains("Lösenordet är för kort", await tooShort.ReadPageAsync());

        var chosen = await ChoosePasswordAsync(path, NewPassword, NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal("/konto/logga-in", chosen.Headers.Location?.OriginalString);
        Assert.Equal(used + 1, await AuditCountAsync("Lösenord valt via inbjudan"));

        var again = await factory.CreateBrowser().GetAsync(path);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Contains("Länken gäller inte längre", await again.ReadPageAsync());

        var person = await SignedInAsync(email, NewPassword);
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/")).StatusCode);
        var details = await (await admin.GetAsync($"/admin/personal/{id}")).ReadPageAsync();
        Assert.Contains("Skolkurator", details);
        Assert.DoesNotContain("Senaste inloggning</dt><dd>Aldrig", details);
    }

    [Fact]
    public async Task Invitation_TwoPostsAtOnce_OnlyOneSetsAPassword()
    {
        var world = await WorldAsync();
        var admin = await SignedInAsync(world.AdminEmail);
        var id = await CreateStaffAsync(admin, "Kim Kurator", $"kim.{world.Suffix}@skola.test");
        var path = await InviteAsync(admin, id);
        var used = await AuditCountAsync("Lösenord valt via inbjudan");

        // Two browsers (two tabs, a double click) both have the form open, then post at the same moment.
        var forms = new List<(HttpClient Client, string Token)>();
        foreach (var _ in new[] { 1, 2 })
        {
            var client = factory.CreateBrowser();
            forms.Add((client, Browser.AntiforgeryToken(await (await client.GetAsync(path)).Content.ReadAsStringAsync())));
        }
        string[] passwords = ["forsta-losenordet-som-valdes", "andra-losenordet-som-valdes"];
        var answers = await Task.WhenAll(forms.Select((f, i) => Task.Run(() => f.Client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Password"] = passwords[i], ["Input.RepeatPassword"] = passwords[i], ["__RequestVerificationToken"] = f.Token,
        })))));

        Assert.Equal(new[] { HttpStatusCode.Redirect, HttpStatusCode.Gone }, answers.Select(a => a.StatusCode).Order().ToArray());
        Assert.Equal(used + 1, await AuditCountAsync("Lösenord valt via inbjudan"));
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<StaffUser>>();
        var user = (await users.FindByIdAsync(id))!;
        var winner = Array.FindIndex(answers, a => a.StatusCode == HttpStatusCode.Redirect);
        Assert.True(await users.CheckPasswordAsync(user, passwords[winner]));
        Assert.False(await users.CheckPasswordAsync(user, passwords[1 - winner]));
    }

    [Fact]
    public async Task ExpiredOrUnknownLink_GetsTheSamePage()
    {
        var world = await WorldAsync();
        var token = Invitations.NewToken();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
            db.StaffInvitations.Add(new StaffInvitation
            {
                UserId = world.Admin.Id, TokenHash = Invitations.Hash(token),
                CreatedAtUtc = DateTime.UtcNow.AddDays(-8), ExpiresAtUtc = DateTime.UtcNow.AddDays(-1),
            });
            await db.SaveChangesAsync();
        }
        foreach (var path in new[] { "/konto/inbjudan/" + token, "/konto/inbjudan/" + Invitations.NewToken() })
        {
            var response = await factory.CreateBrowser().GetAsync(path);
            Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
            Assert.Contains("Länken gäller inte längre", await response.ReadPageAsync());
        }
        var post = await factory.CreateBrowser().PostAsync("/konto/inbjudan/" + token, new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.True((int)post.StatusCode < 500);
    }

    [Fact]
    public async Task Deactivation_EndsTheOpenSessionAndSignInFailsLikeAWrongPassword()
    {
        var world = await WorldAsync();
        var email = $"rut.{world.Suffix}@skola.test";
        var rector = await factory.AddStaffAsync(email, "Rut Rektor", StaffRoles.Rektor, world.School);
        var session = await SignedInAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/")).StatusCode);

        var admin = await SignedInAsync(world.AdminEmail);
        var before = await AuditCountAsync("Konto inaktiverat");
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(admin, $"/admin/personal/{rector.Id}", $"/admin/personal/{rector.Id}/inaktivera")).StatusCode);
        Assert.Equal(before + 1, await AuditCountAsync("Konto inaktiverat"));

        var next = await session.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Equal("/konto/logga-in", next.Headers.Location?.AbsolutePath);

        var again = await factory.CreateBrowser().LogInAsync(email, NarvaroWebFactory.Password);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains(AccountController.WrongCredentials, await again.ReadPageAsync());

        // The admin cannot deactivate themselves.
        await PostFormAsync(admin, $"/admin/personal/{world.Admin.Id}", $"/admin/personal/{world.Admin.Id}/inaktivera");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(admin, $"/admin/personal/{rector.Id}", $"/admin/personal/{rector.Id}/aktivera")).StatusCode);
        await factory.CreateBrowser().LogInOrFailAsync(email);
    }

    [Fact]
    public async Task ImportedMentorWithoutPassword_IsInvited_SignsIn_AndReachesMentees()
    {
        var world = await WorldAsync(pupils: 3);
        var email = $"importerad.{world.Suffix}@skola.test";
        var mentor = StaffAccounts.NewUser(email, email);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
            db.Users.Add(mentor);
            await db.SaveChangesAsync();
        }
        await factory.MakeMentorAsync(mentor, world.School, 2);
        var admin = await SignedInAsync(world.AdminEmail);
        Assert.Contains("Mentor för 2 elever", await (await admin.GetAsync($"/admin/personal?roll={StaffRoles.Mentor}")).ReadPageAsync());

        var path = await InviteAsync(admin, mentor.Id);
        Assert.Equal(HttpStatusCode.Redirect, (await ChoosePasswordAsync(path, NewPassword, NewPassword)).StatusCode);
        var client = await SignedInAsync(email, NewPassword);
        var mentees = await client.GetAsync("/mina-elever");
        Assert.Equal(HttpStatusCode.OK, mentees.StatusCode);
        Assert.Contains("Nummer 2", await mentees.ReadPageAsync());
    }

    [GeneratedRegex("id=\"inbjudningslank\" href=\"(?<link>[^\"]+)\"")]
    private static partial Regex InvitationLink();
}
