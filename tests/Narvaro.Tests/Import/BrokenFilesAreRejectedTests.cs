using System.Text.RegularExpressions;
using Narvaro.Import;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Import;

/// <summary>
/// Issue #5, bad input: every generated broken variant of a valid pupils.csv or attendance.csv is rejected by preview and
/// import alike, with clear Swedish messages that name the faulty line, and leaves the database byte-for-byte unchanged.
/// </summary>
public partial class BrokenFilesAreRejectedTests(SeededDatabaseFixture fixture) : IClassFixture<SeededDatabaseFixture>
{
    /// <summary>Every message the importers can give starts with one of these (docs/import-format.md lists them).</summary>
    private static readonly string[] KnownReasons =
    [
        "filen är tom.", "filen innehåller bara rubrikraden.", "filen är sparad som Unicode", "rubrikraden kan inte läsas:",
        "rubrikraden saknar kolumnen", "rubrikraden har en kolumn utan namn", "okänd kolumn", "kolumnen \"", "kolumnerna ska vara",
        "raden har ", "raden innehåller tecken som inte är UTF-8.", "raden innehåller NUL-tecken.", "raden innehåller ett otillåtet styrtecken",
        "raden är längre än", "fält ", "elev_id saknas.", "elev_id \"", "okänd elev:", "ogiltigt datum", "ogiltig starttid",
        "ogiltig sluttid", "sluttiden ", "amne får vara högst", "okänd typ", "franvaro_min ", "närvarande elev kan inte ha frånvaro",
        "samma elev, datum och starttid", "skolenhetskod ", "skola saknas.", "skola får vara högst", "klass saknas.",
        "klass får vara högst", "elev_id får vara högst", "fornamn saknas.", "fornamn får vara högst", "efternamn saknas.",
        "efternamn får vara högst", "arskurs \"", "mentor_epost \"", "personnummer är inte giltigt.",
    ];

    /// <summary>A message quotes at most a short part of a value, so even a 16 MiB field gives a readable message.</summary>
    private const int MaxMessageLength = 400;

    public static TheoryData<int, string, string, string> Variants()
    {
        var data = new TheoryData<int, string, string, string>();
        for (var i = 0; i < BrokenFiles.All.Count; i++)
            data.Add(i, BrokenFiles.All[i].Kind, BrokenFiles.All[i].Category, BrokenFiles.All[i].Description);
        return data;
    }

    [Fact]
    public void The_generator_covers_every_category_with_at_least_200_variants()
    {
        Assert.True(BrokenFiles.All.Count >= 200, $"only {BrokenFiles.All.Count} variants");
        string[] categories =
        [
            "truncated lines", "wrong delimiters", "bad encodings", "swapped columns", "out-of-range values", "duplicates",
            "huge fields", "empty file", "header only", "bad header", "bad quotes", "control characters",
        ];
        foreach (var kind in new[] { BrokenFiles.Pupils, BrokenFiles.Attendance })
            foreach (var category in categories)
                Assert.Contains(BrokenFiles.All, f => f.Kind == kind && f.Category == category);
        Assert.Contains(BrokenFiles.All, f => f.Description.Contains("unknown pupil"));
    }

    [Fact]
    public async Task The_files_the_variants_are_made_from_are_valid()
    {
        // Otherwise a variant could be rejected for a fault the generator did not put there.
        await using (var db = fixture.CreateContext())
        {
            var attendance = await new AttendanceImporter(db).PreviewAsync(Csv.Lines(BrokenFiles.ValidAttendance));
            Assert.True(attendance.Succeeded, string.Join("\n", attendance.ErrorMessages()));
            Assert.Equal(BrokenFiles.ValidAttendance.Length - 1, attendance.Summary!.Rows);
        }
        await using (var db = fixture.CreateContext())
        {
            var pupils = await new PupilImporter(db).PreviewAsync(Csv.Lines(BrokenFiles.ValidPupils));
            Assert.True(pupils.Succeeded, string.Join("\n", pupils.ErrorMessages()));
            Assert.Equal(BrokenFiles.ValidPupils.Length - 1, pupils.Summary!.Rows);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task A_broken_file_is_rejected_with_a_clear_message_and_changes_nothing(int variant, string kind, string category, string description)
    {
        var broken = BrokenFiles.All[variant];
        Assert.Equal((kind, category, description), (broken.Kind, broken.Category, broken.Description));
        var file = broken.Content();
        var before = await DatabaseDump.ChecksumAsync(fixture.Database);

        ImportResult<object> preview, import;
        await using (var db = fixture.CreateContext())
            preview = await RunAsync(db, kind, file, write: false);
        Assert.False(preview.Succeeded,
            $"the generator made a file the importer accepts ({kind}, {category}: {description}) — fix the generator or the importer");
        await using (var db = fixture.CreateContext())
            import = await RunAsync(db, kind, file, write: true);

        Assert.False(import.Succeeded);
        Assert.False(import.Written);
        Assert.Null(import.Summary);
        Assert.Equal(preview.ErrorMessages(), import.ErrorMessages());
        var messages = import.ErrorMessages();
        Assert.NotEmpty(messages);
        foreach (var message in messages.Take(import.Errors.Count))
        {
            var match = MessagePattern().Match(message);
            Assert.True(match.Success, $"not \"Rad N: …\": {message}");
            var reason = match.Groups[2].Value;
            Assert.True(KnownReasons.Any(r => reason.StartsWith(r, StringComparison.Ordinal)), $"not a known Swedish message: {message}");
            Assert.False(message.Any(char.IsControl), $"control character in the message: {message.Replace('\0', '␀')}");
            if (message.Length > MaxMessageLength)
                Assert.Fail($"message of {message.Length} characters: {message[..100]}…");
        }
        Assert.True(import.Errors.Any(e => e.Line == broken.FaultLine),
            $"no error names line {broken.FaultLine}: {string.Join(" | ", messages)}");
        Assert.Equal(before, await DatabaseDump.ChecksumAsync(fixture.Database));
    }

    private static async Task<ImportResult<object>> RunAsync(Narvaro.Data.NarvaroDbContext db, string kind, byte[] file, bool write)
    {
        var stream = new MemoryStream(file, writable: false);
        if (kind == BrokenFiles.Pupils)
        {
            var importer = new PupilImporter(db);
            return Erase(write ? await importer.ImportAsync(stream) : await importer.PreviewAsync(stream));
        }
        var attendance = new AttendanceImporter(db);
        return Erase(write ? await attendance.ImportAsync(stream) : await attendance.PreviewAsync(stream));
    }

    private static ImportResult<object> Erase<T>(ImportResult<T> result) where T : class => new()
    {
        Summary = result.Summary, Errors = result.Errors, ErrorCount = result.ErrorCount, Written = result.Written,
    };

    [GeneratedRegex(@"^Rad (\d+): (.+)$", RegexOptions.Singleline)]
    private static partial Regex MessagePattern();
}
