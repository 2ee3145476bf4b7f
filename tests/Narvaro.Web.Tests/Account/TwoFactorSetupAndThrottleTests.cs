using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Web.Features.Account;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests.Account;

/// <summary>
/// The setup page draws the otpauth:// address as a QR code on the server (SVG, no script) and the code step of sign-in
/// is throttled per account like the password step.
/// </summary>
public sealed partial class TwoFactorSetupAndThrottleTests : IAsyncLifetime
{
    private NarvaroWebFactory _factory = null!;
    private School _school = null!;

    public async Task InitializeAsync()
    {
        _factory = NarvaroWebFactory.With(settings: new Dictionary<string, string?>
        {
            ["SignIn:PerAddressPermitLimit"] = "100",
            ["SignIn:PerAccountPermitLimit"] = "3",
        });
        var organisation = await _factory.AddOrganisationAsync($"Testkommun {Guid.NewGuid():N}");
        _school = await _factory.AddSchoolAsync(organisation, "Granskolan", pupils: 1);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private static string NewEmail(string who) => $"{who}.{Guid.NewGuid():N}@skola.test";

    [Fact]
    public async Task SetupPage_DrawsTheOtpauthAddressOfTheStoredKey_AsAQrCodeSvg()
    {
        var email = NewEmail("rektor");
        var user = await _factory.AddStaffAsync(email, "Rut Rektor", StaffRoles.Rektor, _school);
        var client = _factory.CreateBrowser();
        await client.LogInOrFailAsync(email);

        var response = await client.GetAsync("/konto/tvastegsverifiering/aktivera");
        var html = await response.ReadPageAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The address is the one for the key stored for this account.
        string storedKey;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            storedKey = (await users.GetAuthenticatorKeyAsync((await users.FindByIdAsync(user.Id))!))!;
        }
        var uri = WebUtility.HtmlDecode(OtpauthField().Match(html).Groups[1].Value);
        Assert.Equal($"otpauth://totp/N%C3%A4rvaro:{email}?secret={storedKey}&issuer=N%C3%A4rvaro&digits=6", uri);

        // An SVG image with a Swedish name, no script.
        var svg = SvgElement().Match(html);
        Assert.True(svg.Success, "No QR code SVG on the page.");
        Assert.Contains("role=\"img\"", svg.Value);
        Assert.Contains("aria-labelledby=\"qrkod-titel\"", svg.Value);
        Assert.Contains("<title id=\"qrkod-titel\">QR-kod med nyckeln för Närvaro", WebUtility.HtmlDecode(svg.Value));
        Assert.DoesNotContain("<script", html);

        // What is drawn is QRCoder's module matrix for exactly that address: read the path back into modules.
        var expected = AuthenticatorQrCode.Matrix(uri);
        var modules = int.Parse(Regex.Match(svg.Value, "data-modules=\"(\\d+)\"").Groups[1].Value);
        Assert.Equal(expected.Count, modules);
        Assert.Contains($"viewBox=\"0 0 {modules} {modules}\"", svg.Value);
        Assert.Equal(0, (modules - 8 - 17) % 4); // 4 quiet modules each side around a version-v symbol of 17 + 4v
        var drawn = new bool[modules, modules];
        foreach (Match run in PathRun().Matches(Regex.Match(svg.Value, "<path [^>]*d=\"([^\"]+)\"").Groups[1].Value))
        {
            int x = int.Parse(run.Groups["x"].Value), y = int.Parse(run.Groups["y"].Value), length = int.Parse(run.Groups["h"].Value);
            Assert.Equal(length, int.Parse(run.Groups["back"].Value));
            for (var i = 0; i < length; i++)
            {
                Assert.False(drawn[y, x + i], $"Module ({x + i}, {y}) is drawn twice.");
                drawn[y, x + i] = true;
            }
        }
        var dark = 0;
        for (var y = 0; y < modules; y++)
            for (var x = 0; x < modules; x++)
            {
                Assert.True(expected[y][x] == drawn[y, x], $"Module ({x}, {y}) differs from QRCoder's matrix.");
                if (drawn[y, x]) dark++;
            }
        // The three finder patterns alone are 3 × 33 dark modules; a QR code is roughly half dark.
        Assert.InRange(dark, 99, modules * modules * 3 / 4);
    }

    [Fact]
    public async Task CodeStep_IsThrottledPerAccount_EvenTheRightCodeIsRefused_AndNothingCounted()
    {
        var email = NewEmail("rektor");
        var user = await _factory.AddStaffAsync(email, "Rut Rektor", StaffRoles.Rektor, _school);
        string key;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var stored = (await users.FindByIdAsync(user.Id))!;
            await users.ResetAuthenticatorKeyAsync(stored);
            await users.SetTwoFactorEnabledAsync(stored, true);
            key = (await users.GetAuthenticatorKeyAsync(stored))!;
        }
        var wrongCode = Totp.Code(key, DateTimeOffset.UtcNow.AddMinutes(-10));
        var client = _factory.CreateBrowser();

        // Attempt 1 of 3: the password, which leads to the code step.
        var password = await client.LogInAsync(email, NarvaroWebFactory.Password);
        Assert.StartsWith("/konto/logga-in/kod", password.Headers.Location!.OriginalString);
        // Attempts 2 and 3: wrong codes.
        for (var i = 0; i < 2; i++)
            Assert.Contains(TwoFactorController.WrongCode, await (await PostCodeAsync(client, wrongCode)).ReadPageAsync());
        // The fourth is refused before the code is checked, even the right one.
        var throttled = await PostCodeAsync(client, Totp.Code(key));

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Contains(AccountController.TooManyForAccount, await throttled.ReadPageAsync());
        var start = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.Contains("/konto/logga-in", start.Headers.Location!.OriginalString);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
            Assert.Equal(2, (await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id)).AccessFailedCount);
            Assert.Equal(1, await db.AuditLog.CountAsync(a => a.UserId == user.Id && a.Action == AccountController.ThrottledAction
                && a.Details!.StartsWith("engångskod")));
            Assert.Equal(0, await db.AuditLog.CountAsync(a => a.UserId == user.Id && a.Action == TwoFactorController.SignedInAction));
        }
    }

    private static async Task<HttpResponseMessage> PostCodeAsync(HttpClient client, string code)
    {
        var page = await (await client.GetAsync("/konto/logga-in/kod")).ReadPageAsync();
        return await client.PostAsync("/konto/logga-in/kod", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Code"] = code, ["ReturnUrl"] = "/", ["__RequestVerificationToken"] = Browser.AntiforgeryToken(page),
        }));
    }

    [GeneratedRegex("<code id=\"otpauth\"[^>]*>([^<]+)</code>")]
    private static partial Regex OtpauthField();

    [GeneratedRegex("<svg id=\"qrkod\"[\\s\\S]*?</svg>")]
    private static partial Regex SvgElement();

    [GeneratedRegex("M(?<x>\\d+) (?<y>\\d+)h(?<h>\\d+)v1h-(?<back>\\d+)z")]
    private static partial Regex PathRun();
}
