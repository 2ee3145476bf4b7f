using System.Text;
using Narvaro.Import;

namespace Narvaro.Tests.Import;

/// <summary>A pupil file with any bad row is rejected whole, with line numbers, and the database is unchanged.</summary>
public class RejectedPupilFileTests(SeededDatabaseFixture fixture) : IClassFixture<SeededDatabaseFixture>
{
    private const string Header = Csv.PupilHeader + ";personnummer";

    /// <summary>Row 4 of a file whose rows 2 and 3 are good (row 3 adds a new pupil E3, so nothing is half-imported).</summary>
    public static TheoryData<string, string> BadRows => new()
    {
        { "1234567;Ekskolan;7A;E4;Dan;Berg;7;;", "skolenhetskod \"1234567\" ska vara 8 siffror." },
        { "1234567X;Ekskolan;7A;E4;Dan;Berg;7;;", "skolenhetskod \"1234567X\" ska vara 8 siffror." },
        { "12345678;;7A;E4;Dan;Berg;7;;", "skola saknas." },
        { "12345678;Ekskolan;;E4;Dan;Berg;7;;", "klass saknas." },
        { "12345678;Ekskolan;7A;;Dan;Berg;7;;", "elev_id saknas." },
        { "12345678;Ekskolan;7A;E4;;Berg;7;;", "fornamn saknas." },
        { "12345678;Ekskolan;7A;E4;Dan;;7;;", "efternamn saknas." },
        { $"12345678;Ekskolan;7A;E4;Dan;{new string('B', 101)};7;;", "efternamn får vara högst 100 tecken." },
        { $"12345678;Ekskolan;{new string('K', 51)};E4;Dan;Berg;7;;", "klass får vara högst 50 tecken." },
        { "12345678;Ekskolan;7A;E4;Dan;Berg;10;;", "arskurs \"10\" ska vara F eller 1–9." },
        { "12345678;Ekskolan;7A;E4;Dan;Berg;;;", "arskurs \"\" ska vara F eller 1–9." },
        { "12345678;Ekskolan;7A;E4;Dan;Berg;7;anna@;", "mentor_epost \"anna@\" är inte en giltig e-postadress. Lämna fältet tomt om eleven saknar mentor." },
        { "12345678;Ekskolan;7A;E4;Dan;Berg;7;;811218-9875", "personnummer är inte giltigt. Ange 10 eller 12 siffror, gärna med - före de fyra sista, med rätt kontrollsiffra." },
        { "12345678;Ekskolan;7A;E4;Dan;Berg;7;;81121898761", "personnummer är inte giltigt. Ange 10 eller 12 siffror, gärna med - före de fyra sista, med rätt kontrollsiffra." },
        { "12345678;Ekskolan;8B;E1;Åsa;Lind;8;;", "elev_id \"E1\" finns redan på rad 2." },
        { "12345678;Annan skola;7A;E4;Dan;Berg;7;;", "skolenhetskod 12345678 har skolnamnet \"Ekskolan\" på rad 2 men \"Annan skola\" här. En skolenhet ska ha samma namn på alla rader." },
        { "12345678;Ekskolan;7A;E4;Dan", "raden har 5 fält men rubrikraden har 9. Fälten ska skiljas åt med semikolon (;)." },
        { "12345678,Ekskolan,7A,E4,Dan,Berg,7,,", "raden har 1 fält men rubrikraden har 9. Fälten ska skiljas åt med semikolon (;)." },
        { "12345678;\"Ekskolan;7A;E4;Dan;Berg;7;;", "fält 2 börjar med citattecken men avslutas inte på samma rad." },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    public async Task A_bad_row_rejects_the_file_with_its_line_and_reason(string badRow, string reason)
    {
        var file = Csv.Text(
            Header,
            "12345678;Ekskolan;7A;E1;Åsa;Öberg;7;anna.larsson@ekskolan.se;",
            "12345678;Ekskolan;7B;E3;Cia;Lund;7;ny.mentor@ekskolan.se;121212-1212",
            badRow);

        await AssertRejectedAsync(Encoding.UTF8.GetBytes(file), new ImportError(4, reason));
    }

    public static TheoryData<string, int, string> BadFiles => new()
    {
        { "", 1, "filen är tom. Första raden ska vara rubrikraden: skolenhetskod;skola;klass;elev_id;fornamn;efternamn;arskurs;mentor_epost" },
        { "\n\n", 1, "filen är tom. Första raden ska vara rubrikraden: skolenhetskod;skola;klass;elev_id;fornamn;efternamn;arskurs;mentor_epost" },
        { Csv.PupilHeader + "\n", 1, "filen innehåller bara rubrikraden. Det finns inga rader att importera." },
        { "skolenhetskod;skola;klass;elev_id;fornamn;efternamn;arskurs\n12345678;Ekskolan;7A;E4;Dan;Berg;7\n", 1, "rubrikraden saknar kolumnen \"mentor_epost\"." },
        { Csv.PupilHeader + ";telefon\n12345678;Ekskolan;7A;E4;Dan;Berg;7;;\n", 1,
            "okänd kolumn \"telefon\" i rubrikraden. Tillåtna kolumner: skolenhetskod, skola, klass, elev_id, fornamn, efternamn, arskurs, mentor_epost, personnummer." },
        { Csv.PupilHeader + ";Klass\n12345678;Ekskolan;7A;E4;Dan;Berg;7;;7A\n", 1, "kolumnen \"klass\" finns två gånger i rubrikraden." },
        { "skolenhetskod,skola,klass,elev_id,fornamn,efternamn,arskurs,mentor_epost\n", 1,
            "kolumnerna ska vara skolenhetskod;skola;klass;elev_id;fornamn;efternamn;arskurs;mentor_epost separerade med semikolon (;), men rubrikraden är separerad med komma (,). Spara filen med semikolon som avgränsare." },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_file_with_a_bad_structure_is_rejected(string file, int line, string reason) =>
        await AssertRejectedAsync(Encoding.UTF8.GetBytes(file), new ImportError(line, reason), exactlyOne: false);

    [Fact]
    public async Task A_file_saved_as_latin1_is_rejected_at_the_first_line_with_a_non_ascii_letter()
    {
        var file = Encoding.Latin1.GetBytes(Csv.Text(Csv.PupilHeader, "12345678;Ekskolan;7A;E4;Dan;Berg;7;", "12345678;Ekskolan;7A;E5;Åke;Berg;7;"));

        await AssertRejectedAsync(file, new ImportError(3, "raden innehåller tecken som inte är UTF-8. Spara filen som CSV UTF-8."));
    }

    [Fact]
    public async Task Every_error_of_the_file_is_listed_in_line_order()
    {
        var file = Csv.Text(
            Csv.PupilHeader,
            "12345678;Ekskolan;7A;E4;Dan;Berg;11;",
            "12345678;Ekskolan;7A;E5;Eva;Berg;7;",
            "123;Ekskolan;7A;;Fia;Berg;7;fia@");

        var result = await PreviewAndImportAsync(Encoding.UTF8.GetBytes(file));

        Assert.Equal(
        [
            "Rad 2: arskurs \"11\" ska vara F eller 1–9.",
            "Rad 4: skolenhetskod \"123\" ska vara 8 siffror.",
            "Rad 4: elev_id saknas.",
            "Rad 4: mentor_epost \"fia@\" är inte en giltig e-postadress. Lämna fältet tomt om eleven saknar mentor.",
        ], result.ErrorMessages());
    }

    private async Task AssertRejectedAsync(byte[] file, ImportError expected, bool exactlyOne = true) =>
        RejectedImport.HasError(await PreviewAndImportAsync(file), expected, exactlyOne);

    private Task<ImportResult<PupilImportSummary>> PreviewAndImportAsync(byte[] file) =>
        RejectedImport.PreviewAndImportAsync(fixture, file,
            (db, csv) => new PupilImporter(db).PreviewAsync(csv), (db, csv) => new PupilImporter(db).ImportAsync(csv));
}
