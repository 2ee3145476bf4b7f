using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Staff;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests;

/// <summary>Staff log in with e-mail and password, see their start page, and log out.</summary>
public sealed class SigningInTests : IClassFixture<NarvaroWebFactory>, IAsyncLifetime
{
    private readonly NarvaroWebFactory _factory;
    private School _school = null!;

    public SigningInTests(NarvaroWebFactory factory) => _factory = factory;

    public async Task InitializeAsync()
    {
        var organisation = await _factory.AddOrganisationAsync($"Testkommun {Guid.NewGuid():N}");
        _school = await _factory.AddSchoolAsync(organisation, $"Åbyskolan {Guid.NewGuid():N}"[..20], pupils: 3);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string NewEmail(string who) => $"{who}.{Guid.NewGuid():N}@skola.test";

    [Fact]
    public async Task Login_WithWrongPassword_ShowsSwedishErrorAndStaysAnonymous()
    {
        var email = NewEmail("mentor");
        await _factory.AddStaffAsync(email, "Maja Mentor", StaffRoles.Mentor, _school);
        var client = _factory.CreateBrowser();

        var response = await client.LogInAsync(email, "fel-lösenord-helt-och-hållet");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.ReadPageAsync();
        Assert.Contains("Fel e-postadress eller lösenord.", html);
        Assert.Contains($"value=\"{email}\"", html);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Login_WithUnknownEmail_ShowsTheSameError()
    {
        var response = await _factory.CreateBrowser().LogInAsync(NewEmail("okand"), NarvaroWebFactory.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Fel e-postadress eller lösenord.", await response.ReadPageAsync());
    }

    [Fact]
    public async Task Login_WithEmptyFields_ShowsSwedishValidationMessages()
    {
        var response = await _factory.CreateBrowser().LogInAsync("", "");
        var html = await response.ReadPageAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Skriv din e-postadress.", html);
        Assert.Contains("Skriv ditt lösenord.", html);
    }

    [Fact]
    public async Task Login_ThenStartPage_GreetsByNameWithRolesSchoolAndPupilCount()
    {
        var email = NewEmail("mentor");
        var user = await _factory.AddStaffAsync(email, "Åsa Öberg", StaffRoles.Mentor, _school);
        await _factory.MakeMentorAsync(user, _school, 3);
        var client = _factory.CreateBrowser();

        await client.LogInOrFailAsync(email);
        var response = await client.GetAsync("/");
        var html = await response.ReadPageAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<title>Närvaro — uppföljning av frånvaro</title>", html);
        Assert.Contains("Välkommen, Åsa Öberg", html);
        Assert.Contains("<li>Mentor</li>", html);
        // A mentor reaches their mentees, not the school.
        Assert.Contains("Du är mentor för 3 elever.", html);
        Assert.DoesNotContain($"<th scope=\"row\">{_school.Name}</th>", html);
        Assert.Contains("Dina mentorselever och veckans samtal", html);
        Assert.Contains("Logga ut", html);
    }

    [Fact]
    public async Task Login_AccountWithoutPassword_CannotSignIn()
    {
        // Accounts created by the pupil import have no password.
        var email = NewEmail("importerad");
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
            var user = StaffAccounts.NewUser(email, "Importerad Mentor");
            db.Users.Add(user);
            await db.SaveChangesAsync();
        }
        var client = _factory.CreateBrowser();

        foreach (var attempt in new[] { "", "x", NarvaroWebFactory.Password })
        {
            var response = await client.LogInAsync(email, attempt);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Login_AccountCreatedWithStaffAccountsAndPassword_CanSignIn()
    {
        var email = NewEmail("rektor");
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
            var user = StaffAccounts.NewUser(email, "Rut Rektor", NarvaroWebFactory.Password);
            db.Users.Add(user);
            await db.SaveChangesAsync();
            await TestAssignments.GrantAsync(db, user.Id, [StaffRoles.Rektor], [_school.Id]);
        }
        var client = _factory.CreateBrowser();

        await client.LogInOrFailAsync(email);
        var html = await (await client.GetAsync("/")).ReadPageAsync();

        Assert.Contains("Välkommen, Rut Rektor", html);
        Assert.Contains("<li>Rektor</li>", html);
        Assert.Contains("Skolans frånvaroläge", html);
    }

    [Fact]
    public async Task Login_FailuresUpToTheLockoutLimit_LockTheAccount_AsTheLastLine()
    {
        // The default limit (SignInOptions.LockoutAfterFailures, 50) is far above what one address may try; the lockout
        // itself is the same mechanism at any limit, so it is shown with the limit this factory leaves at its default.
        var email = NewEmail("last");
        await _factory.AddStaffAsync(email, "Lars Låst", StaffRoles.Mentor, _school);
        var client = _factory.CreateBrowser();

        for (var i = 0; i < new Narvaro.Web.Features.Account.SignInOptions().LockoutAfterFailures; i++)
            await client.LogInAsync(email, "fel-lösenord-igen");
        var response = await client.LogInAsync(email, NarvaroWebFactory.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Kontot är tillfälligt låst", await response.ReadPageAsync());
    }

    [Fact]
    public async Task Login_FollowsLocalReturnUrl_ButNeverAnotherSite()
    {
        var email = NewEmail("mentor");
        await _factory.AddStaffAsync(email, "Rolf Retur", StaffRoles.Mentor, _school);

        var local = await _factory.CreateBrowser().LogInAsync(email, NarvaroWebFactory.Password, "/konto/nekad");
        var external = await _factory.CreateBrowser().LogInAsync(email, NarvaroWebFactory.Password, "https://elak.example/stjal");

        Assert.Equal("/konto/nekad", local.Headers.Location?.OriginalString);
        Assert.Equal("/", external.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Post_WithoutAntiforgeryToken_IsRejected()
    {
        var email = NewEmail("mentor");
        await _factory.AddStaffAsync(email, "Tea Token", StaffRoles.Mentor, _school);
        var client = _factory.CreateBrowser();

        var response = await client.PostAsync("/konto/logga-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = NarvaroWebFactory.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Formuläret kunde inte skickas", await response.ReadPageAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Logout_EndsTheSession()
    {
        var email = NewEmail("mentor");
        await _factory.AddStaffAsync(email, "Olle Utloggad", StaffRoles.Mentor, _school);
        var client = _factory.CreateBrowser();
        await client.LogInOrFailAsync(email);
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);

        var token = Browser.AntiforgeryToken(await home.Content.ReadAsStringAsync());
        var response = await client.PostAsync("/konto/logga-ut", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/konto/logga-in", response.Headers.Location?.OriginalString);
        var after = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/konto/logga-in", after.Headers.Location?.AbsolutePath);
    }
}
