using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Security;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Narvaro.Audit;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Leadership;

/// <summary>A term: HT (autumn, August–December) or VT (spring, January–June) of a calendar year.</summary>
public readonly record struct Term(bool Autumn, int Year)
{
    public DateOnly First => Autumn ? new DateOnly(Year, 8, 1) : new DateOnly(Year, 1, 1);
    public DateOnly Last => Autumn ? new DateOnly(Year, 12, 31) : new DateOnly(Year, 6, 30);
    public string Code => (Autumn ? "HT" : "VT") + Year.ToString(CultureInfo.InvariantCulture);
    public string DisplayName => (Autumn ? "Hösttermin " : "Vårtermin ") + Year.ToString(CultureInfo.InvariantCulture);

    /// <summary>"HT2026" or "VT2027" (case-insensitive), years 2000–2100; null otherwise.</summary>
    public static Term? Parse(string? value)
    {
        value = value?.Trim().ToUpperInvariant();
        if (value is not { Length: 6 } || !(value.StartsWith("HT", StringComparison.Ordinal) || value.StartsWith("VT", StringComparison.Ordinal))
            || !int.TryParse(value.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 2000 || year > 2100)
            return null;
        return new Term(value[0] == 'H', year);
    }

    /// <summary>The term a date falls in (July counts to the spring term before it).</summary>
    public static Term Of(DateOnly date) => date.Month >= 8 ? new Term(true, date.Year) : new Term(false, date.Year);

    /// <summary>The current term and the five before it, newest first.</summary>
    public static IReadOnlyList<Term> Recent(DateOnly today, int count = 6)
    {
        var terms = new List<Term>();
        var term = Of(today);
        for (var i = 0; i < count; i++)
        {
            terms.Add(term);
            term = term.Autumn ? new Term(false, term.Year) : new Term(true, term.Year - 1);
        }
        return terms;
    }
}

/// <summary>One pupil's hours in the term, as the national absence register proposed in SOU 2025:8 counts them.</summary>
public sealed record TermExportRow(
    int PupilId,
    string Organisation,
    string SchoolUnitCode,
    string School,
    string ClassName,
    string ExternalId,
    string? PersonalIdentityNumber,
    int OfferedMinutes,
    int ValidMinutes,
    int InvalidMinutes,
    int NotReportedMinutes)
{
    public static decimal Hours(int minutes) => Math.Round(minutes / 60m, 2, MidpointRounding.AwayFromZero);
}

/// <summary>
/// The export per term and pupil of hours offered, absent with valid reason and absent without (SOU 2025:8, a national
/// register of absence per pupil). Valid = giltig frånvaro, plus beviljad ledighet when the huvudman's policy counts
/// leave as absence (CountApprovedLeave); invalid = ogiltig frånvaro plus the minutes of late arrivals (as the plan's
/// measures count them). One query over the day summaries, grouped per pupil and streamed; CSV (UTF-8 with BOM, semicolons, decimal comma) or .xlsx.
/// </summary>
public sealed class TermExport(NarvaroDbContext db, AuditTrail audit)
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "Huvudman", "Skolenhetskod", "Skola", "Klass", "Elev-id", "Personnummer", "Termin",
        "Erbjuden tid (timmar)", "Frånvaro med giltigt skäl (timmar)", "Frånvaro utan giltigt skäl (timmar)", "Ej rapporterad tid (timmar)",
    ];

    private static readonly CultureInfo SwedishNumbers = CultureInfo.GetCultureInfo("sv-SE");
    public const int MaxDetailsLength = 2000;

    public async IAsyncEnumerable<TermExportRow> RowsAsync(int organisationId, Term term, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var countLeave = await db.Organisations.Where(o => o.Id == organisationId).Select(o => o.Policy.CountApprovedLeave).SingleAsync(cancellationToken);
        DateOnly first = term.First, last = term.Last;
        var pupilIds = db.Pupils.Where(p => p.School!.OrganisationId == organisationId).Select(p => p.Id);
        var sums = db.AttendanceDays.AsNoTracking()
            .Where(d => pupilIds.Contains(d.PupilId) && d.Date >= first && d.Date <= last)
            .GroupBy(d => d.PupilId)
            .Select(g => new
            {
                PupilId = g.Key,
                Offered = g.Sum(d => d.OfferedMinutes),
                Valid = g.Sum(d => d.ValidMinutes + (countLeave ? d.LeaveMinutes : 0)),
                Invalid = g.Sum(d => d.InvalidMinutes + d.LateMinutes),
                NotReported = g.Sum(d => d.OfferedMinutes - d.ReportedMinutes),
            });
        var rows = from s in sums
                   join p in db.Pupils.AsNoTracking() on s.PupilId equals p.Id
                   orderby p.School!.Name, p.Class!.Name, p.LastName, p.FirstName, p.Id
                   select new TermExportRow(p.Id, p.School!.Organisation!.Name, p.School.SchoolUnitCode, p.School.Name, p.Class!.Name,
                       p.ExternalId, p.PersonalIdentityNumber, s.Offered, s.Valid, s.Invalid, s.NotReported);
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
            yield return row;
    }

    private static string[] Cells(TermExportRow r, Term term) =>
    [
        r.Organisation, r.SchoolUnitCode, r.School, r.ClassName, r.ExternalId, r.PersonalIdentityNumber ?? "", term.Code,
    ];

    private static decimal[] Numbers(TermExportRow r) =>
        [TermExportRow.Hours(r.OfferedMinutes), TermExportRow.Hours(r.ValidMinutes), TermExportRow.Hours(r.InvalidMinutes), TermExportRow.Hours(r.NotReportedMinutes)];

    /// <summary>Writes the CSV to <paramref name="output"/> and returns the exported pupils' ids.</summary>
    public async Task<IReadOnlyList<int>> WriteCsvAsync(int organisationId, Term term, Stream output, CancellationToken cancellationToken = default)
    {
        var ids = new List<int>();
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 65536, leaveOpen: true);
        await writer.WriteAsync(string.Join(';', Columns.Select(Csv)) + "\r\n");
        await foreach (var row in RowsAsync(organisationId, term, cancellationToken))
        {
            ids.Add(row.PupilId);
            var line = string.Join(';', Cells(row, term).Select(Csv).Concat(Numbers(row).Select(n => n.ToString("0.00", SwedishNumbers))));
            await writer.WriteAsync(line + "\r\n");
        }
        await writer.FlushAsync(cancellationToken);
        return ids;
    }

    private static string Csv(string value) =>
        value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>
    /// Writes a minimal SpreadsheetML package (workbook, one sheet with inline strings, a bold header style) to
    /// <paramref name="output"/> (which must be seekable or the zip is written with data descriptors); returns the ids.
    /// </summary>
    public async Task<IReadOnlyList<int>> WriteXlsxAsync(int organisationId, Term term, Stream output, CancellationToken cancellationToken = default)
    {
        var ids = new List<int>();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            Entry(zip, "[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
                """);
            Entry(zip, "_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """);
            Entry(zip, "xl/workbook.xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{term.Code}" sheetId="1" r:id="rId1"/></sheets></workbook>
                """);
            Entry(zip, "xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
                """);
            Entry(zip, "xl/styles.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="0"/><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>
                """);
            var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest);
            await using var stream = sheet.Open();
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 65536);
            await writer.WriteAsync("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>""");
            var r = 1;
            await writer.WriteAsync(Row(r, Columns.Select(c => InlineString(c, style: 1))));
            await foreach (var row in RowsAsync(organisationId, term, cancellationToken))
            {
                ids.Add(row.PupilId);
                r++;
                await writer.WriteAsync(Row(r, Cells(row, term).Select(c => InlineString(c, style: 0))
                    .Concat(Numbers(row).Select(n => $"<c s=\"2\"><v>{n.ToString(CultureInfo.InvariantCulture)}</v></c>"))));
            }
            await writer.WriteAsync("</sheetData></worksheet>");
        }
        await output.FlushAsync(cancellationToken);
        return ids;
    }

    private static string Row(int number, IEnumerable<string> cells) => $"<row r=\"{number}\">{string.Concat(cells)}</row>";

    private static string InlineString(string value, int style) =>
        $"<c t=\"inlineStr\"{(style == 0 ? "" : $" s=\"{style}\"")}><is><t xml:space=\"preserve\">{SecurityElement.Escape(value)}</t></is></c>";

    private static void Entry(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }

    /// <summary>Audits an export: the number of pupils, then their ids split over entries of at most 2 000 characters.</summary>
    public async Task AuditAsync(string userId, int organisationId, Term term, string format, IReadOnlyList<int> pupilIds, CancellationToken cancellationToken = default)
    {
        var head = $"Huvudman {organisationId}, {term.Code}, {format}, {pupilIds.Count} elever";
        const string prefix = "; elev-id (intern): ";
        var chunks = new List<string>();
        var current = new StringBuilder();
        foreach (var id in pupilIds)
        {
            var text = id.ToString(CultureInfo.InvariantCulture);
            if (current.Length > 0 && head.Length + prefix.Length + current.Length + 1 + text.Length + 20 > MaxDetailsLength)
            {
                chunks.Add(current.ToString());
                current.Clear();
            }
            if (current.Length > 0) current.Append(',');
            current.Append(text);
        }
        if (current.Length > 0 || chunks.Count == 0) chunks.Add(current.ToString());
        for (var i = 0; i < chunks.Count; i++)
            await audit.RecordAsync(userId, ExportedAction, details: $"{head} (del {i + 1} av {chunks.Count}){prefix}{chunks[i]}", cancellationToken: cancellationToken);
    }

    public const string ExportedAction = SkolchefOverviewService.ExportedAction;
}
