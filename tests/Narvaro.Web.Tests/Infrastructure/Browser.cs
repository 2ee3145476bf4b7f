using System.Net;
using System.Text.RegularExpressions;

namespace Narvaro.Web.Tests.Infrastructure;

/// <summary>What a browser does with the forms: read the antiforgery token from the page and post it back.</summary>
public static partial class Browser
{
    public static string AntiforgeryToken(string html)
    {
        var match = TokenField().Match(html);
        Assert.True(match.Success, "The page has no antiforgery token field.");
        return WebUtility.HtmlDecode(match.Groups["token"].Value);
    }

    /// <summary>GETs the login form and posts it as a browser would.</summary>
    public static async Task<HttpResponseMessage> LogInAsync(this HttpClient client, string email, string password, string? returnUrl = null)
    {
        var page = await client.GetAsync("/konto/logga-in");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var token = AntiforgeryToken(await page.Content.ReadAsStringAsync());
        return await client.PostAsync("/konto/logga-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["ReturnUrl"] = returnUrl ?? "",
            ["__RequestVerificationToken"] = token,
        }));
    }

    /// <summary>Logs in and asserts the redirect that follows a successful login.</summary>
    public static async Task LogInOrFailAsync(this HttpClient client, string email, string password = NarvaroWebFactory.Password)
    {
        var response = await client.LogInAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    /// <summary>The page's text with character references decoded.</summary>
    public static async Task<string> ReadPageAsync(this HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex TokenField();
}
