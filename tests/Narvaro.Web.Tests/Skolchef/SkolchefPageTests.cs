using System.IO.Compression;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Leadership;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests.Skolchef;

/// <summary>
/// /skolchef and /skolchef/export: the skolchef of a huvudman sees and exports their own huvudman's schools and pupils
/// only; rektor, mentor, administratör and elevhälsan are refused like elsewhere; bad month, term or format give the
/// Swedish 400 page; every view and export is audited (the export with the pupils' ids).
/// </summary>
public sealed class SkolchefPageTests(NarvaroWebFactory factory) : IClassFixture<NarvaroWebFactory>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private static readonly DateOnly LastMonth = new DateOnly(Today.Year, Today.Month, 1).AddMonths(-1);
    private static string Month => LastMonth.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
    private static string TermCode => Term.Of(LastMonth).Code;

    private sealed record World(string Suffix, School School, School OtherSchool, string ChiefEmail, string OtherChiefEmail, List<int> PupilIds);

    /// <summary>Two huvudmän, each with a school and a skolchef; the first school's two pupils have a day of lessons last month.</summary>
    private async Task<World> WorldAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var school = await factory.AddSchoolAsync(await factory.AddOrganisationAsync($"Kommun {suffix}"), $"Ekskolan {suffix}", pupils: 2);
        var other = await factory.AddSchoolAsync(await factory.AddOrganisationAsync($"Annan {suffix}"), $"Björkskolan {suffix}", pupils: 1);
        var chief = $"skolchef.{suffix}@skola.test";
        var otherChief = $"skolchef2.{suffix}@skola.test";
        await factory.AddStaffAsync(chief, "Sara Skolchef", StaffRoles.Skolchef, school);
        await factory.AddStaffAsync(otherChief, "Bo Skolchef", StaffRoles.Skolchef, other);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        var ids = await db.Pupils.Where(p => p.SchoolId == school.Id).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();
        var otherIds = await db.Pupils.Where(p => p.SchoolId == other.Id).Select(p => p.Id).ToListAsync();
        var day = LastMonth.AddDays(1);
        // Pupil 1: 3 × 60 min, one valid and one invalid lesson; pupil 2: 3 lessons present; the other school's pupil: absent.
        foreach (var (pupil, types) in new[] { (ids[0], new[] { AttendanceType.Valid, AttendanceType.Invalid, AttendanceType.Present }),
                     (ids[1], new[] { AttendanceType.Present, AttendanceType.Present, AttendanceType.NotReported }),
                     (otherIds[0], new[] { AttendanceType.Invalid, AttendanceType.Invalid, AttendanceType.Invalid }) })
            for (var i = 0; i < types.Length; i++)
                db.Attendance.Add(new AttendanceRecord
                {
                    PupilId = pupil, Date = day, Start = new TimeOnly(8 + i, 0), End = new TimeOnly(8 + i, 59), ScheduledMinutes = 60,
                    AbsentMinutes = types[i] is AttendanceType.Valid or AttendanceType.Invalid ? 60 : 0, Type = types[i], Subject = "Svenska",
                });
        await db.SaveChangesAsync();
        return new World(suffix, school, other, chief, otherChief, ids);
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = factory.CreateBrowser();
        await client.LogInOrFailAsync(email);
        return client;
    }

    private async Task<List<AuditEntry>> AuditAsync(string email, string action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return await db.AuditLog.Where(e => e.UserId == userId && e.Action == action).OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task Skolchef_SeesOwnHuvudmansSchools_WithMenuItem_AndTheViewIsAudited()
    {
        var w = await WorldAsync();
        var client = await SignedInAsync(w.ChiefEmail);

        var response = await client.GetAsync("/skolchef");
        var html = await response.ReadPageAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<a href=\"/skolchef\">Översikt</a>", html);
        Assert.Contains("<h1 id=\"rubrik\">Översikt för skolchef", html);
        Assert.Matches($@"<th scope=""row"">{w.School.Name}</th>\s*<td class=""number"">2</td>", html);
        Assert.Contains("5 av 6", html); // reported lessons
        Assert.Contains("83,3 %", html);
        Assert.Contains("<svg", html);
        Assert.Contains($"/dokument/manadsrapport?manad={Month}", html);
        Assert.DoesNotContain(w.OtherSchool.Name, html);
        var audit = Assert.Single(await AuditAsync(w.ChiefEmail, SkolchefOverviewService.ViewedAction));
        Assert.Contains(Month, audit.Details);
    }

    [Fact]
    public async Task SkolchefOfAnotherHuvudman_SeesAndExportsNothingOfThisOne()
    {
        var w = await WorldAsync();
        var client = await SignedInAsync(w.OtherChiefEmail);

        var html = await (await client.GetAsync($"/skolchef?manad={Month}")).ReadPageAsync();
        var csv = await client.GetStringAsync($"/skolchef/export?termin={TermCode}&format=csv");

        Assert.Contains(w.OtherSchool.Name, html);
        Assert.DoesNotContain(w.School.Name, html);
        Assert.DoesNotContain(w.School.Name, csv);
        Assert.DoesNotContain(w.School.SchoolUnitCode, csv);
        Assert.Equal(2, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData(StaffRoles.Rektor)]
    [InlineData(StaffRoles.Admin)]
    [InlineData(StaffRoles.Skolkurator)]
    [InlineData(StaffRoles.Mentor)]
    public async Task OtherRoles_AreRefused_AndHaveNoMenuItem(string role)
    {
        var w = await WorldAsync();
        var email = $"{role.ToLowerInvariant()}.{w.Suffix}@skola.test";
        var user = await factory.AddStaffAsync(email, "Annan Person", role == StaffRoles.Mentor ? [] : [role], w.School);
        if (role == StaffRoles.Mentor) await factory.MakeMentorAsync(user, w.School, 2);
        var client = await SignedInAsync(email);

        foreach (var path in new[] { "/skolchef", $"/skolchef/export?termin={TermCode}&format=csv", $"/skolchef/export?termin={TermCode}&format=xlsx" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/konto/nekad", response.Headers.Location?.AbsolutePath);
        }
        Assert.DoesNotContain("href=\"/skolchef\"", await (await client.GetAsync("/")).ReadPageAsync());
    }

    [Theory]
    [InlineData("/skolchef?manad=2026-13", "Månaden finns inte")]
    [InlineData("/skolchef?manad=november", "Månaden finns inte")]
    [InlineData("/skolchef?manad=2999-01", "Månaden finns inte")]
    [InlineData("/skolchef/export?termin=HT26&format=csv", "Terminen finns inte")]
    [InlineData("/skolchef/export?format=csv", "Terminen finns inte")]
    [InlineData("/skolchef/export?termin=HT2026&format=pdf", "Formatet finns inte")]
    public async Task BadMonthTermOrFormat_GiveTheSwedish400Page(string path, string title)
    {
        var w = await WorldAsync();
        var client = await SignedInAsync(w.ChiefEmail);

        var response = await client.GetAsync(path);
        var html = await response.ReadPageAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(title, html);
        Assert.Empty(await AuditAsync(w.ChiefEmail, TermExport.ExportedAction));
    }

    [Fact]
    public async Task CsvExport_HasTheRegistersColumnsAndHours_AndIsAuditedWithThePupils()
    {
        var w = await WorldAsync();
        var client = await SignedInAsync(w.ChiefEmail);

        var response = await client.GetAsync($"/skolchef/export?termin={TermCode}&format=csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"franvaro-{TermCode}.csv", response.Content.Headers.ContentDisposition?.FileName);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(';', TermExport.Columns), lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.EndsWith($";{TermCode};3,00;1,00;1,00;0,00", lines[1]);
        Assert.EndsWith($";{TermCode};3,00;0,00;0,00;1,00", lines[2]);
        Assert.StartsWith($"Kommun {w.Suffix};{w.School.SchoolUnitCode};{w.School.Name};7A;", lines[1]);

        var audit = Assert.Single(await AuditAsync(w.ChiefEmail, TermExport.ExportedAction));
        Assert.Contains($"{TermCode}, csv, 2 elever", audit.Details);
        Assert.EndsWith($": {w.PupilIds[0]},{w.PupilIds[1]}", audit.Details);
    }

    [Fact]
    public async Task XlsxExport_IsASpreadsheetWithTheSameRows_AndIsAudited()
    {
        var w = await WorldAsync();
        var client = await SignedInAsync(w.ChiefEmail);

        var response = await client.GetAsync($"/skolchef/export?termin={TermCode}&format=xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        XNamespace ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        using var sheetStream = zip.GetEntry("xl/worksheets/sheet1.xml")!.Open();
        var rows = XDocument.Load(sheetStream).Descendants(ns + "row")
            .Select(r => r.Elements(ns + "c").Select(c => (string?)c.Element(ns + "is")?.Element(ns + "t") ?? (string)c.Element(ns + "v")!).ToArray())
            .ToList();
        Assert.Equal(TermExport.Columns, rows[0]);
        Assert.Equal(3, rows.Count);
        Assert.Equal(["3", "1", "1", "0"], rows[1][^4..]);
        Assert.Equal(w.School.Name, rows[1][2]);
        var audit = Assert.Single(await AuditAsync(w.ChiefEmail, TermExport.ExportedAction));
        Assert.Contains("xlsx, 2 elever", audit.Details);
    }
}
