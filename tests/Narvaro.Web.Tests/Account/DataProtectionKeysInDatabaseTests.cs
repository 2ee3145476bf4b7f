using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests.Account;

/// <summary>The data-protection key ring in the database: shared by every web node, encrypted with a certificate when configured.</summary>
public sealed class DataProtectionKeysInDatabaseTests
{
    // No DataProtection:KeysPath: the keys live in the database.
    private static readonly Dictionary<string, string?> InDatabase = new() { ["DataProtection:KeysPath"] = "" };

    [Fact]
    public async Task CookieAndAntiforgeryToken_FromOneHost_AreAcceptedByAnotherOnTheSameDatabase()
    {
        await using var node1 = NarvaroWebFactory.With(settings: InDatabase);
        await using var node2 = NarvaroWebFactory.With(node1.Database, settings: InDatabase);
        var organisation = await node1.AddOrganisationAsync("Trosa kommun");
        var school = await node1.AddSchoolAsync(organisation, "Tomtaklintskolan", pupils: 1);
        await node1.AddStaffAsync("rektor@tomtaklint.test", "Nils Nod", StaffRoles.Rektor, school);

        var login = await node1.CreateBrowser().LogInAsync("rektor@tomtaklint.test", NarvaroWebFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var authCookie = Cookie(login, "Narvaro.Auth=");
        // An antiforgery pair made by node 1 ...
        var form = await node1.CreateBrowser().GetAsync("/konto/logga-in");
        var token = Browser.AntiforgeryToken(await form.Content.ReadAsStringAsync());
        var antiforgeryCookie = Cookie(form, "Narvaro.Antiforgery=");

        var client2 = node2.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var home = new HttpRequestMessage(HttpMethod.Get, "/");
        home.Headers.Add("Cookie", authCookie);
        var onNode2 = await client2.SendAsync(home);
        Assert.Equal(HttpStatusCode.OK, onNode2.StatusCode);
        Assert.Contains("Välkommen, Nils Nod", await onNode2.ReadPageAsync());

        // ... is accepted by node 2: the post reaches the password check (wrong password), not a 400.
        using var post = new HttpRequestMessage(HttpMethod.Post, "/konto/logga-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = "rektor@tomtaklint.test", ["Password"] = "fel-lösenord-men-långt", ["__RequestVerificationToken"] = token,
            }),
        };
        post.Headers.Add("Cookie", antiforgeryCookie);
        var posted = await client2.SendAsync(post);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("Fel e-postadress eller lösenord.", await posted.ReadPageAsync());

        await using var scope = node1.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
        Assert.Empty(Directory.Exists(node1.KeysPath) ? Directory.GetFiles(node1.KeysPath) : []);
    }

    [Fact]
    public async Task WithACertificate_TheStoredKeyIsEncrypted_AndStillReadByAnotherHost()
    {
        var folder = Directory.CreateTempSubdirectory("narvaro-cert-");
        try
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=Narvaro data protection test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            var pfx = Path.Combine(folder.FullName, "keys.pfx");
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "hemligt-test"));
            var settings = new Dictionary<string, string?>(InDatabase)
            {
                ["DataProtection:CertificatePath"] = pfx,
                ["DataProtection:CertificatePassword"] = "hemligt-test",
            };
            await using var node1 = NarvaroWebFactory.With(settings: settings);
            await using var node2 = NarvaroWebFactory.With(node1.Database, settings: settings);
            var organisation = await node1.AddOrganisationAsync("Trosa kommun");
            var school = await node1.AddSchoolAsync(organisation, "Tomtaklintskolan", pupils: 1);
            await node1.AddStaffAsync("rektor@tomtaklint.test", "Nils Nod", StaffRoles.Rektor, school);
            var login = await node1.CreateBrowser().LogInAsync("rektor@tomtaklint.test", NarvaroWebFactory.Password);

            var client2 = node2.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
            using var home = new HttpRequestMessage(HttpMethod.Get, "/");
            home.Headers.Add("Cookie", Cookie(login, "Narvaro.Auth="));
            Assert.Equal(HttpStatusCode.OK, (await client2.SendAsync(home)).StatusCode);

            await using var scope = node1.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
            var xml = (await db.DataProtectionKeys.SingleAsync()).Xml;
            Assert.Contains("EncryptedData", xml);
            Assert.Contains("EncryptedXmlDecryptor", xml);
            Assert.DoesNotContain("<value>", xml);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Cookie(HttpResponseMessage response, string prefix) =>
        response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith(prefix, StringComparison.Ordinal));
}
