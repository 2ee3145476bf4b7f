using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Narvaro.Cli;
using Narvaro.Documents;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Documents;

/// <summary>
/// October 2026, 22 school days, on real SQLite through the narvaro command: the night attaches Bilaga 1 at step 3
/// and Bilaga 2 and 3 at step 4 once; `pdf` writes the forms and the monthly list to the skolchef.
/// </summary>
public class DocumentsAfterNightlyRunTests : IAsyncLifetime
{
    private static readonly DateOnly AsOf = new(2026, 10, 30);
    private TestDatabase _database = null!;
    private readonly List<string> _files = [];

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var b = new SchoolBuilder();
        var days = SchoolBuilder.Weekdays(new DateOnly(2026, 10, 1), AsOf).ToList();
        // Whole days absent out of 22: 6 → 27,3 % (step 5), 4 → 18,2 % (step 4), 3 → 13,6 % (step 3), 0.
        foreach (var (id, absentDays, type) in new[] { ("HOG-1", 6, AttendanceType.Invalid), ("MID-2", 4, AttendanceType.Valid), ("LAG-3", 3, AttendanceType.Valid), ("OK-4", 0, AttendanceType.Present) })
        {
            var pupil = b.Pupil(id);
            for (var n = 0; n < days.Count; n++)
                b.Day(pupil, days[n], n % 3 == 0 && n / 3 < absentDays ? Enumerable.Repeat(type, 5).ToArray() : []);
        }
        await using var db = _database.CreateContext();
        await b.SaveAsync(db);
    }

    public async Task DisposeAsync()
    {
        foreach (var file in _files) File.Delete(file);
        await _database.DisposeAsync();
    }

    private async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CommandLine.RunAsync(_database, args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private string TempPdf()
    {
        var file = Path.Combine(Path.GetTempPath(), $"narvaro-cli-{Guid.NewGuid():N}.pdf");
        _files.Add(file);
        return file;
    }

    [Fact]
    public async Task Nightly_CasesAtStepThreeAndFour_GetTheirFormsOnce()
    {
        var first = await Run("nightly", "--as-of", "2026-10-30");
        var second = await Run("nightly", "--as-of", "2026-10-30");

        Assert.Equal(0, first.Code);
        // HOG-1 (step 5) and MID-2 (step 4): Bilaga 1, 2 and 3; LAG-3 (step 3): Bilaga 1.
        Assert.Contains("Dokument: 7 blanketter (bilaga 1–3) bifogade till ärenden.", first.Out);
        Assert.Contains("Dokument: 0 blanketter", second.Out);

        await using var db = _database.CreateContext();
        var documents = await db.CaseDocuments.Select(d => new
        {
            d.Case!.Pupil!.ExternalId, d.Kind, d.Step, d.FileName, d.Content, d.Snapshot, d.SnapshotVersion, d.Sha256, d.SizeBytes, d.AsOf,
        }).ToListAsync();
        Assert.Equal(
            ["HOG-1:Bilaga1Checklist", "HOG-1:Bilaga2Kartlaggning", "HOG-1:Bilaga3Analys", "LAG-3:Bilaga1Checklist",
             "MID-2:Bilaga1Checklist", "MID-2:Bilaga2Kartlaggning", "MID-2:Bilaga3Analys"],
            documents.Select(d => $"{d.ExternalId}:{d.Kind}").Order(StringComparer.Ordinal));
        Assert.All(documents, d =>
        {
            Assert.Equal(d.Kind == CaseDocumentKind.Bilaga1Checklist ? 3 : 4, d.Step);
            Assert.Equal(AsOf, d.AsOf);
            // The night stores the facts, not the PDF.
            Assert.Null(d.Content);
            Assert.NotNull(d.Snapshot);
            Assert.Equal(DocumentSnapshot.Version, d.SnapshotVersion);
            Assert.Equal(Encoding.UTF8.GetByteCount(d.Snapshot), d.SizeBytes);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(d.Snapshot))), d.Sha256);
            Assert.EndsWith($"-{d.ExternalId}-2026-10-30.pdf", d.FileName);
        });

        byte[] Pdf(string externalId, CaseDocumentKind kind)
        {
            var d = documents.Single(d => d.ExternalId == externalId && d.Kind == kind);
            var rendered = DocumentSnapshot.Parse(d.Snapshot!, d.SnapshotVersion).Render();
            Assert.Equal(d.FileName, rendered.FileName);
            return rendered.Content;
        }
        var text = PdfReader.FlatText(Pdf("HOG-1", CaseDocumentKind.Bilaga1Checklist));
        Assert.Contains("Elev: Elev HOG-1", text);
        Assert.Contains("Testskolan", text);
        Assert.Contains("Maria Mentor", text);
        Assert.Contains("27,3 %", text);
        var analys = PdfReader.FlatText(Pdf("HOG-1", CaseDocumentKind.Bilaga3Analys));
        // Whole days away on 6 of 22 days, spread out: absence on single occasions, level 2.
        Assert.Contains("Närvarodata tyder på denna nivå: 2. STRÖFRÅNVARO", analys);
        Assert.Contains("Skolsocial kartläggning – skolfrånvaro", PdfReader.FlatText(Pdf("MID-2", CaseDocumentKind.Bilaga2Kartlaggning)));
    }

    [Fact]
    public async Task PdfChecklist_KnownPupil_WritesTheFormWithTheirFigures()
    {
        var file = TempPdf();

        var (code, output, _) = await Run("pdf", "checklist", "--pupil", "MID-2", "--as-of", "2026-10-30", "-o", file);

        Assert.Equal(0, code);
        Assert.Contains("Skrev", output);
        var text = PdfReader.FlatText(await File.ReadAllBytesAsync(file));
        Assert.Contains("Elev: Elev MID-2", text);
        Assert.Contains("18,2 %", text);
        Assert.Contains("KOPIA AV CHECKLISTA LÄMNAS TILL REKTOR", text);
    }

    [Theory]
    [InlineData("kartlaggning", "Skolsocial kartläggning – skolfrånvaro")]
    [InlineData("analys", "Stöd i arbetet för att främja närvaro")]
    public async Task PdfForm_KnownPupil_WritesThatForm(string kind, string title)
    {
        var file = TempPdf();

        var (code, _, _) = await Run("pdf", kind, "--pupil", "LAG-3", "--as-of", "2026-10-30", "-o", file);

        Assert.Equal(0, code);
        var text = PdfReader.FlatText(await File.ReadAllBytesAsync(file));
        Assert.Contains(title, text);
        Assert.Contains("Elev LAG-3", text);
    }

    [Fact]
    public async Task PdfChecklist_Blank_WritesTheEmptyForm()
    {
        var file = TempPdf();

        var (code, _, _) = await Run("pdf", "checklist", "--blank", "-o", file);

        Assert.Equal(0, code);
        var pdf = await File.ReadAllBytesAsync(file);
        Assert.Contains("Samtal med vårdnadshavare datum:", PdfReader.FlatText(pdf));
        Assert.Equal(2, PdfReader.PageCount(pdf));
    }

    [Fact]
    public async Task PdfChecklist_UnknownPupil_IsRefusedWithExitCodeOne()
    {
        var file = TempPdf();

        var (code, _, error) = await Run("pdf", "checklist", "--pupil", "FINNS-INTE", "-o", file);

        Assert.Equal(1, code);
        Assert.Contains("Det finns ingen elev med elev_id \"FINNS-INTE\".", error);
        Assert.False(File.Exists(file));
    }

    [Theory]
    [InlineData("pdf")]
    [InlineData("pdf", "checklist", "--pupil", "HOG-1")]
    [InlineData("pdf", "monthly", "--month", "2026-13", "-o", "x.pdf")]
    [InlineData("pdf", "intyg", "-o", "x.pdf")]
    [InlineData("pdf", "analys", "--blank", "-o", "x.pdf")]
    public async Task Pdf_BadArguments_ExitCodeTwo(params string[] args)
    {
        var (code, _, error) = await Run(args);

        Assert.Equal(2, code);
        Assert.Contains("användning: narvaro pdf", error);
    }

    [Fact]
    public async Task PdfMonthly_October_ListsOnlyPupilsAboveTwentyPercentWithStepAndReports()
    {
        await Run("nightly", "--as-of", "2026-10-30");
        await using (var db = _database.CreateContext())
        {
            var task = await db.Tasks.SingleAsync(t => t.Code == TaskCatalog.S5Skolchef && t.Pupil!.ExternalId == "HOG-1");
            task.Status = CaseTaskStatus.Done;
            task.DoneAtUtc = new DateTime(2026, 10, 31, 23, 30, 0, DateTimeKind.Utc); // 1 November 00:30 in Stockholm (CET)
            await db.SaveChangesAsync();
        }
        var file = TempPdf();

        var (code, _, _) = await Run("pdf", "monthly", "--month", "2026-10", "-o", file);

        Assert.Equal(0, code);
        var pdf = await File.ReadAllBytesAsync(file);
        var text = PdfReader.FlatText(pdf);
        Assert.Contains("Månadsrapport till skolchef – frånvaro över 20 % (oktober 2026)", text);
        Assert.Contains("Huvudman: Testkommun", text);
        Assert.Contains("Testskolan (skolenhetskod 11112222)", text);
        Assert.Contains("Elev HOG-1", text);
        Assert.Contains("27,3 %", text);
        Assert.Contains("Steg 5", text);
        Assert.Matches(@"HOG-1\s+2026-10-30", text); // the case opened on D, under "Steg 5"
        Assert.Contains("Skolchef: gjord 2026-11-01", text);
        Assert.Contains("Huvudman: ej gjord, senast 2026-11-02", text); // S4-HUVUDMAN, due D+3
        Assert.Contains("Skolsociala teamet: ej gjord, senast 2026-11-06", text); // S5-SST, due D+7
        Assert.DoesNotContain("MID-2", text);
        Assert.DoesNotContain("LAG-3", text);
        Assert.DoesNotContain("OK-4", text);
        Assert.Equal(1, PdfReader.PageCount(pdf));
    }
}
