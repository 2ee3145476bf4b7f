using System.Globalization;
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

    /// <summary>Validates the file and tells what an import would do, without writing.</summary>
    public Task<ImportResult<AttendanceImportSummary>> PreviewAsync(Stream csv, CancellationToken cancellationToken = default) =>
        RunAsync(csv, write: false, cancellationToken);

    /// <summary>Validates the file and, only if it has no error at all, writes every row in one transaction.</summary>
    public Task<ImportResult<AttendanceImportSummary>> ImportAsync(Stream csv, CancellationToken cancellationToken = default) =>
        RunAsync(csv, write: true, cancellationToken);

    private async Task<ImportResult<AttendanceImportSummary>> RunAsync(Stream csv, bool write, CancellationToken cancellationToken)
    {
        var pupilIds = await db.Pupils.AsNoTracking()
            .Select(p => new { p.ExternalId, p.Id })
            .ToDictionaryAsync(p => p.ExternalId, p => p.Id, StringComparer.Ordinal, cancellationToken);

        var errors = new ImportErrorCollector();
        var subjects = new SubjectTable();
        var lessons = new List<Lesson>();
        await foreach (var row in CsvFile.ReadRowsAsync(csv, Columns, [], errors, cancellationToken))
        {
            if (TryParse(row, pupilIds, subjects, errors, out var lesson))
                lessons.Add(lesson);
        }

        // Sorted by key, duplicates sit side by side and existing keys can be found by binary search.
        lessons.Sort(Lesson.CompareKeyThenLine);
        ReportDuplicateKeys(lessons, errors);
        if (errors.Count > 0)
            return ImportResult<AttendanceImportSummary>.Rejected(errors);

        if (!write)
            return ImportResult<AttendanceImportSummary>.Accepted(await SummariseAsync(lessons, cancellationToken), written: false);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var summary = await SummariseAsync(lessons, cancellationToken);
        await AttendanceWriter.UpsertAsync(db, lessons.Select(l => l.ToRecord(subjects)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ImportResult<AttendanceImportSummary>.Accepted(summary, written: true);
    }

    private static bool TryParse(CsvRow row, Dictionary<string, int> pupilIds, SubjectTable subjects, ImportErrorCollector errors, out Lesson lesson)
    {
        lesson = default;
        var line = row.LineNumber;
        var externalId = row.Values[0]!;
        var dateText = row.Values[1]!;
        var startText = row.Values[2]!;
        var endText = row.Values[3]!;
        var subject = row.Values[4]!;
        var minutesText = row.Values[5]!;
        var typeText = row.Values[6]!;
        var errorsBefore = errors.Count;

        var pupilId = 0;
        if (externalId.Length == 0)
            errors.Add(line, "elev_id saknas.");
        else if (!pupilIds.TryGetValue(externalId, out pupilId))
            errors.Add(line, $"okänd elev: elev_id \"{externalId}\" finns inte. Importera elevfilen först.");

        if (!ImportValidation.TryParseDate(dateText, out var date))
            errors.Add(line, $"ogiltigt datum \"{dateText}\". Ange ett datum som finns, som ÅÅÅÅ-MM-DD (t.ex. 2026-09-01).");

        var startOk = ImportValidation.TryParseTime(startText, out var start);
        if (!startOk)
            errors.Add(line, $"ogiltig starttid \"{startText}\". Ange tid som TT:MM (t.ex. 08:15).");
        var endOk = ImportValidation.TryParseTime(endText, out var end);
        if (!endOk)
            errors.Add(line, $"ogiltig sluttid \"{endText}\". Ange tid som TT:MM (t.ex. 09:00).");
        var length = startOk && endOk ? (int)(end - start).TotalMinutes : (int?)null;
        if (startOk && endOk && end <= start)
        {
            errors.Add(line, $"sluttiden {end:HH\\:mm} måste vara efter starttiden {start:HH\\:mm}.");
            length = null;
        }

        if (subject.Length > MaxSubjectLength)
            errors.Add(line, $"amne får vara högst {MaxSubjectLength} tecken.");

        var typeOk = AttendanceTypes.TryParse(typeText.ToLowerInvariant(), out var type);
        if (!typeOk)
            errors.Add(line, $"okänd typ \"{typeText}\". Tillåtna värden: narvarande (eller tomt), giltig, ogiltig, ledighet, sen, ej_rapporterad.");

        int? absent = null;
        if (minutesText.Length == 0)
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
            errors.Add(line, $"franvaro_min \"{minutesText}\" är inte ett heltal.");
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
        lesson = new Lesson(line, pupilId, date, (short)ToMinutes(start), (short)ToMinutes(end), (short)absent.Value, (byte)type,
            subjects.Intern(subject));
        return true;
    }

    private static int ToMinutes(TimeOnly time) => time.Hour * 60 + time.Minute;

    private static void ReportDuplicateKeys(List<Lesson> lessons, ImportErrorCollector errors)
    {
        var first = 0;
        for (var i = 1; i < lessons.Count; i++)
        {
            if (Lesson.CompareKey(lessons[first], lessons[i]) != 0)
            {
                first = i;
                continue;
            }
            errors.Add(lessons[i].Line,
                $"samma elev, datum och starttid som rad {lessons[first].Line}. Varje lektion får bara finnas en gång i filen.");
        }
    }

    /// <summary>Counts, reading existing keys of the file's date range as a stream and finding each in the sorted rows.</summary>
    private async Task<AttendanceImportSummary> SummariseAsync(List<Lesson> lessons, CancellationToken cancellationToken)
    {
        var firstDate = DateOnly.MaxValue;
        var lastDate = DateOnly.MinValue;
        var pupils = 0;
        for (var i = 0; i < lessons.Count; i++)
        {
            if (lessons[i].Date < firstDate) firstDate = lessons[i].Date;
            if (lessons[i].Date > lastDate) lastDate = lessons[i].Date;
            if (i == 0 || lessons[i].PupilId != lessons[i - 1].PupilId) pupils++;
        }

        var replaced = 0;
        var existing = db.Attendance.AsNoTracking()
            .Where(a => a.Date >= firstDate && a.Date <= lastDate)
            .Select(a => new { a.PupilId, a.Date, a.Start })
            .AsAsyncEnumerable();
        await foreach (var key in existing.WithCancellation(cancellationToken))
        {
            // A stored start with seconds can never equal a file key, which is whole minutes.
            if (key.Start.Ticks % TimeSpan.TicksPerMinute != 0) continue;
            var probe = new Lesson(0, key.PupilId, key.Date, (short)ToMinutes(key.Start), 0, 0, 0, 0);
            if (lessons.BinarySearch(probe, Lesson.KeyComparer) >= 0)
                replaced++;
        }

        return new AttendanceImportSummary(lessons.Count, pupils, firstDate, lastDate, lessons.Count - replaced, replaced);
    }

    /// <summary>One validated row. Minutes of the day instead of TimeOnly and an interned subject keep it small.</summary>
    private readonly record struct Lesson(
        int Line, int PupilId, DateOnly Date, short Start, short End, short AbsentMinutes, byte Type, int Subject)
    {
        public static readonly IComparer<Lesson> KeyComparer = Comparer<Lesson>.Create(CompareKey);

        public static int CompareKey(Lesson a, Lesson b)
        {
            var c = a.PupilId.CompareTo(b.PupilId);
            if (c == 0) c = a.Date.CompareTo(b.Date);
            if (c == 0) c = a.Start.CompareTo(b.Start);
            return c;
        }

        public static int CompareKeyThenLine(Lesson a, Lesson b)
        {
            var c = CompareKey(a, b);
            return c != 0 ? c : a.Line.CompareTo(b.Line);
        }

        public AttendanceRecord ToRecord(SubjectTable subjects) => new()
        {
            PupilId = PupilId,
            Date = Date,
            Start = new TimeOnly(Start / 60, Start % 60),
            End = new TimeOnly(End / 60, End % 60),
            ScheduledMinutes = End - Start,
            Subject = subjects[Subject],
            AbsentMinutes = AbsentMinutes,
            Type = (AttendanceType)Type,
        };
    }

    /// <summary>Each distinct subject stored once; a school has a few dozen, a file has a million rows.</summary>
    private sealed class SubjectTable
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
        private readonly List<string> _names = [];

        public string this[int id] => _names[id];

        public int Intern(string name)
        {
            if (_ids.TryGetValue(name, out var id)) return id;
            _ids.Add(name, _names.Count);
            _names.Add(name);
            return _names.Count - 1;
        }
    }
}
