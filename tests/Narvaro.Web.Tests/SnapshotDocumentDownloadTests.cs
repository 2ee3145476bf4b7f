using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Documents;
using Narvaro.Domain;
using Narvaro.Web.Features.Documents;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests;

/// <summary>
/// A form the night attached is stored as a snapshot and rendered when the mentor opens /dokument/{id}: it shows the
/// figures of that night even after the attendance was corrected, the download is audited, a snapshot that no longer
/// matches its SHA-256 is refused with a Swedish page, and a document stored as a PDF before snapshots is served as it is.
/// </summary>
public sealed class SnapshotDocumentDownloadTests : IClassFixture<NarvaroWebFactory>, IAsyncLifetime
{
    private static readonly DateOnly AsOf = new(2026, 10, 30);
    private readonly NarvaroWebFactory _factory;
    private string _mentorEmail = null!;
    private StaffUser _mentor = null!;
    private int _pupilId;
    private int _caseId;

    public SnapshotDocumentDownloadTests(NarvaroWebFactory factory) => _factory = factory;

    public async Task InitializeAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var kommun = await _factory.AddOrganisationAsync($"Trosa kommun {suffix}");
        var school = await _factory.AddSchoolAsync(kommun, $"Tofsvipans skola {suffix}", pupils: 1);
        _mentorEmail = $"mentor.{Guid.NewGuid():N}@skola.test";
        _mentor = await _factory.AddStaffAsync(_mentorEmail, "Maria Mentor", StaffRoles.Mentor, school);

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        var pupil = await db.Pupils.SingleAsync(p => p.SchoolId == school.Id);
        pupil.MentorId = _mentor.Id;
        // 22 school days in October 2026, five lessons each; whole days of invalid absence on 6 of them: 27,3 %.
        var days = Enumerable.Range(0, 31).Select(d => new DateOnly(2026, 10, 1).AddDays(d))
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).ToList();
        for (var n = 0; n < days.Count; n++)
        {
            var absent = n % 3 == 0 && n / 3 < 6;
            for (var lesson = 0; lesson < 5; lesson++)
            {
                var start = new TimeOnly(8 + lesson, 0);
                db.Attendance.Add(new AttendanceRecord
                {
                    PupilId = pupil.Id, Date = days[n], Start = start, End = start.AddMinutes(50), ScheduledMinutes = 50,
                    Subject = "Matematik", AbsentMinutes = absent ? 50 : 0, Type = absent ? AttendanceType.Invalid : AttendanceType.Present,
                });
            }
        }
        var absenceCase = new AbsenceCase { PupilId = pupil.Id, OpenedOn = AsOf, Step = 3 };
        db.Cases.Add(absenceCase);
        await db.SaveChangesAsync();
        _pupilId = pupil.Id;
        _caseId = absenceCase.Id;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The night's attacher, as the nightly job runs it; returns this case's Bilaga 1.</summary>
    private async Task<CaseDocument> AttachedChecklistAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CaseDocumentAttacher>().AttachAsync(AsOf);
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        return await db.CaseDocuments.AsNoTracking().SingleAsync(d => d.CaseId == _caseId && d.Kind == CaseDocumentKind.Bilaga1Checklist);
    }

    private async Task<HttpClient> MentorAsync()
    {
        var client = _factory.CreateBrowser();
        await client.LogInOrFailAsync(_mentorEmail);
        return client;
    }

    private async Task<int> AuditCountAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        return await db.AuditLog.CountAsync(a => a.UserId == _mentor.Id && a.Action == DocumentDownloads.AuditAction);
    }

    [Fact]
    public async Task Download_AttendanceCorrectedAfterTheNight_ThePdfHasTheFiguresOfThatNightAndIsAudited()
    {
        var document = await AttachedChecklistAsync();
        Assert.Null(document.Content);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
            await db.Attendance.Where(a => a.PupilId == _pupilId)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Type, AttendanceType.Present).SetProperty(a => a.AbsentMinutes, 0));
        }
        var client = await MentorAsync();

        var response = await client.GetAsync($"/dokument/{document.Id}");
        var again = await client.GetAsync($"/dokument/{document.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        var text = PdfText(pdf);
        Assert.Contains("27,3 %", text);
        Assert.Contains("Maria Mentor", text);
        // Rendered again on the second opening: the same document.
        Assert.Equal(pdf, await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(2, await AuditCountAsync());
    }

    [Fact]
    public async Task Download_SnapshotChangedAfterItWasMade_IsRefusedWithASwedishPageAndNotAudited()
    {
        var document = await AttachedChecklistAsync();
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
            var tampered = document.Snapshot!.Replace("\"schoolDays\":22", "\"schoolDays\":2", StringComparison.Ordinal);
            Assert.NotEqual(document.Snapshot, tampered);
            await db.CaseDocuments.Where(d => d.Id == document.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Snapshot, tampered));
        }
        var client = await MentorAsync();

        var response = await client.GetAsync($"/dokument/{document.Id}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(DocumentsController.DamagedHeading, html);
        Assert.Contains("stämmer inte med dess kontrollsumma", html);
        Assert.Equal(0, await AuditCountAsync());
    }

    [Fact]
    public async Task Download_DocumentStoredAsPdfBeforeSnapshots_IsServedAsStored()
    {
        byte[] stored;
        int id;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var rendered = await scope.ServiceProvider.GetRequiredService<PupilDocuments>()
                .RenderAsync(CaseDocumentKind.Bilaga1Checklist, _pupilId, AsOf);
            stored = rendered!.Content;
            var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
            var legacy = new CaseDocument
            {
                CaseId = _caseId, Kind = CaseDocumentKind.Bilaga1Checklist, Step = 3, FileName = rendered.FileName,
                Content = stored, SizeBytes = stored.Length, Sha256 = rendered.Sha256, AsOf = AsOf, CreatedAtUtc = DateTime.UtcNow,
            };
            db.CaseDocuments.Add(legacy);
            await db.SaveChangesAsync();
            id = legacy.Id;
        }
        var client = await MentorAsync();

        var response = await client.GetAsync($"/dokument/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(stored, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, await AuditCountAsync());
    }

    private static string PdfText(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"snapshot-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-layout", "-enc", "UTF-8", path, "-"])
            {
                RedirectStandardOutput = true, UseShellExecute = false,
            })!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            return Regex.Replace(text, @"\s+", " ");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
