using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Web.Features.Import;
using Narvaro.Web.Tests.Infrastructure;
using static Narvaro.Web.Tests.Import.ImportUploadClient;

namespace Narvaro.Web.Tests.Import;

/// <summary>An administrator uploads pupils.csv and attendance.csv, sees what will happen, and commits or cancels.</summary>
public sealed class ImportUploadTests(ImportUploadFixture fixture) : IClassFixture<ImportUploadFixture>
{
    private const string PupilHeader = "skolenhetskod;skola;klass;elev_id;fornamn;efternamn;arskurs;mentor_epost";
    private const string AttendanceHeader = "elev_id;datum;start;slut;amne;franvaro_min;typ";

    private NarvaroWebFactory Factory => fixture.Factory;

    private static string NewEmail(string who) => $"{who}.{Guid.NewGuid():N}@skola.test";

    private async Task<(HttpClient Client, StaffUser User)> AdminAsync()
    {
        var email = NewEmail("admin");
        var user = await Factory.AddStaffAsync(email, "Ada Admin", StaffRoles.Admin);
        var client = Factory.CreateBrowser();
        await client.LogInOrFailAsync(email);
        return (client, user);
    }

    /// <summary>Imports two new pupils through the page and returns their elev_id.</summary>
    private async Task<(string First, string Second)> ImportTwoPupilsAsync(HttpClient client)
    {
        var prefix = Guid.NewGuid().ToString("N")[..8];
        var code = Random.Shared.Next(10_000_000, 99_999_999);
        var id = await client.UploadOrFailAsync("Pupils", "elever.csv", Csv(
            PupilHeader,
            $"{code};Ekskolan {prefix};7A;{prefix}-1;Åsa;Öberg;7;",
            $"{code};Ekskolan {prefix};7A;{prefix}-2;Bo;Ek;7;"));
        var preview = await client.PreviewPageAsync(id);
        Assert.Matches(@"Nya elever</th>\s*<td class=""number"">2</td>", preview);
        Assert.Matches(@"Nya skolor</th>\s*<td class=""number"">1</td>", preview);
        await client.FollowAsync(await client.CommitAsync(id), "/admin/import/klar");
        return ($"{prefix}-1", $"{prefix}-2");
    }

    private static byte[] ThreeLessons(string first, string second) => Csv(
        AttendanceHeader,
        $"{first};2026-09-01;08:00;09:00;Matematik;0;narvarande",
        $"{first};2026-09-02;08:00;09:00;Svenska;;ogiltig",
        $"{second};2026-09-02;09:15;10:00;Engelska;12;sen");

    private async Task<int> AttendanceRowsAsync(params string[] externalIds)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        return await db.Attendance.CountAsync(a => externalIds.Contains(a.Pupil!.ExternalId));
    }

    private async Task<List<AuditEntry>> AuditEntriesAsync(string userId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        // The sign-in itself is audited too (AccountController); these tests look at what the import wrote.
        return await db.AuditLog.Where(e => e.UserId == userId && e.Action != Narvaro.Web.Features.Account.AccountController.SignedInAction)
            .OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task Admin_UploadsPreviewsAndCommits_RowsWrittenAuditedAndReuploadShowsReplacedRows()
    {
        var (client, admin) = await AdminAsync();
        var (first, second) = await ImportTwoPupilsAsync(client);

        var id = await client.UploadOrFailAsync("Attendance", "narvaro-september.csv", ThreeLessons(first, second));
        var preview = await client.PreviewPageAsync(id);

        Assert.Contains("narvaro-september.csv", preview);
        Assert.Matches(@"Rader</th>\s*<td class=""number"">3</td>", preview);
        Assert.Matches(@"Elever</th>\s*<td class=""number"">2</td>", preview);
        Assert.Matches(@"Datum</th>\s*<td class=""number"">2026-09-01 – 2026-09-02</td>", preview);
        Assert.Matches(@"Nya rader \(läggs till\)</th>\s*<td class=""number"">3</td>", preview);
        Assert.Matches(@"Ersatta rader[^<]*</th>\s*<td class=""number"">0</td>", preview);
        Assert.Contains("action=\"/admin/import/genomfor\"", preview);
        Assert.Equal(0, await AttendanceRowsAsync(first, second)); // a preview writes nothing

        var done = await client.FollowAsync(await client.CommitAsync(id), "/admin/import/klar");

        Assert.Contains("Importen är klar", done);
        Assert.Matches(@"Nya rader \(tillagda\)</th>\s*<td class=""number"">3</td>", done);
        Assert.Equal(3, await AttendanceRowsAsync(first, second));
        Assert.Empty(fixture.StoredFiles(id));
        var audit = (await AuditEntriesAsync(admin.Id)).Last();
        Assert.Equal("Import av närvaro", audit.Action);
        Assert.Equal("narvaro-september.csv: 3 rader, 2 elever, 2026-09-01–2026-09-02, 3 nya rader, 0 ersatta rader", audit.Details);

        var again = await client.UploadOrFailAsync("Attendance", "narvaro-september.csv", ThreeLessons(first, second));
        var secondPreview = await client.PreviewPageAsync(again);
        Assert.Matches(@"Nya rader \(läggs till\)</th>\s*<td class=""number"">0</td>", secondPreview);
        Assert.Matches(@"Ersatta rader[^<]*</th>\s*<td class=""number"">3</td>", secondPreview);
    }

    [Fact]
    public async Task Admin_CommitsPupilFile_PupilsWrittenAndAudited()
    {
        var (client, admin) = await AdminAsync();

        var (first, second) = await ImportTwoPupilsAsync(client);

        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        var names = await db.Pupils.Where(p => p.ExternalId == first || p.ExternalId == second)
            .OrderBy(p => p.ExternalId).Select(p => p.FirstName + " " + p.LastName).ToListAsync();
        Assert.Equal(["Åsa Öberg", "Bo Ek"], names);
        var audit = Assert.Single(await AuditEntriesAsync(admin.Id));
        Assert.Equal("Import av elever", audit.Action);
        Assert.StartsWith("elever.csv: 2 rader, 2 nya elever, 0 uppdaterade elever, 1 nya skolor, 1 nya klasser", audit.Details);
    }

    [Fact]
    public async Task BadFile_ShowsEveryErrorWithItsLineNumber_NoCommitButton_AndCommitAnywayWritesNothing()
    {
        var (client, admin) = await AdminAsync();
        var (first, _) = await ImportTwoPupilsAsync(client);

        var id = await client.UploadOrFailAsync("Attendance", "trasig.csv", Csv(
            AttendanceHeader,
            $"{first};2026-09-01;08:00;09:00;Matematik;0;narvarande",
            "E9999-okand;2026-09-01;08:00;09:00;Matematik;0;narvarande",
            $"{first};2026-09-02;09:00;08:00;Svenska;0;narvarande",
            $"{first};2026-09-03;08:00;09:00;Svenska;5;sjuk"));
        var preview = await client.PreviewPageAsync(id);

        Assert.Contains("Filen kan inte importeras", preview);
        Assert.Contains("Filen har 3 fel.", preview);
        Assert.Contains("<li>Rad 3: okänd elev: elev_id \"E9999-okand\" finns inte. Importera elevfilen först.</li>", preview);
        Assert.Contains("<li>Rad 4: sluttiden 08:00 måste vara efter starttiden 09:00.</li>", preview);
        Assert.Contains("<li>Rad 5: okänd typ \"sjuk\".", preview);
        Assert.DoesNotContain("/admin/import/genomfor", preview);
        Assert.Contains("Avbryt och välj en annan fil", preview);

        var commit = await client.CommitAsync(id);
        Assert.Equal(HttpStatusCode.OK, commit.StatusCode);
        Assert.Contains("Filen avvisades när den skulle importeras", await commit.ReadPageAsync());
        Assert.Equal(0, await AttendanceRowsAsync(first));
        Assert.DoesNotContain(await AuditEntriesAsync(admin.Id), e => e.Action == "Import av närvaro");
    }

    [Fact]
    public async Task Cancel_DeletesTheStoredFile_WritesNothing_AndTheIdCannotBeCommittedAfterwards()
    {
        var (client, _) = await AdminAsync();
        var (first, second) = await ImportTwoPupilsAsync(client);
        var id = await client.UploadOrFailAsync("Attendance", "narvaro.csv", ThreeLessons(first, second));
        Assert.Equal(2, fixture.StoredFiles(id).Length);

        var form = await client.FollowAsync(await client.CancelAsync(id), FormPath);

        Assert.Contains(ImportController.Cancelled, form);
        Assert.Empty(fixture.StoredFiles(id));
        Assert.Contains(ImportController.UploadGone, await client.FollowAsync(await client.CommitAsync(id), FormPath));
        Assert.Equal(0, await AttendanceRowsAsync(first, second));
    }

    [Fact]
    public async Task CommitTwice_ImportsOnce()
    {
        var (client, admin) = await AdminAsync();
        var (first, second) = await ImportTwoPupilsAsync(client);
        var id = await client.UploadOrFailAsync("Attendance", "narvaro.csv", ThreeLessons(first, second));

        await client.FollowAsync(await client.CommitAsync(id), "/admin/import/klar");
        var secondCommit = await client.FollowAsync(await client.CommitAsync(id), FormPath);

        Assert.Contains(ImportController.UploadGone, secondCommit);
        Assert.Equal(3, await AttendanceRowsAsync(first, second));
        Assert.Single(await AuditEntriesAsync(admin.Id), e => e.Action == "Import av närvaro");
    }

    [Fact]
    public async Task CommitOfAnotherAdminsUpload_IsRefused_AndTheUploadStaysWithItsOwner()
    {
        var (owner, _) = await AdminAsync();
        var (first, second) = await ImportTwoPupilsAsync(owner);
        var id = await owner.UploadOrFailAsync("Attendance", "narvaro.csv", ThreeLessons(first, second));
        var (other, _) = await AdminAsync();

        Assert.Contains(ImportController.UploadGone, await other.FollowAsync(await other.CommitAsync(id), FormPath));
        Assert.Contains(ImportController.UploadGone, await other.FollowAsync(await other.GetAsync(PreviewPrefix + id), FormPath));
        Assert.Contains(ImportController.Cancelled, await other.FollowAsync(await other.CancelAsync(id), FormPath));

        Assert.Equal(0, await AttendanceRowsAsync(first, second));
        Assert.Equal(2, fixture.StoredFiles(id).Length);
        Assert.Contains("/admin/import/genomfor", await owner.PreviewPageAsync(id));
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("../../../../etc/passwd")]
    [InlineData("")]
    public async Task CommitOfUnknownId_IsRefused(string uploadId)
    {
        var (client, _) = await AdminAsync();

        var page = await client.FollowAsync(await client.CommitAsync(uploadId), FormPath);

        Assert.Contains(ImportController.UploadGone, page);
    }

    [Fact]
    public async Task OversizedUpload_IsRefusedWithSwedishMessage_AndNothingIsStored()
    {
        var (client, _) = await AdminAsync();
        var before = fixture.StoredFileCount();
        var line = "E1;2026-09-01;08:00;09:00;Matematik;0;narvarande";
        var lines = Enumerable.Repeat(line, (int)(ImportUploadFixture.MaxUploadBytes / line.Length) + 10).Prepend(AttendanceHeader);

        var response = await client.UploadAsync("Attendance", "stor.csv", Csv(lines.ToArray()));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Contains("Filen är för stor. Den största fil som kan laddas upp är 4 kB. Ingenting har sparats.", page);
        Assert.Contains("<form", page); // the form again, to choose another file
        Assert.Equal(before, fixture.StoredFileCount());
    }

    [Theory]
    [InlineData("Attendance", "tom.csv", true, ImportController.EmptyFile)]
    [InlineData("Attendance", null, false, ImportController.NoFile)]
    [InlineData(null, "narvaro.csv", true, "Välj om filen är en elevfil eller en närvarofil.")]
    public async Task UploadWithoutFileKindOrContent_ShowsSwedishMessage_AndNothingIsStored(
        string? kind, string? fileName, bool withFile, string message)
    {
        var (client, _) = await AdminAsync();
        var before = fixture.StoredFileCount();
        var content = fileName == "tom.csv" ? [] : withFile ? Csv(AttendanceHeader, "E1;2026-09-01;08:00;09:00;;0;") : null;

        var response = await client.UploadAsync(kind, fileName ?? "", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, await response.ReadPageAsync());
        Assert.Equal(before, fixture.StoredFileCount());
    }

    [Theory]
    [InlineData(StaffRoles.Rektor)]
    [InlineData(StaffRoles.Mentor)]
    [InlineData(StaffRoles.Skolchef)]
    public async Task OtherRoles_AreDenied(string role)
    {
        var email = NewEmail(role.ToLowerInvariant());
        await Factory.AddStaffAsync(email, "Inte Admin", role);
        var client = Factory.CreateBrowser();
        await client.LogInOrFailAsync(email);

        var form = await client.GetAsync(FormPath);
        Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);
        Assert.Equal("/konto/nekad", form.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/konto/nekad")).StatusCode);

        var before = fixture.StoredFileCount();
        var upload = await client.PostAsync(FormPath + "/ladda-upp", new MultipartFormDataContent
        {
            { new StringContent("Attendance"), "Kind" },
            { new ByteArrayContent(Csv(AttendanceHeader)), "File", "narvaro.csv" },
        });
        Assert.Equal("/konto/nekad", upload.Headers.Location?.AbsolutePath);
        Assert.Equal(before, fixture.StoredFileCount());
    }

    [Fact]
    public async Task Anonymous_IsSentToLogin()
    {
        var response = await Factory.CreateBrowser().GetAsync(FormPath);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/konto/logga-in", response.Headers.Location?.AbsolutePath);
        Assert.Contains("returnUrl=%2Fadmin%2Fimport", response.Headers.Location?.Query);
    }
}
