using System.Text;
using Narvaro.Import;

namespace Narvaro.Tests.Import;

/// <summary>An attendance file with any bad row is rejected whole, with line numbers, and the database is unchanged.</summary>
public class RejectedAttendanceFileTests(SeededDatabaseFixture fixture) : IClassFixture<SeededDatabaseFixture>
{
    /// <summary>Row 4 of a file whose rows 2 and 3 are good (and one of them would replace the seeded row).</summary>
    public static TheoryData<string, string> BadRows => new()
    {
        { "X9;2026-09-02;10:00;11:00;Svenska;0;", "okänd elev: elev_id \"X9\" finns inte. Importera elevfilen först." },
        { ";2026-09-02;10:00;11:00;Svenska;0;", "elev_id saknas." },
        { "E1;2026-02-30;10:00;11:00;Svenska;0;", "ogiltigt datum \"2026-02-30\". Ange ett datum som finns, som ÅÅÅÅ-MM-DD (t.ex. 2026-09-01)." },
        { "E1;02/09/2026;10:00;11:00;Svenska;0;", "ogiltigt datum \"02/09/2026\". Ange ett datum som finns, som ÅÅÅÅ-MM-DD (t.ex. 2026-09-01)." },
        { "E1;;10:00;11:00;Svenska;0;", "ogiltigt datum \"\". Ange ett datum som finns, som ÅÅÅÅ-MM-DD (t.ex. 2026-09-01)." },
        { "E1;2026-09-02;10.00;11:00;Svenska;0;", "ogiltig starttid \"10.00\". Ange tid som TT:MM (t.ex. 08:15)." },
        { "E1;2026-09-02;10:00;25:00;Svenska;0;", "ogiltig sluttid \"25:00\". Ange tid som TT:MM (t.ex. 09:00)." },
        { "E1;2026-09-02;10:00;10:00;Svenska;0;", "sluttiden 10:00 måste vara efter starttiden 10:00." },
        { "E1;2026-09-02;11:00;10:00;Svenska;0;giltig", "sluttiden 10:00 måste vara efter starttiden 11:00." },
        { "E1;2026-09-02;10:00;11:00;Svenska;abc;ogiltig", "franvaro_min \"abc\" är inte ett heltal." },
        { "E1;2026-09-02;10:00;11:00;Svenska;1.5;ogiltig", "franvaro_min \"1.5\" är inte ett heltal." },
        { "E1;2026-09-02;10:00;11:00;Svenska;-5;ogiltig", "franvaro_min får inte vara negativ (-5)." },
        { "E1;2026-09-02;10:00;11:00;Svenska;61;ogiltig", "franvaro_min 61 är mer än lektionens längd (60 minuter)." },
        { "E1;2026-09-02;10:00;11:00;Svenska;10;narvarande", "närvarande elev kan inte ha frånvaro (franvaro_min 10). Ange typ eller sätt franvaro_min till 0." },
        { "E1;2026-09-02;10:00;11:00;Svenska;10;", "närvarande elev kan inte ha frånvaro (franvaro_min 10). Ange typ eller sätt franvaro_min till 0." },
        { "E1;2026-09-02;10:00;11:00;Svenska;0;sjuk", "okänd typ \"sjuk\". Tillåtna värden: narvarande (eller tomt), giltig, ogiltig, ledighet, sen, ej_rapporterad." },
        { "E1;2026-09-02;10:00;11:00;Svenska;;sen", "franvaro_min måste anges vid sen ankomst (antal minuter för sent)." },
        { $"E1;2026-09-02;10:00;11:00;{new string('A', 101)};0;", "amne får vara högst 100 tecken." },
        { "E1;2026-09-02;10:00;11:00;Svenska;0", "raden har 6 fält men rubrikraden har 7. Fälten ska skiljas åt med semikolon (;)." },
        { "E1;2026-09-02;10:00;11:00;Svenska;0;;", "raden har 8 fält men rubrikraden har 7. Fälten ska skiljas åt med semikolon (;)." },
        { "E1;2026-09-02;08:00;09:30;Svenska;0;", "samma elev, datum och starttid som rad 2. Varje lektion får bara finnas en gång i filen." },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    public async Task A_bad_row_rejects_the_file_with_its_line_and_reason(string badRow, string reason)
    {
        var file = Csv.Text(
            Csv.AttendanceHeader,
            "E1;2026-09-02;08:00;09:00;Matematik;0;narvarande",
            "E1;2026-09-01;08:00;09:00;Matematik;60;ogiltig",
            badRow);

        await AssertRejectedAsync(Encoding.UTF8.GetBytes(file), new ImportError(4, reason));
    }

    public static TheoryData<string, int, string> BadFiles => new()
    {
        { "", 1, "filen är tom. Första raden ska vara rubrikraden: elev_id;datum;start;slut;amne;franvaro_min;typ" },
        { "\uFEFF", 1, "filen är tom. Första raden ska vara rubrikraden: elev_id;datum;start;slut;amne;franvaro_min;typ" },
        { Csv.AttendanceHeader + "\r\n\r\n", 1, "filen innehåller bara rubrikraden. Det finns inga rader att importera." },
        { "elev_id;datum;start;slut;franvaro_min;typ\nE1;2026-09-02;08:00;09:00;0;\n", 1, "rubrikraden saknar kolumnen \"amne\"." },
        { Csv.AttendanceHeader + ";personnummer\n", 1,
            "okänd kolumn \"personnummer\" i rubrikraden. Tillåtna kolumner: elev_id, datum, start, slut, amne, franvaro_min, typ." },
        { "E1;2026-09-02;08:00;09:00;Matematik;0;narvarande\n", 1,
            "okänd kolumn \"E1\" i rubrikraden. Tillåtna kolumner: elev_id, datum, start, slut, amne, franvaro_min, typ." },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_file_with_a_bad_structure_is_rejected(string file, int line, string reason) =>
        await AssertRejectedAsync(Encoding.UTF8.GetBytes(file), new ImportError(line, reason), exactlyOne: false);

    [Fact]
    public async Task Invalid_utf8_is_rejected_at_its_line()
    {
        var file = Encoding.UTF8.GetBytes(Csv.Text(Csv.AttendanceHeader, "E1;2026-09-02;08:00;09:00;Matematik;0;"))
            .Concat(Encoding.Latin1.GetBytes("E1;2026-09-02;09:00;10:00;Slöjd;0;\n"))
            .ToArray();

        await AssertRejectedAsync(file, new ImportError(3, "raden innehåller tecken som inte är UTF-8. Spara filen som CSV UTF-8."));
    }

    [Fact]
    public async Task A_file_where_every_row_is_bad_lists_the_first_200_errors_and_how_many_more()
    {
        var rows = Enumerable.Range(0, 250).Select(i => $"X{i};2026-09-02;08:00;09:00;Matematik;0;");
        var file = Encoding.UTF8.GetBytes(Csv.Text([Csv.AttendanceHeader, .. rows]));

        var result = await PreviewAndImportAsync(file);

        var messages = result.ErrorMessages();
        Assert.Equal(250, result.ErrorCount);
        Assert.Equal(201, messages.Count);
        Assert.Equal("Rad 2: okänd elev: elev_id \"X0\" finns inte. Importera elevfilen först.", messages[0]);
        Assert.StartsWith("Rad 201: ", messages[199]);
        Assert.Equal("… och 50 fel till", messages[^1]);
    }

    [Fact]
    public async Task Several_problems_on_one_row_are_all_reported()
    {
        var file = Encoding.UTF8.GetBytes(Csv.Text(Csv.AttendanceHeader, "X1;2026-13-01;08:00;07:00;Matematik;x;ogiltig"));

        var result = await PreviewAndImportAsync(file);

        Assert.Equal(
        [
            "Rad 2: okänd elev: elev_id \"X1\" finns inte. Importera elevfilen först.",
            "Rad 2: ogiltigt datum \"2026-13-01\". Ange ett datum som finns, som ÅÅÅÅ-MM-DD (t.ex. 2026-09-01).",
            "Rad 2: sluttiden 07:00 måste vara efter starttiden 08:00.",
            "Rad 2: franvaro_min \"x\" är inte ett heltal.",
        ], result.ErrorMessages());
    }

    private async Task AssertRejectedAsync(byte[] file, ImportError expected, bool exactlyOne = true) =>
        RejectedImport.HasError(await PreviewAndImportAsync(file), expected, exactlyOne);

    private Task<ImportResult<AttendanceImportSummary>> PreviewAndImportAsync(byte[] file) =>
        RejectedImport.PreviewAndImportAsync(fixture, file,
            (db, csv) => new AttendanceImporter(db).PreviewAsync(csv), (db, csv) => new AttendanceImporter(db).ImportAsync(csv));
}
