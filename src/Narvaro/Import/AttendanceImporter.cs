using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Import;

/// <summary>
/// Imports attendance.csv: one row per pupil and lesson, key (elev_id, datum, start). The whole file is validated
/// first; a file with any error changes nothing. A clean file is written in one transaction, replacing rows with the
/// same key. Rows are held as compact structs (about 24 bytes each) so a million-row file fits comfortably.
/// </summary>
public sealed class AttendanceImporter(NarvaroDbContext db)
{
    public static readonly IReadOnlyList<string> Columns = ["elev_id", "datum", "start", "slut", "amne", "franvaro_min", "typ"];

    /// <summary>The Subject column's length in the model.</summary>
    public const int MaxSubjectLength = 100;

    /// <summary>
    /// Validates the file and tells what an import would do, without writing. With <paramref name="organisationId"/> (an
    /// administrator's huvudman) only that huvudman's pupils are known: another's elev_id is "okänd elev"; without it
    /// (the narvaro command) every pupil.
    /// </summary>
    public Task<ImportResult<AttendanceImportSummary>> PreviewAsync(Stream csv, CancellationToken cancellationToken = default,
        int? organisationId = null) =>
        RunAsync(csv, write: false, organisationId, cancellationToken);

    /// <summary>Validates the file and, only if it has no error at all, writes every row in one transaction.</summary>
    public Task<ImportResult<AttendanceImportSummary>> ImportAsync(Stream csv, CancellationToken cancellationToken = default,
        int? organisationId = null) =>
        RunAsync(csv, write: true, organisationId, cancellationToken);

    private async Task<ImportResult<AttendanceImportSummary>> RunAsync(Stream csv, bool write, int? organisationId,
        CancellationToken cancellationToken)
    {
        var pupilIds = await LoadPupilIdsAsync(organisationId, cancellationToken);

        var errors = new ImportErrorCollector();
        var subjects = new SubjectTable();
        var lessons = new List<PackedAttendance>();
        using (var reader = await CsvRecordReader.OpenAsync(csv, Columns, [], errors, cancellationToken))
        {
            if (reader is not null)
            {
                var parser = new RowParser(pupilIds, subjects, errors);
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (parser.TryParse(reader, out var lesson))
                        lessons.Add(lesson);
                }
                reader.Finish();
            }
        }

        // Sorted by key (then line), duplicates sit side by side, existing keys are found by binary search, and SQLite
        // appends to its clustered key in order.
        RadixSortByKey(lessons);
        ReportDuplicateKeys(lessons, errors);
        if (errors.Count > 0)
            return ImportResult<AttendanceImportSummary>.Rejected(errors);

        if (!write)
            return ImportResult<AttendanceImportSummary>.Accepted(await SummariseAsync(lessons, cancellationToken), written: false);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var summary = await SummariseAsync(lessons, cancellationToken);
        await AttendanceWriter.UpsertPackedAsync(db, lessons, subjects.Names, summary.NewRows, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ImportResult<AttendanceImportSummary>.Accepted(summary, written: true);
    }

    /// <summary>Pupil id by elev_id. On SQLite a plain query: compiling the LINQ query costs more than reading the rows.</summary>
    private async Task<Dictionary<string, int>> LoadPupilIdsAsync(int? organisationId, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
            return await db.Pupils.AsNoTracking()
                .Where(p => organisationId == null || p.School!.OrganisationId == organisationId)
                .Select(p => new { p.ExternalId, p.Id })
                .ToDictionaryAsync(p => p.ExternalId, p => p.Id, StringComparer.Ordinal, cancellationToken);

        var pupilIds = new Dictionary<string, int>(StringComparer.Ordinal);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            if (organisationId is { } scope)
            {
                command.CommandText = """
                    SELECT p."ExternalId", p."Id" FROM "Pupils" p JOIN "Schools" s ON s."Id" = p."SchoolId"
                    WHERE s."OrganisationId" = $organisation
                    """;
                var parameter = command.CreateParameter();
                parameter.ParameterName = "$organisation";
                parameter.Value = scope;
                command.Parameters.Add(parameter);
            }
            else
            {
                command.CommandText = """SELECT "ExternalId", "Id" FROM "Pupils" """;
            }
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                pupilIds.Add(reader.GetString(0), reader.GetInt32(1));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return pupilIds;
    }

    /// <summary>Validates one row from the reader's spans; strings are made only for subjects (once each) and messages.</summary>
    private sealed class RowParser(Dictionary<string, int> pupilIds, SubjectTable subjects, ImportErrorCollector errors)
    {
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _pupils =
            pupilIds.GetAlternateLookup<ReadOnlySpan<char>>();

        public bool TryParse(CsvRecordReader row, out PackedAttendance lesson)
        {
            lesson = default;
            var line = row.LineNumber;
            var externalId = row.Value(0);
            var dateText = row.Value(1);
            var startText = row.Value(2);
            var endText = row.Value(3);
            var subject = row.Value(4);
            var minutesText = row.Value(5);
            var typeText = row.Value(6);
            var errorsBefore = errors.Count;

            var pupilId = 0;
            if (externalId.IsEmpty)
                errors.Add(line, "elev_id saknas.");
            else if (!TryFindPupil(externalId, out pupilId))
                errors.Add(line, $"okänd elev: elev_id \"{Shown(externalId)}\" finns inte. Importera elevfilen först.");

            if (!ImportValidation.TryParseDate(dateText, out var date))
                errors.Add(line, $"ogiltigt datum \"{Shown(dateText)}\". Ange ett datum som finns, som ÅÅÅÅ-MM-DD (t.ex. 2026-09-01).");

            var startOk = ImportValidation.TryParseTime(startText, out var start);
            if (!startOk)
                errors.Add(line, $"ogiltig starttid \"{Shown(startText)}\". Ange tid som TT:MM (t.ex. 08:15).");
            var endOk = ImportValidation.TryParseTime(endText, out var end);
            if (!endOk)
                errors.Add(line, $"ogiltig sluttid \"{Shown(endText)}\". Ange tid som TT:MM (t.ex. 09:00).");
            var length = startOk && endOk ? (int)(end - start).TotalMinutes : (int?)null;
            if (startOk && endOk && end <= start)
            {
                errors.Add(line, $"sluttiden {end:HH\\:mm} måste vara efter starttiden {start:HH\\:mm}.");
                length = null;
            }

            if (subject.Length > MaxSubjectLength)
                errors.Add(line, $"amne får vara högst {MaxSubjectLength} tecken.");

            var typeOk = TryParseType(typeText, out var type);
            if (!typeOk)
                errors.Add(line, $"okänd typ \"{Shown(typeText)}\". Tillåtna värden: narvarande (eller tomt), giltig, ogiltig, ledighet, sen, ej_rapporterad.");

            int? absent = null;
            if (minutesText.IsEmpty)
            {
                if (typeOk)
                {
                    absent = type switch
                    {
                        AttendanceType.Present or AttendanceType.NotReported => 0,
                        // A whole lesson missed is the natural default for a reported absence.
                        AttendanceType.Valid or AttendanceType.Invalid or AttendanceType.Leave => length,
                        _ => null,
                    };
                    if (type == AttendanceType.Late)
                        errors.Add(line, "franvaro_min måste anges vid sen ankomst (antal minuter för sent).");
                }
            }
            else if (!int.TryParse(minutesText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var minutes))
                errors.Add(line, $"franvaro_min \"{Shown(minutesText)}\" är inte ett heltal.");
            else if (minutes < 0)
                errors.Add(line, $"franvaro_min får inte vara negativ ({minutes}).");
            else
            {
                absent = minutes;
                if (length is not null && minutes > length)
                    errors.Add(line, $"franvaro_min {minutes} är mer än lektionens längd ({length} minuter).");
                if (typeOk && type == AttendanceType.Present && minutes > 0)
                    errors.Add(line, $"närvarande elev kan inte ha frånvaro (franvaro_min {minutes}). Ange typ eller sätt franvaro_min till 0.");
            }

            if (errors.Count > errorsBefore || length is null || absent is null)
                return false;
            lesson = new PackedAttendance(pupilId, date, ToMinutes(start), ToMinutes(end), absent.Value, (int)type,
                subjects.Intern(subject), line);
            return true;
        }

        // A file lists a pupil's lessons together (one day, or one period): the previous row's pupil is the likely one.
        private string _lastExternalId = "";
        private int _lastPupilId;

        private bool TryFindPupil(ReadOnlySpan<char> externalId, out int pupilId)
        {
            if (externalId.SequenceEqual(_lastExternalId))
            {
                pupilId = _lastPupilId;
                return true;
            }
            if (!_pupils.TryGetValue(externalId, out var actualKey, out pupilId))
                return false;
            (_lastExternalId, _lastPupilId) = (actualKey, pupilId);
            return true;
        }

        private static string Shown(ReadOnlySpan<char> value) => ImportValidation.Shown(value);

        /// <summary>As <see cref="AttendanceTypes.TryParse"/> on the lower-cased value, without allocating for ASCII.</summary>
        private static bool TryParseType(ReadOnlySpan<char> value, out AttendanceType type)
        {
            if (!System.Text.Ascii.IsValid(value))
                return AttendanceTypes.TryParse(value.ToString().ToLowerInvariant(), out type);
            foreach (var (name, candidate) in TypeNames)
            {
                if (value.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    type = candidate;
                    return true;
                }
            }
            type = default;
            return false;
        }

        private static readonly (string Name, AttendanceType Type)[] TypeNames =
            [.. Enum.GetValues<AttendanceType>().Select(t => (t.ToCsv(), t)), ("", AttendanceType.Present)];
    }

    private static int ToMinutes(TimeOnly time) => time.Hour * 60 + time.Minute;

    /// <summary>
    /// Sorts by key, keeping rows with equal keys in line order (the order they were added in): a stable LSD radix
    /// sort, 16 bits a pass, skipping digits every key shares. Several times faster than a comparison sort of a
    /// million rows, for one extra buffer of the same size.
    /// </summary>
    internal static void RadixSortByKey(List<PackedAttendance> rows)
    {
        var source = CollectionsMarshal.AsSpan(rows);
        if (source.Length < 2) return;
        var buffer = new PackedAttendance[source.Length];
        Span<PackedAttendance> from = source, to = buffer;
        var counts = new int[1 << 16];
        for (var shift = 0; shift < 64; shift += 16)
        {
            Array.Clear(counts);
            foreach (ref readonly var row in from)
                counts[(int)(row.Key >> shift) & 0xFFFF]++;
            if (counts[(int)(from[0].Key >> shift) & 0xFFFF] == from.Length)
                continue;
            var offset = 0;
            for (var digit = 0; digit < counts.Length; digit++)
            {
                var count = counts[digit];
                counts[digit] = offset;
                offset += count;
            }
            foreach (ref readonly var row in from)
                to[counts[(int)(row.Key >> shift) & 0xFFFF]++] = row;
            var swap = from;
            from = to;
            to = swap;
        }
        if (from != source)
            from.CopyTo(source);
    }

    private static void ReportDuplicateKeys(List<PackedAttendance> lessons, ImportErrorCollector errors)
    {
        var first = 0;
        for (var i = 1; i < lessons.Count; i++)
        {
            if (lessons[first].Key != lessons[i].Key)
            {
                first = i;
                continue;
            }
            errors.Add(lessons[i].Line,
                $"samma elev, datum och starttid som rad {lessons[first].Line}. Varje lektion får bara finnas en gång i filen.");
        }
    }

    /// <summary>Counts, reading existing keys of the file's date range as a stream and finding each in the sorted rows.</summary>
    private async Task<AttendanceImportSummary> SummariseAsync(List<PackedAttendance> lessons, CancellationToken cancellationToken)
    {
        var firstDay = int.MaxValue;
        var lastDay = int.MinValue;
        var pupils = 0;
        var span = CollectionsMarshal.AsSpan(lessons);
        for (var i = 0; i < span.Length; i++)
        {
            firstDay = Math.Min(firstDay, span[i].DayNumber);
            lastDay = Math.Max(lastDay, span[i].DayNumber);
            if (i == 0 || span[i].PupilId != span[i - 1].PupilId) pupils++;
        }
        var firstDate = DateOnly.FromDayNumber(firstDay);
        var lastDate = DateOnly.FromDayNumber(lastDay);

        var keys = new ulong[lessons.Count];
        for (var i = 0; i < keys.Length; i++) keys[i] = span[i].Key;
        var replaced = db.Database.IsSqlite()
            ? await CountExistingSqliteAsync(keys, firstDate, lastDate, cancellationToken)
            : await CountExistingAsync(keys, firstDate, lastDate, cancellationToken);

        return new AttendanceImportSummary(lessons.Count, pupils, firstDate, lastDate, lessons.Count - replaced, replaced);
    }

    private async Task<int> CountExistingSqliteAsync(ulong[] keys, DateOnly firstDate, DateOnly lastDate, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return AttendanceWriter.CountExistingSqlite((SqliteConnection)db.Database.GetDbConnection(), keys, firstDate, lastDate);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<int> CountExistingAsync(ulong[] keys, DateOnly firstDate, DateOnly lastDate, CancellationToken cancellationToken)
    {
        var replaced = 0;
        var existing = db.Attendance.AsNoTracking()
            .Where(a => a.Date >= firstDate && a.Date <= lastDate)
            .Select(a => new { a.PupilId, a.Date, a.Start })
            .AsAsyncEnumerable();
        await foreach (var key in existing.WithCancellation(cancellationToken))
        {
            // A stored start with seconds can never equal a file key, which is whole minutes.
            if (key.Start.Ticks % TimeSpan.TicksPerMinute != 0) continue;
            if (Array.BinarySearch(keys, PackedAttendance.KeyOf(key.PupilId, key.Date, ToMinutes(key.Start))) >= 0)
                replaced++;
        }
        return replaced;
    }

    /// <summary>Each distinct subject stored once; a school has a few dozen, a file has a million rows.</summary>
    private sealed class SubjectTable
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
        private readonly List<string> _names = [];

        public IReadOnlyList<string> Names => _names;

        public int Intern(ReadOnlySpan<char> name)
        {
            var lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.TryGetValue(name, out var id))
            {
                var text = name.ToString();
                _ids.Add(text, id = _names.Count);
                _names.Add(text);
            }
            return id;
        }
    }
}
