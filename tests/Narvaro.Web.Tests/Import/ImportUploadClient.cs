using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests.Import;

/// <summary>What a browser posts on the import pages.</summary>
public static class ImportUploadClient
{
    public const string FormPath = "/admin/import";
    public const string PreviewPrefix = "/admin/import/forhandsgranska/";

    /// <summary>GETs the form and posts the file with the kind ("Pupils" or "Attendance") as the form does.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, string? kind, string fileName, byte[]? content)
    {
        var token = Browser.AntiforgeryToken(await (await client.GetAsync(FormPath)).Content.ReadAsStringAsync());
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        if (kind is not null) form.Add(new StringContent(kind), "Kind");
        if (content is not null)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "File", fileName);
        }
        return await client.PostAsync(FormPath + "/ladda-upp", form);
    }

    public static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    /// <summary>Uploads a file and returns the upload id from the redirect to its preview.</summary>
    public static async Task<string> UploadOrFailAsync(this HttpClient client, string kind, string fileName, byte[] content)
    {
        var response = await client.UploadAsync(kind, fileName, content);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location?.OriginalString ?? "";
        Assert.StartsWith(PreviewPrefix, location);
        return location[PreviewPrefix.Length..];
    }

    public static async Task<string> PreviewPageAsync(this HttpClient client, string uploadId)
    {
        var response = await client.GetAsync(PreviewPrefix + uploadId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadPageAsync();
    }

    /// <summary>Posts the commit (or cancel) form for an upload id, with a token from the import form.</summary>
    public static Task<HttpResponseMessage> CommitAsync(this HttpClient client, string uploadId) =>
        client.PostUploadIdAsync("/genomfor", uploadId);

    public static Task<HttpResponseMessage> CancelAsync(this HttpClient client, string uploadId) =>
        client.PostUploadIdAsync("/avbryt", uploadId);

    private static async Task<HttpResponseMessage> PostUploadIdAsync(this HttpClient client, string action, string uploadId)
    {
        var token = Browser.AntiforgeryToken(await (await client.GetAsync(FormPath)).Content.ReadAsStringAsync());
        return await client.PostAsync(FormPath + action, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["uploadId"] = uploadId,
            ["__RequestVerificationToken"] = token,
        }));
    }

    /// <summary>Follows a redirect back to a page and returns its decoded text.</summary>
    public static async Task<string> FollowAsync(this HttpClient client, HttpResponseMessage redirect, string expectedPath)
    {
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal(expectedPath, redirect.Headers.Location?.OriginalString);
        var page = await client.GetAsync(expectedPath);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return await page.ReadPageAsync();
    }
}
