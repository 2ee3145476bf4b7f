using Microsoft.EntityFrameworkCore;
using Narvaro.Cli;
using Narvaro.Data;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Import;

/// <summary>narvaro import pupils|attendance FILE against a real SQLite file.</summary>
public sealed class ImportFromCommandLineTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private readonly string _directory = Directory.CreateTempSubdirectory("narvaro-import-").FullName;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private string WriteFile(string name, params string[] lines)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, Csv.Text(lines));
        return path;
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CommandLine.RunAsync(_database, args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_successful_import_is_audited_with_the_command_and_its_summary_a_rejected_one_is_not()
    {
        var pupils = WriteFile("elever.csv", Csv.PupilHeader, "12345678;Ekskolan;7A;E1;Åsa;Öberg;7;");
        var broken = WriteFile("trasig.csv", Csv.PupilHeader, "12345678;Ekskolan;7A;;Åsa;Öberg;7;");

        Assert.Equal(0, (await RunAsync("import", "pupils", pupils)).Exit);
        Assert.Equal(1, (await RunAsync("import", "pupils", broken)).Exit);
        Assert.Equal(0, (await RunAsync("measure", "--as-of", "2026-09-30", "--format", "json")).Exit);

        await using var db = _database.CreateContext();
        var entry = Assert.Single(await db.AuditLog.Where(a => a.Action == NarvaroCli.AuditAction).ToListAsync());
        Assert.Null(entry.UserId);
        Assert.StartsWith($"narvaro import pupils {pupils}: Importerade 1 elever från elever.csv.", entry.Details);
        // The command line without the database: no SQLite path, no server connection string.
        Assert.DoesNotContain(_database.Provider == DatabaseProvider.Sqlite ? _database.Path : _database.ConnectionString, entry.Details);
        Assert.NotNull(entry.Hash);
    }

    [Fact]
    public async Task Pupils_then_attendance_are_imported_with_exit_0_and_a_summary()
    {
        var pupils = WriteFile("elever.csv", Csv.PupilHeader,
            "12345678;Ekskolan;7A;E1;Åsa;Öberg;7;anna.larsson@ekskolan.se", "12345678;Ekskolan;7B;E2;Bo;Ek;7;");
        var attendance = WriteFile("franvaro.csv", Csv.AttendanceHeader,
            "E1;2026-09-01;08:00;09:00;Matematik;60;ogiltig", "E2;2026-09-02;08:00;09:00;Matematik;0;");

        var (pupilExit, pupilOutput, pupilError) = await RunAsync("import", "pupils", pupils);
        var (attendanceExit, attendanceOutput, attendanceError) = await RunAsync("import", "attendance", attendance);

        Assert.Equal((0, ""), (pupilExit, pupilError));
        Assert.Equal(
            "Importerade 2 elever från elever.csv.\n"
            + "  Nya elever: 2, uppdaterade elever: 0\n"
            + "  Nya skolor: 1, nya klasser: 2\n"
            + "  Nya mentorskonton: 1 (kan logga in först när en administratör har bjudit in dem)\n",
            pupilOutput.ReplaceLineEndings("\n"));
        Assert.Equal((0, ""), (attendanceExit, attendanceError));
        Assert.Equal(
            "Importerade 2 närvarorader från franvaro.csv.\n"
            + "  Elever: 2, datum: 2026-09-01 – 2026-09-02\n"
            + "  Nya rader: 2, ersatta rader: 0\n",
            attendanceOutput.ReplaceLineEndings("\n"));
        await using var db = _database.CreateContext();
        Assert.Equal(2, await db.Pupils.CountAsync());
        Assert.Equal(60, await db.Attendance.SumAsync(a => a.AbsentMinutes));
    }

    [Fact]
    public async Task A_rejected_file_gives_exit_1_with_the_errors_on_standard_error_and_changes_nothing()
    {
        await TestSchool.SeedAsync(_database);
        var before = await DatabaseDump.TakeAsync(_database);
        var attendance = WriteFile("franvaro.csv", Csv.AttendanceHeader,
            "E1;2026-09-02;08:00;09:00;Matematik;0;", "X9;2026-09-02;08:00;09:00;Matematik;0;", "E2;2026-09-02;08:00;07:00;Matematik;0;");

        var (exit, output, error) = await RunAsync("import", "attendance", attendance);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal(
            "franvaro.csv avvisades med 2 fel. Ingenting har ändrats i databasen.\n"
            + "Rad 3: okänd elev: elev_id \"X9\" finns inte. Importera elevfilen först.\n"
            + "Rad 4: sluttiden 07:00 måste vara efter starttiden 08:00.\n",
            error.ReplaceLineEndings("\n"));
        Assert.Equal(before, await DatabaseDump.TakeAsync(_database));
    }

    [Theory]
    [InlineData(new[] { "import" }, "Ange vad som ska importeras (pupils eller attendance) och CSV-filen.")]
    [InlineData(new[] { "import", "pupils" }, "Ange vad som ska importeras (pupils eller attendance) och CSV-filen.")]
    [InlineData(new[] { "import", "grades", "betyg.csv" }, "Okänd typ av import \"grades\". Ange pupils, attendance eller ss12000.")]
    [InlineData(new[] { "import", "pupils", "finns-inte.csv" }, "Filen \"finns-inte.csv\" finns inte.")]
    [InlineData(new[] { "import", "pupils", "a.csv", "b.csv" }, "För många argument: b.csv")]
    public async Task Wrong_usage_gives_exit_2_with_the_reason_and_the_usage_line(string[] args, string reason)
    {
        var (exit, output, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal(
            reason + "\nanvändning: narvaro import pupils|attendance FIL              importera elever eller närvaro från CSV\n" +
            "användning: narvaro import ss12000 --from DATUM --to DATUM [--source NAMN]   hämta från de konfigurerade SS 12000-källorna\n",
            error.ReplaceLineEndings("\n"));
    }
}
