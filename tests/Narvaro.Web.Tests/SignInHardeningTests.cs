using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Web.Features.Account;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests;

/// <summary>
/// Sign-in and sessions that hold: throttling per address and per (address, account) before the lockout, the same answer
/// for an unknown account as for a wrong password, sign-ins audited, and a logout that ends the session on the server.
/// </summary>
public sealed class SignInHardeningTests : IAsyncLifetime
{
    private NarvaroWebFactory _factory = null!;
    private School _school = null!;

    public async Task InitializeAsync()
    {
        _factory = NarvaroWebFactory.With(settings: new Dictionary<string, string?>
        {
            ["SignIn:PerAddressPermitLimit"] = "8",
            ["SignIn:PerAccountPermitLimit"] = "3",
        });
        var organisation = await _factory.AddOrganisationAsync($"Testkommun {Guid.NewGuid():N}");
        _school = await _factory.AddSchoolAsync(organisation, "Granskolan", pupils: 2);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private static string NewEmail(string who) => $"{who}.{Guid.NewGuid():N}@skola.test";

    [Fact]
    public async Task GuessingOnePassword_IsThrottledAfterThreeTries_BeforeTheAccountIsLocked_AndNothingOfItIsLockedOut()
    {
        var email = NewEmail("rektor");
        var user = await _factory.AddStaffAsync(email, "Rut Rektor", StaffRoles.Rektor, _school);
        var guesser = _factory.CreateBrowser();

        for (var i = 0; i < 3; i++)
            Assert.Contains(AccountController.WrongCredentials, await (await guesser.LogInAsync(email, $"gissning-nummer-{i}-xx")).ReadPageAsync());
        var fourth = await guesser.LogInAsync(email, NarvaroWebFactory.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.Contains(AccountController.TooManyForAccount, await fourth.ReadPageAsync());
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        var stored = await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id);
        Assert.Equal(3, stored.AccessFailedCount);
        Assert.Null(stored.LockoutEnd);
        // The throttled attempt never reached the password check: even the right password was refused, and counted nothing.
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == AccountController.ThrottledAction && a.Details!.StartsWith("konto")));
    }

    [Fact]
    public async Task ManyAccountsFromOneAddress_AreThrottledByAddress()
    {
        var client = _factory.CreateBrowser();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 9; i++)
            last = await client.LogInAsync(NewEmail("okand" + i), "ett-lösenord-som-inte-finns");

        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.Contains(AccountController.TooManyFromAddress, await last.ReadPageAsync());
    }

    [Fact]
    public async Task SignIns_AreAudited_SuccessAndFailure_WithoutThePassword()
    {
        var email = NewEmail("kurator");
        var user = await _factory.AddStaffAsync(email, "Kim Kurator", StaffRoles.Skolkurator, _school);
        var unknown = NewEmail("okand");

        await _factory.CreateBrowser().LogInAsync(email, "fel-lösenord-som-är-långt");
        await _factory.CreateBrowser().LogInAsync(unknown, "fel-lösenord-som-är-långt");
        await _factory.CreateBrowser().LogInOrFailAsync(email);

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        var entries = await db.AuditLog.AsNoTracking().Where(a => a.Action == AccountController.SignedInAction || a.Action == AccountController.FailedAction)
            .OrderBy(a => a.Id).ToListAsync();
        Assert.Contains(entries, e => e.UserId == user.Id && e.Action == AccountController.FailedAction && e.Details!.StartsWith("fel lösenord"));
        Assert.Contains(entries, e => e.UserId == null && e.Action == AccountController.FailedAction && e.Details!.StartsWith("okänt konto"));
        Assert.Contains(entries, e => e.UserId == user.Id && e.Action == AccountController.SignedInAction);
        Assert.DoesNotContain(entries, e => e.Details!.Contains("fel-lösenord"));
    }

    [Fact]
    public async Task Logout_EndsTheSessionOnTheServer_ACopiedCookieNoLongerWorks()
    {
        var email = NewEmail("mentor");
        await _factory.AddStaffAsync(email, "Mia Mentor", StaffRoles.Rektor, _school);
        var browser = _factory.CreateBrowser();
        await browser.LogInOrFailAsync(email);
        var home = await browser.GetAsync("/");
        var cookie = string.Join("; ", home.RequestMessage!.Headers.GetValues("Cookie"));
        // Another client carrying a copy of the same cookie (a stolen or second browser tab's session).
        var copy = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var before = new HttpRequestMessage(HttpMethod.Get, "/");
        before.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await copy.SendAsync(before)).StatusCode);

        var token = Browser.AntiforgeryToken(await home.Content.ReadAsStringAsync());
        await browser.PostAsync("/konto/logga-ut", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        var after = new HttpRequestMessage(HttpMethod.Get, "/");
        after.Headers.Add("Cookie", cookie);
        var response = await copy.SendAsync(after);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/konto/logga-in", response.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task UnknownAccount_GetsTheSameAnswerAsAWrongPassword()
    {
        var email = NewEmail("rektor");
        await _factory.AddStaffAsync(email, "Rolf Rektor", StaffRoles.Rektor, _school);

        var wrong = await (await _factory.CreateBrowser().LogInAsync(email, "fel-lösenord-som-är-långt")).ReadPageAsync();
        var unknown = await (await _factory.CreateBrowser().LogInAsync(NewEmail("okand"), "fel-lösenord-som-är-långt")).ReadPageAsync();

        static string ErrorSummary(string page) => page[page.IndexOf("error-summary", StringComparison.Ordinal)..page.IndexOf("<form", StringComparison.Ordinal)];
        Assert.Equal(ErrorSummary(wrong), ErrorSummary(unknown));
    }
}

/// <summary>Outside Development: Secure cookies, HSTS over HTTPS, and no stack trace in any answer.</summary>
public sealed class ProductionCookieTests : IAsyncLifetime
{
    private NarvaroWebFactory _factory = null!;

    public Task InitializeAsync()
    {
        _factory = NarvaroWebFactory.With(settings: new Dictionary<string, string?> { ["environment"] = "Production" });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task EveryCookieIsSecureHttpOnlyAndSameSite_AndHstsIsSent()
    {
        var client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, BaseAddress = new Uri("https://narvaro.kommun.test"), // HSTS is never sent to localhost
        });

        var response = await client.GetAsync("/konto/logga-in");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c =>
        {
            Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("httponly", c, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite", c, StringComparison.OrdinalIgnoreCase);
        });
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
    }
}
