using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Web.Features.Account;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests.Account;

/// <summary>
/// Two-factor sign-in with an authenticator app: set up with a real TOTP code computed from the key on the page, then
/// demanded at every sign-in; recovery codes work once; the huvudman's policy sends a rector without it to the setup page.
/// </summary>
public sealed partial class TwoFactorSignInTests : IAsyncLifetime
{
    private NarvaroWebFactory _factory = null!;
    private Organisation _organisation = null!;
    private School _school = null!;

    public async Task InitializeAsync()
    {
        _factory = new NarvaroWebFactory();
        _organisation = await _factory.AddOrganisationAsync($"Testkommun {Guid.NewGuid():N}");
        _school = await _factory.AddSchoolAsync(_organisation, "Granskolan", pupils: 2);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private static string NewEmail(string who) => $"{who}.{Guid.NewGuid():N}@skola.test";

    [Fact]
    public async Task EnablingWithTheRightCode_ThenSignInAsksForTheCode_AndARecoveryCodeWorksOnce()
    {
        var email = NewEmail("rektor");
        await _factory.AddStaffAsync(email, "Rut Rektor", StaffRoles.Rektor, _school);
        var client = _factory.CreateBrowser();
        await client.LogInOrFailAsync(email);

        var (key, recoveryCodes) = await EnableAsync(client);
        Assert.Equal(10, recoveryCodes.Count);
        var status = await (await client.GetAsync("/konto/tvastegsverifiering")).ReadPageAsync();
        Assert.Contains("Tvåstegsverifiering är <strong>aktiverad</strong>", status);
        Assert.DoesNotContain(recoveryCodes[0], status); // shown once only

        // A password alone no longer signs in: the code step follows.
        var second = _factory.CreateBrowser();
        var password = await second.LogInAsync(email, NarvaroWebFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.StartsWith("/konto/logga-in/kod", password.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/")).StatusCode);
        var wrong = await PostCodeAsync(second, "000000" == Totp.Code(key) ? "111111" : "000000");
        Assert.Contains(TwoFactorController.WrongCode, await wrong.ReadPageAsync());
        var right = await PostCodeAsync(second, Totp.Code(key));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/", right.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/")).StatusCode);

        var third = _factory.CreateBrowser();
        await third.LogInAsync(email, NarvaroWebFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, (await PostCodeAsync(third, recoveryCodes[0])).StatusCode);
        var fourth = _factory.CreateBrowser();
        await fourth.LogInAsync(email, NarvaroWebFactory.Password);
        Assert.Contains(TwoFactorController.WrongCode, await (await PostCodeAsync(fourth, recoveryCodes[0])).ReadPageAsync());

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        Assert.Equal(2, await db.AuditLog.CountAsync(a => a.Action == TwoFactorController.SignedInAction));
        Assert.Equal(2, await db.AuditLog.CountAsync(a => a.Action == TwoFactorController.WrongCodeAction));
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == TwoFactorController.EnabledAction));
    }

    [Fact]
    public async Task EnablingWithAWrongCode_IsRefused_AndNothingChanges()
    {
        var email = NewEmail("kurator");
        var user = await _factory.AddStaffAsync(email, "Kim Kurator", StaffRoles.Skolkurator, _school);
        var client = _factory.CreateBrowser();
        await client.LogInOrFailAsync(email);
        var page = await (await client.GetAsync("/konto/tvastegsverifiering/aktivera")).ReadPageAsync();
        var key = Key(page);

        var response = await client.PostAsync("/konto/tvastegsverifiering/aktivera", Form(page, ("Code", Totp.Code(key, DateTimeOffset.UtcNow.AddMinutes(-10)))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(TwoFactorController.WrongSetupCode, await response.ReadPageAsync());
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        Assert.False((await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id)).TwoFactorEnabled);
    }

    [Fact]
    public async Task PolicyRequiringTwoFactor_SendsARectorWithoutIt_ToTheSetupPage_UntilSetUp_AndLeavesAMentorAlone()
    {
        await RequireTwoFactorAsync();
        var rector = NewEmail("rektor");
        await _factory.AddStaffAsync(rector, "Rolf Rektor", StaffRoles.Rektor, _school);
        var mentor = NewEmail("mentor");
        var mentorUser = await _factory.AddStaffAsync(mentor, "Maja Mentor", StaffRoles.Mentor, _school);
        await _factory.MakeMentorAsync(mentorUser, _school, 1);

        var client = _factory.CreateBrowser();
        await client.LogInOrFailAsync(rector);
        foreach (var path in new[] { "/", "/eskalering", "/eht", "/checklistor" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(TwoFactorRequirementMiddleware.SetupPath, response.Headers.Location!.OriginalString);
        }
        var setup = await client.GetAsync("/konto/tvastegsverifiering");
        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
        Assert.Contains("kräver tvåstegsverifiering", await setup.ReadPageAsync());

        await EnableAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        // Required: it cannot be switched off.
        var page = await (await client.GetAsync("/konto/tvastegsverifiering")).ReadPageAsync();
        Assert.DoesNotContain("Stäng av tvåstegsverifiering", page);
        await client.PostAsync("/konto/tvastegsverifiering/stang-av", Form(page));
        Assert.Contains("Tvåstegsverifiering är <strong>aktiverad</strong>", await (await client.GetAsync("/konto/tvastegsverifiering")).ReadPageAsync());

        var mentorClient = _factory.CreateBrowser();
        await mentorClient.LogInOrFailAsync(mentor);
        Assert.Equal(HttpStatusCode.OK, (await mentorClient.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await mentorClient.GetAsync("/mina-elever")).StatusCode);
    }

    [Fact]
    public async Task OidcIsOffByDefault_NoButtonOnTheSignInPage()
    {
        var page = await (await _factory.CreateBrowser().GetAsync("/konto/logga-in")).ReadPageAsync();
        Assert.DoesNotContain("Logga in med", page);
    }

    private async Task RequireTwoFactorAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        var organisation = await db.Organisations.SingleAsync(o => o.Id == _organisation.Id);
        organisation.Policy.RequireTwoFactor = true;
        await db.SaveChangesAsync();
    }

    /// <summary>Enables two-factor sign-in as a person does: reads the key, types the app's code; returns the key and recovery codes.</summary>
    public static async Task<(string Key, List<string> RecoveryCodes)> EnableAsync(HttpClient client)
    {
        var page = await (await client.GetAsync("/konto/tvastegsverifiering/aktivera")).ReadPageAsync();
        var key = Key(page);
        var response = await client.PostAsync("/konto/tvastegsverifiering/aktivera", Form(page, ("Code", Totp.Code(key))));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var status = await (await client.GetAsync(response.Headers.Location!.OriginalString)).ReadPageAsync();
        var codes = RecoveryCode().Matches(status).Select(m => m.Groups[1].Value).ToList();
        return (key, codes);
    }

    private static async Task<HttpResponseMessage> PostCodeAsync(HttpClient client, string code)
    {
        var page = await (await client.GetAsync("/konto/logga-in/kod")).ReadPageAsync();
        return await client.PostAsync("/konto/logga-in/kod", Form(page, ("Code", code), ("ReturnUrl", "/")));
    }

    private static string Key(string page) => KeyField().Match(page).Groups[1].Value;

    private static FormUrlEncodedContent Form(string page, params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))
            .Append(KeyValuePair.Create("__RequestVerificationToken", Browser.AntiforgeryToken(page))));

    [GeneratedRegex("<code id=\"nyckel\">([a-z2-7 ]+)</code>")]
    private static partial Regex KeyField();

    [GeneratedRegex("<li><code>([0-9A-Z]{5}-[0-9A-Z]{5})</code></li>")]
    private static partial Regex RecoveryCode();
}
