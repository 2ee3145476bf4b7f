using System.Net;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests.AdminStaff;

/// <summary>Guessing invitation links is slowed per client address: past the limit the page answers 429 in Swedish.</summary>
public sealed class InvitationThrottleTests
{
    [Fact]
    public async Task InvitationLinks_PastTheLimitPerAddress_Answer429()
    {
        await using var factory = NarvaroWebFactory.With(settings: new Dictionary<string, string?> { ["Invitation:PermitLimit"] = "3" });
        var client = factory.CreateBrowser();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            answers.Add((await client.GetAsync($"/konto/inbjudan/gissning-{i}")).StatusCode);

        Assert.Equal([HttpStatusCode.Gone, HttpStatusCode.Gone, HttpStatusCode.Gone, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers);
        var page = await (await client.GetAsync("/konto/inbjudan/gissning-5")).ReadPageAsync();
        Assert.Contains("lang=\"sv\"", page);
    }
}
