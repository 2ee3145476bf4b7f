using System.Net;
using Narvaro.Domain;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests;

/// <summary>
/// Staff see the schools they work at; skolchef and admin see every school of their huvudman but no other's;
/// role policies send the wrong role to the access-denied page.
/// </summary>
public sealed class SchoolAccessTests : IClassFixture<NarvaroWebFactory>, IAsyncLifetime
{
    private readonly NarvaroWebFactory _factory;
    private School _ekbacken = null!;
    private School _granhojden = null!;
    private School _otherHuvudman = null!;

    public SchoolAccessTests(NarvaroWebFactory factory) => _factory = factory;

    public async Task InitializeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var kommun = await _factory.AddOrganisationAsync($"Trosa kommun {suffix}");
        var friskola = await _factory.AddOrganisationAsync($"Friskolan AB {suffix}");
        _ekbacken = await _factory.AddSchoolAsync(kommun, $"Ekbackens skola {suffix}", pupils: 4);
        _granhojden = await _factory.AddSchoolAsync(kommun, $"Granhöjdens skola {suffix}", pupils: 2);
        _otherHuvudman = await _factory.AddSchoolAsync(friskola, $"Fristående skolan {suffix}", pupils: 5);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string NewEmail(string who) => $"{who}.{Guid.NewGuid():N}@skola.test";

    private async Task<HttpClient> SignedInAsync(string role, params School[] schools)
    {
        var email = NewEmail(role.ToLowerInvariant());
        await _factory.AddStaffAsync(email, $"Testperson {role}", role, schools);
        var client = _factory.CreateBrowser();
        await client.LogInOrFailAsync(email);
        return client;
    }

    [Fact]
    public async Task StartPage_MentorOfPupilsAtOneSchool_SeesTheMenteesButNoSchool()
    {
        var email = NewEmail("mentor");
        var mentor = await _factory.AddStaffAsync(email, "Testperson Mentor", StaffRoles.Mentor);
        await _factory.MakeMentorAsync(mentor, _ekbacken, 2);
        var client = _factory.CreateBrowser();
        await client.LogInOrFailAsync(email);

        var html = await (await client.GetAsync("/")).ReadPageAsync();

        Assert.Contains("<li>Mentor</li>", html);
        Assert.Contains("Du är mentor för 2 elever.", html);
        Assert.DoesNotContain(_ekbacken.Name, html);
        Assert.DoesNotContain(_granhojden.Name, html);
        Assert.DoesNotContain(_otherHuvudman.Name, html);
        Assert.Equal("", await client.GetStringAsync("/test/skolor"));
        Assert.Equal("/konto/nekad", (await client.GetAsync($"/test/skolor/{_ekbacken.Id}")).Headers.Location?.AbsolutePath);
        Assert.Equal("/konto/nekad", (await client.GetAsync($"/test/skolor/{_granhojden.Id}")).Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task SchoolAccess_CanSeeSchool_OnlyForMemberships()
    {
        var client = await SignedInAsync(StaffRoles.Skolkurator, _ekbacken, _granhojden);

        Assert.Equal("ja", await client.GetStringAsync($"/test/skolor/{_granhojden.Id}"));
        var other = await client.GetAsync($"/test/skolor/{_otherHuvudman.Id}");
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.Equal("/konto/nekad", other.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task StartPage_SkolchefWithOneMembership_SeesEverySchoolOfTheHuvudmanOnly()
    {
        var client = await SignedInAsync(StaffRoles.Skolchef, _ekbacken);

        var html = await (await client.GetAsync("/")).ReadPageAsync();

        Assert.Contains("Huvudmannens skolor", html);
        Assert.Matches($@"{_ekbacken.Name}</th>\s*<td>{_ekbacken.SchoolUnitCode}</td>\s*<td class=""number"">4</td>", html);
        Assert.Matches($@"{_granhojden.Name}</th>\s*<td>{_granhojden.SchoolUnitCode}</td>\s*<td class=""number"">2</td>", html);
        Assert.DoesNotContain(_otherHuvudman.Name, html);
        Assert.Contains("Huvudmannens översikt", html);
        var ids = (await client.GetStringAsync("/test/skolor")).Split(',').Select(int.Parse).ToList();
        Assert.Contains(_ekbacken.Id, ids);
        Assert.Contains(_granhojden.Id, ids);
        Assert.DoesNotContain(_otherHuvudman.Id, ids);
    }

    [Fact]
    public async Task StartPage_StaffWithoutSchool_IsToldToContactTheAdministrator()
    {
        var client = await SignedInAsync(StaffRoles.Specialpedagog);

        var html = await (await client.GetAsync("/")).ReadPageAsync();

        // Without an assignment the role is not held at all: no school, no role, no work.
        Assert.Contains("Du är inte kopplad till någon skola ännu.", html);
        Assert.Contains("Du har ingen roll ännu.", html);
        Assert.DoesNotContain(_ekbacken.Name, html);
        Assert.DoesNotContain("Elevhälsans ärenden", html);
        Assert.Equal("", await client.GetStringAsync("/test/skolor"));
    }

    [Fact]
    public async Task RolePolicy_WrongRole_IsSentToAccessDenied_RightRolePasses()
    {
        var mentor = await SignedInAsync(StaffRoles.Mentor, _ekbacken);
        var rektor = await SignedInAsync(StaffRoles.Rektor, _ekbacken);

        var denied = await mentor.GetAsync("/test/rektor");
        var allowed = await rektor.GetAsync("/test/rektor");

        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Equal("/konto/nekad", denied.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("rektor", await allowed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EhtPolicy_AdmitsRektorAndElevhalsan_NotMentor()
    {
        var rektor = await SignedInAsync(StaffRoles.Rektor, _ekbacken);
        var skolskoterska = await SignedInAsync(StaffRoles.Skolskoterska, _ekbacken);
        var mentor = await SignedInAsync(StaffRoles.Mentor, _ekbacken);

        Assert.Equal(HttpStatusCode.OK, (await rektor.GetAsync("/test/eht")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await skolskoterska.GetAsync("/test/eht")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await mentor.GetAsync("/test/eht")).StatusCode);
    }

    [Fact]
    public async Task Probe_Anonymous_IsSentToLogin()
    {
        var response = await _factory.CreateBrowser().GetAsync("/test/skolor");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/konto/logga-in", response.Headers.Location?.AbsolutePath);
    }
}
