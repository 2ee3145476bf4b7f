using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Documents;
using Narvaro.Domain;
using Narvaro.Web.Features.Documents;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests;

/// <summary>
/// A case's forms go to the pupil's mentor and to the rector and elevhälsan of the pupil's school, no one else;
/// the monthly list to rektor and skolchef. Each download is in the audit log.
/// </summary>
public sealed class DocumentDownloadTests : IClassFixture<NarvaroWebFactory>, IAsyncLifetime
{
    private readonly NarvaroWebFactory _factory;
    private School _school = null!;
    private School _otherSchool = null!;
    private StaffUser _mentor = null!;
    private string _mentorEmail = null!;
    private int _pupilId;
    private int _documentId;

    public DocumentDownloadTests(NarvaroWebFactory factory) => _factory = factory;

    public async Task InitializeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var kommun = await _factory.AddOrganisationAsync($"Trosa kommun {suffix}");
        _school = await _factory.AddSchoolAsync(kommun, $"Tofsvipans skola {suffix}", pupils: 1);
        _otherSchool = await _factory.AddSchoolAsync(kommun, $"Öbergsskolan {suffix}", pupils: 1);
        _mentorEmail = NewEmail("mentor");
        _mentor = await _factory.AddStaffAsync(_mentorEmail, "Maria Mentor", StaffRoles.Mentor, _school);

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        var pupil = await db.Pupils.SingleAsync(p => p.SchoolId == _school.Id);
        pupil.MentorId = _mentor.Id;
        var absenceCase = new AbsenceCase { PupilId = pupil.Id, OpenedOn = new DateOnly(2026, 10, 30), Step = 3 };
        db.Cases.Add(absenceCase);
        await db.SaveChangesAsync();
        var rendered = await scope.ServiceProvider.GetRequiredService<PupilDocuments>()
            .RenderAsync(CaseDocumentKind.Bilaga1Checklist, pupil.Id, new DateOnly(2026, 10, 30));
        var document = new CaseDocument
        {
            CaseId = absenceCase.Id, Kind = CaseDocumentKind.Bilaga1Checklist, Step = 3, FileName = rendered!.FileName,
            Content = rendered.Content, SizeBytes = rendered.Content.Length, Sha256 = rendered.Sha256,
            AsOf = new DateOnly(2026, 10, 30), CreatedAtUtc = DateTime.UtcNow,
        };
        db.CaseDocuments.Add(document);
        await db.SaveChangesAsync();
        _pupilId = pupil.Id;
        _documentId = document.Id;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string NewEmail(string who) => $"{who}.{Guid.NewGuid():N}@skola.test";

    private async Task<(HttpClient Client, string UserId)> SignedInAsync(string role, params School[] schools)
    {
        var email = NewEmail(role.ToLowerInvariant());
        var user = await _factory.AddStaffAsync(email, $"Testperson {role}", role, schools);
        var client = _factory.CreateBrowser();
        await client.LogInOrFailAsync(email);
        return (client, user.Id);
    }

    private async Task<int> AuditCountAsync(string userId)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        return await db.AuditLog.CountAsync(a => a.UserId == userId && a.Action == DocumentDownloads.AuditAction);
    }

    [Fact]
    public async Task Download_PupilsMentor_GetsThePdfAsAnUncachedAttachmentAndIsAudited()
    {
        var client = _factory.CreateBrowser();
        await client.LogInOrFailAsync(_mentorEmail);

        var response = await client.GetAsync($"/dokument/{_documentId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.StartsWith("Bilaga1-checklista-", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.True(response.Headers.CacheControl?.NoStore);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        var entry = await db.AuditLog.SingleAsync(a => a.UserId == _mentor.Id && a.Action == DocumentDownloads.AuditAction);
        Assert.Equal(_pupilId, entry.PupilId);
        Assert.Equal(_school.Id, entry.SchoolId);
        Assert.Contains("Bilaga 1", entry.Details);
    }

    [Theory]
    [InlineData(StaffRoles.Rektor)]
    [InlineData(StaffRoles.Skolkurator)]
    [InlineData(StaffRoles.Specialpedagog)]
    [InlineData(StaffRoles.Skolskoterska)]
    [InlineData(StaffRoles.Skolpsykolog)]
    public async Task Download_RectorOrElevhalsanOfThePupilsSchool_IsAllowedAndAudited(string role)
    {
        var (client, userId) = await SignedInAsync(role, _school);

        var response = await client.GetAsync($"/dokument/{_documentId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await AuditCountAsync(userId));
    }

    [Theory]
    [InlineData(StaffRoles.Mentor, true)]       // another mentor at the same school
    [InlineData(StaffRoles.Rektor, false)]      // the rector of another school
    [InlineData(StaffRoles.Skolkurator, false)] // elevhälsan of another school
    [InlineData(StaffRoles.Admin, true)]        // the administrator manages accounts, not pupils
    [InlineData(StaffRoles.Skolchef, true)]     // the skolchef gets the monthly list, not the forms
    public async Task Download_AnyoneElse_IsNotFoundAndNotAudited(string role, bool atThePupilsSchool)
    {
        var (client, userId) = await SignedInAsync(role, atThePupilsSchool ? _school : _otherSchool);

        var response = await client.GetAsync($"/dokument/{_documentId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, await AuditCountAsync(userId));
    }

    [Fact]
    public async Task Download_UnknownDocument_IsNotFoundLikeAForbiddenOne()
    {
        var (client, _) = await SignedInAsync(StaffRoles.Rektor, _school);

        var response = await client.GetAsync("/dokument/987654");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Download_Anonymous_IsSentToTheLoginPage()
    {
        var response = await _factory.CreateBrowser().GetAsync($"/dokument/{_documentId}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/konto/logga-in", response.Headers.Location?.AbsolutePath);
    }

    [Theory]
    [InlineData(StaffRoles.Rektor)]
    [InlineData(StaffRoles.Skolchef)]
    public async Task MonthlyReport_RectorOrSkolchef_GetsThePdfAndIsAudited(string role)
    {
        var (client, userId) = await SignedInAsync(role, _school);

        var response = await client.GetAsync("/dokument/manadsrapport?manad=2026-10");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal(1, await AuditCountAsync(userId));
    }

    [Fact]
    public async Task MonthlyReport_Mentor_IsSentToAccessDenied()
    {
        var client = _factory.CreateBrowser();
        await client.LogInOrFailAsync(_mentorEmail);

        var response = await client.GetAsync("/dokument/manadsrapport?manad=2026-10");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/konto/nekad", response.Headers.Location?.AbsolutePath);
    }

    [Theory]
    [InlineData("oktober")]
    [InlineData("9999-12")] // once a 500: the month after December 9999 does not exist
    [InlineData("0001-01")]
    [InlineData("2026-13")]
    [InlineData("2026-1")]
    [InlineData("20261-01")]
    public async Task MonthlyReport_NotAReportMonth_IsASwedishBadRequestPage(string month)
    {
        var (client, _) = await SignedInAsync(StaffRoles.Rektor, _school);

        var response = await client.GetAsync("/dokument/manadsrapport?manad=" + Uri.EscapeDataString(month));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Månaden finns inte", page);
        Assert.Contains("Ange månaden som ÅÅÅÅ-MM", page);
    }

    [Theory]
    [InlineData("2026-11", true)]
    [InlineData("2026-12", true)]
    [InlineData("2027-01", false)]
    [InlineData("2000-01", true)]
    [InlineData("1999-12", false)]
    [InlineData("9999-12", false)]
    public void ReportMonth_RunsFromTwoThousandToTheCurrentMonth(string month, bool valid)
    {
        var ok = DocumentDownloads.TryParseReportMonth(month, new DateOnly(2026, 12, 2), out var first);

        Assert.Equal(valid, ok);
        if (valid) Assert.Equal(month, first.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task MonthlyReports_Rector_SeesTwelveMonthsToDownload_AndNothingIsAudited()
    {
        var (client, userId) = await SignedInAsync(StaffRoles.Rektor, _school);

        var page = await (await client.GetAsync("/dokument/manadsrapporter")).ReadPageAsync();

        Assert.Contains("Månadsrapporter till skolchef", page);
        Assert.Equal(12, System.Text.RegularExpressions.Regex.Matches(page, "href=\"/dokument/manadsrapport\\?manad=\\d{4}-\\d{2}\"").Count);
        Assert.Equal(0, await AuditCountAsync(userId)); // the list shows no pupil data; only a download is logged
    }

    [Fact]
    public async Task MonthlyReports_Mentor_IsSentToAccessDenied()
    {
        var client = _factory.CreateBrowser();
        await client.LogInOrFailAsync(_mentorEmail);

        var response = await client.GetAsync("/dokument/manadsrapporter");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/konto/nekad", response.Headers.Location?.AbsolutePath);
    }
}
