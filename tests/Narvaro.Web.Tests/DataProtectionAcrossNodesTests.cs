using System.Net;
using Narvaro.Domain;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests;

/// <summary>Several web nodes share one database and one key ring (DataProtection:KeysPath): a login on one is valid on all.</summary>
public sealed class DataProtectionAcrossNodesTests
{
    [Fact]
    public async Task LoginCookie_FromOneNode_IsAcceptedByAnotherWithTheSameKeys_NotWithOtherKeys()
    {
        await using var node1 = new NarvaroWebFactory();
        await using var node2 = NarvaroWebFactory.With(node1.Database, node1.KeysPath);
        await using var stranger = NarvaroWebFactory.With(node1.Database);
        var organisation = await node1.AddOrganisationAsync("Trosa kommun");
        var school = await node1.AddSchoolAsync(organisation, "Tomtaklintskolan", pupils: 1);
        await node1.AddStaffAsync("rektor@tomtaklint.test", "Nils Nod", StaffRoles.Rektor, school);

        var login = await node1.CreateBrowser().LogInAsync("rektor@tomtaklint.test", NarvaroWebFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var authCookie = login.Headers.GetValues("Set-Cookie")
            .Select(c => c.Split(';')[0])
            .Single(c => c.StartsWith("Narvaro.Auth=", StringComparison.Ordinal));

        var onNode2 = await GetHomeWithCookieAsync(node2, authCookie);
        var onStranger = await GetHomeWithCookieAsync(stranger, authCookie);

        Assert.NotEmpty(Directory.GetFiles(node1.KeysPath, "key-*.xml"));
        Assert.Equal(HttpStatusCode.OK, onNode2.StatusCode);
        Assert.Contains("Välkommen, Nils Nod", await onNode2.ReadPageAsync());
        Assert.Equal(HttpStatusCode.Redirect, onStranger.StatusCode);
        Assert.Equal("/konto/logga-in", onStranger.Headers.Location?.AbsolutePath);
    }

    private static async Task<HttpResponseMessage> GetHomeWithCookieAsync(NarvaroWebFactory node, string cookie)
    {
        var client = node.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }
}
