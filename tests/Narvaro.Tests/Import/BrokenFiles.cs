using System.Text;

namespace Narvaro.Tests.Import;

/// <summary>
/// One broken variant of a valid import file: what was broken, the file's bytes (made on demand, some are megabytes)
/// and the line the fault is on (1 for faults of the header or the whole file).
/// </summary>
public sealed record BrokenFile(string Kind, string Category, string Description, int FaultLine, Func<byte[]> Content);

/// <summary>
/// Deterministic generator (fixed seed) of broken variants of two valid files, one per importer, across the categories
/// of issue #5: truncated lines, wrong delimiters, bad encodings, swapped columns, out-of-range values, duplicates,
/// huge fields, empty and header-only files, unknown pupils, bad quotes and control characters.
/// Every variant must be rejected; a variant that the importer accepts is a generator bug or an importer bug, and the
/// test says so instead of skipping it.
/// </summary>
public static class BrokenFiles
{
    public const string Pupils = "pupils";
    public const string Attendance = "attendance";
    private const int Seed = 20261122;

    /// <summary>Valid against <see cref="TestSchool"/>: replaces the seeded lesson and adds others for E1 and E2.</summary>
    public static readonly string[] ValidAttendance =
    [
        "elev_id;datum;start;slut;amne;franvaro_min;typ",
        "E1;2026-09-01;08:00;09:00;Matematik;0;narvarande",
        "E1;2026-09-01;09:15;10:00;Slöjd;;giltig",
        "E1;2026-09-02;10:15;11:00;Engelska;12;sen",
        "E2;2026-09-01;08:00;09:00;Matematik;60;ogiltig",
        "E2;2026-09-01;09:15;10:00;Svenska;;ej_rapporterad",
        "E2;2026-09-02;08:00;09:00;Bild;;ledighet",
        "E2;2026-09-02;09:15;10:00;Hem- och konsumentkunskap;0;",
        "E1;2026-09-03;8:00;9:40;Idrott och hälsa;;OGILTIG",
    ];

    /// <summary>Valid: updates E1, adds pupils, a school, classes and a mentor.</summary>
    public static readonly string[] ValidPupils =
    [
        "skolenhetskod;skola;klass;elev_id;fornamn;efternamn;arskurs;mentor_epost;personnummer",
        "12345678;Ekskolan;7A;E1;Åsa;Öberg;7;anna.larsson@ekskolan.se;20121212-1212",
        "12345678;Ekskolan;7B;E3;Björn;Ström;7;;",
        "87654321;Björkskolan;9C;E4;Cecilia;Lund;9;karl.berg@bjorkskolan.se;",
        "87654321;Björkskolan;FA;E5;Märta;Åkesson;F;karl.berg@bjorkskolan.se;121212-1212",
    ];

    private static readonly Lazy<IReadOnlyList<BrokenFile>> Generated = new(Generate);

    public static IReadOnlyList<BrokenFile> All => Generated.Value;

    private static IReadOnlyList<BrokenFile> Generate()
    {
        var random = new Random(Seed);
        var files = new List<BrokenFile>();
        files.AddRange(new Generator(Attendance, ValidAttendance, random).Attendance());
        files.AddRange(new Generator(Pupils, ValidPupils, random).Pupils());
        return files;
    }

    private sealed class Generator(string kind, string[] valid, Random random)
    {
        private readonly List<BrokenFile> _files = [];
        private int DataRows => valid.Length - 1;

        /// <summary>Line number of data row <paramref name="row"/> (0-based): the header is line 1.</summary>
        private static int LineOf(int row) => row + 2;

        private void Add(string category, string description, int faultLine, Func<byte[]> content) =>
            _files.Add(new BrokenFile(kind, category, description, faultLine, content));

        private void AddLines(string category, string description, int faultLine, string[] lines, string newline = "\n") =>
            Add(category, description, faultLine, () => Utf8(string.Join(newline, lines) + newline));

        private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

        private string[] Lines() => (string[])valid.Clone();

        private string[] WithField(int row, int field, string value)
        {
            var lines = Lines();
            var fields = lines[row + 1].Split(';');
            fields[field] = value;
            lines[row + 1] = string.Join(';', fields);
            return lines;
        }

        private string[] WithFields(int row, params (int Field, string Value)[] changes)
        {
            var lines = Lines();
            var fields = lines[row + 1].Split(';');
            foreach (var (field, value) in changes) fields[field] = value;
            lines[row + 1] = string.Join(';', fields);
            return lines;
        }

        private string Field(int row, int field) => valid[row + 1].Split(';')[field];

        private int AnyRow() => random.Next(DataRows);

        public List<BrokenFile> Attendance()
        {
            Common();

            // Swapped columns: the header names two columns in the wrong order, the values stay.
            var columns = valid[0].Split(';');
            for (var a = 0; a < columns.Length; a++)
                for (var b = a + 1; b < columns.Length; b++)
                    AddLines("swapped columns", $"header swaps {columns[a]} and {columns[b]}", LineOf(0), SwapHeader(a, b));
            for (var row = 0; row < DataRows; row++)
            {
                foreach (var (a, b) in TwoDistinctPairs(row))
                    AddLines("swapped columns", $"row {row + 1} swaps the values of {columns[a]} and {columns[b]}", LineOf(row), SwapValues(row, a, b));
            }

            // Out-of-range and malformed values.
            (int Field, string Value, string Why)[] values =
            [
                (0, "", "no elev_id"), (0, "X99", "unknown pupil"), (0, "e1", "unknown pupil (case differs)"),
                (0, "E1 E2", "unknown pupil (two ids)"),
                (1, "2026-02-30", "30 February"), (1, "2026-13-01", "month 13"), (1, "2026-9-1", "no leading zeros"),
                (1, "01/09/2026", "day/month/year"), (1, "", "no date"), (1, "2026-02-29", "29 February in a common year"),
                (1, "2026-09-01T08:00", "date and time"), (1, "0000-01-01", "year 0"),
                (2, "25:00", "hour 25"), (2, "12:60", "minute 60"), (2, "8.15", "dot"), (2, "", "no start"), (2, "24:00", "24:00"),
                (2, "08:00:00", "seconds"), (2, "-1:00", "negative hour"),
                (3, "25:00", "end hour 25"), (3, "9:5", "one-digit minute"), (3, "", "no end"),
                (6, "sjuk", "unknown type"), (6, "frånvaro", "unknown type with å"), (6, "närvarande", "type with ä"),
                (6, "giltig!", "type with a suffix"), (6, "1", "type as a number"),
            ];
            foreach (var (field, value, why) in values)
            {
                var row = AnyRow();
                AddLines("out-of-range values", $"row {row + 1}: {why} (\"{value}\")", LineOf(row), WithField(row, field, value));
            }
            for (var row = 0; row < DataRows; row++)
            {
                var length = Minutes(Field(row, 3)) - Minutes(Field(row, 2));
                AddLines("out-of-range values", $"row {row + 1}: absent minutes longer than the lesson", LineOf(row),
                    WithFields(row, (5, (length + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), (6, "ogiltig")));
            }
            (string Minutes, string Type, string Why)[] minutes =
            [
                ("-5", "ogiltig", "negative minutes"), ("1,5", "sen", "decimal comma"), ("abc", "giltig", "not a number"),
                ("99999999999", "ogiltig", "overflowing number"), ("10", "narvarande", "present with absence"),
                ("5", "", "present (empty type) with absence"), ("", "sen", "late without minutes"), ("1e1", "sen", "exponent"),
            ];
            foreach (var (value, type, why) in minutes)
            {
                var row = AnyRow();
                AddLines("out-of-range values", $"row {row + 1}: {why}", LineOf(row), WithFields(row, (5, value), (6, type)));
            }
            for (var i = 0; i < 3; i++)
            {
                var row = AnyRow();
                AddLines("out-of-range values", $"row {row + 1}: end equals start", LineOf(row), WithFields(row, (2, "10:00"), (3, "10:00")));
                row = AnyRow();
                AddLines("out-of-range values", $"row {row + 1}: end before start", LineOf(row), WithFields(row, (2, "11:00"), (3, "10:00")));
            }

            // Duplicates: the same key (pupil, date, start) twice.
            for (var i = 0; i < 4; i++)
            {
                var row = AnyRow();
                var lines = Lines().Append(valid[row + 1]).ToArray();
                AddLines("duplicates", $"row {row + 1} repeated at the end", lines.Length, lines);
                var changed = valid[row + 1].Split(';');
                changed[3] = "11:59";
                changed[4] = "Annat ämne";
                changed[5] = "";
                changed[6] = "ej_rapporterad";
                lines = Lines().Append(string.Join(';', changed)).ToArray();
                AddLines("duplicates", $"row {row + 1}'s key again with other values", lines.Length, lines);
            }

            // Huge fields.
            HugeField(4, "amne");
            HugeField(0, "elev_id");
            AddLines("huge fields", "subject of 101 characters", LineOf(2), WithField(2, 4, new string('Ä', 101)));
            AddLines("huge fields", "subject of 5 000 characters", LineOf(5), WithField(5, 4, new string('x', 5000)));
            AddLines("huge fields", "elev_id of 5 000 characters", LineOf(3), WithField(3, 0, new string('E', 5000)));
            AddLines("huge fields", "type of 5 000 characters", LineOf(4), WithField(4, 6, new string('t', 5000)));
            AddLines("huge fields", "date of 5 000 characters", LineOf(0), WithField(0, 1, new string('2', 5000)));
            return _files;
        }

        public List<BrokenFile> Pupils()
        {
            Common();

            (string A, string B)[] headerSwaps =
            [
                ("skolenhetskod", "skola"), ("skolenhetskod", "klass"), ("skolenhetskod", "elev_id"), ("skolenhetskod", "arskurs"),
                ("arskurs", "klass"), ("arskurs", "fornamn"), ("mentor_epost", "efternamn"), ("mentor_epost", "skola"),
                ("personnummer", "efternamn"), ("personnummer", "arskurs"),
            ];
            var columns = valid[0].Split(';').ToList();
            foreach (var (a, b) in headerSwaps)
                AddLines("swapped columns", $"header swaps {a} and {b}", LineOf(0), SwapHeader(columns.IndexOf(a), columns.IndexOf(b)));
            for (var row = 0; row < DataRows; row++)
            {
                foreach (var (a, b) in headerSwaps.Take(4).Concat(headerSwaps.Skip(5).Take(2)))
                {
                    int i = columns.IndexOf(a), j = columns.IndexOf(b);
                    if (Field(row, i) == Field(row, j)) continue;
                    AddLines("swapped columns", $"row {row + 1} swaps the values of {a} and {b}", LineOf(row), SwapValues(row, i, j));
                }
            }

            (int Field, string Value, string Why)[] values =
            [
                (0, "1234567", "7-digit school unit code"), (0, "123456789", "9-digit school unit code"), (0, "1234567a", "letter in code"),
                (0, "", "no school unit code"), (0, "١٢٣٤٥٦٧٨", "non-ASCII digits"),
                (1, "", "no school name"), (1, new string('S', 201), "school name of 201 characters"),
                (2, "", "no class"), (2, new string('K', 51), "class of 51 characters"),
                (3, "", "no elev_id"), (3, new string('E', 65), "elev_id of 65 characters"),
                (4, "", "no first name"), (4, new string('Å', 101), "first name of 101 characters"),
                (5, "", "no last name"), (5, new string('Ö', 101), "last name of 101 characters"),
                (6, "12", "årskurs 12"), (6, "0", "årskurs 0"), (6, "10", "årskurs 10"), (6, "G", "årskurs G"), (6, "", "no årskurs"),
                (6, "7A", "årskurs with class letter"),
                (7, "anna@", "e-mail without domain"), (7, "anna", "e-mail without @"), (7, "anna larsson@ekskolan.se", "e-mail with space"),
                (7, "Anna <anna@ekskolan.se>", "e-mail with display name"), (7, "anna@localhost", "e-mail without dot in domain"),
                (8, "20121212-1213", "personnummer with wrong check digit"), (8, "121212-121", "personnummer of 9 digits"),
                (8, "abc", "personnummer of letters"), (8, "20121312-1212", "personnummer with wrong check digit (month 13)"),
                (8, "1212121212121", "personnummer of 13 digits"),
            ];
            foreach (var (field, value, why) in values)
            {
                var row = AnyRow();
                AddLines("out-of-range values", $"row {row + 1}: {why}", LineOf(row), WithField(row, field, value));
            }

            for (var i = 0; i < 3; i++)
            {
                var row = AnyRow();
                var lines = Lines().Append(valid[row + 1]).ToArray();
                AddLines("duplicates", $"row {row + 1} repeated at the end", lines.Length, lines);
                var changed = valid[row + 1].Split(';');
                changed[4] = "Annan";
                lines = Lines().Append(string.Join(';', changed)).ToArray();
                AddLines("duplicates", $"row {row + 1}'s elev_id again with another name", lines.Length, lines);
            }
            AddLines("duplicates", "a school unit code with two names", LineOf(1), WithField(1, 1, "Ekskolan Norra"));

            AddLines("huge fields", "skolenhetskod of 5 000 characters", LineOf(0), WithField(0, 0, new string('1', 5000)));
            AddLines("huge fields", "arskurs of 5 000 characters", LineOf(1), WithField(1, 6, new string('7', 5000)));
            AddLines("huge fields", "mentor_epost of 5 000 characters", LineOf(2), WithField(2, 7, new string('m', 4990) + "@skola.se"));
            AddLines("huge fields", "elev_id of 5 000 characters twice", LineOf(3),
                Lines().Select((l, i) => i is 3 or 4 ? string.Join(';', l.Split(';').Select((f, j) => j == 3 ? new string('E', 5000) : f)) : l).ToArray());
            HugeField(4, "fornamn");
            HugeField(0, "skolenhetskod");
            return _files;
        }

        /// <summary>The categories that read the same for both files.</summary>
        private void Common()
        {
            var header = valid[0];
            var fieldCount = header.Split(';').Length;

            // Truncated lines: a line cut before its last separator, keeping the rest of the file or ending there.
            for (var row = 0; row < DataRows; row++)
            {
                var line = valid[row + 1];
                var cut = random.Next(1, line.LastIndexOf(';') + 1);
                var lines = Lines();
                lines[row + 1] = line[..cut];
                AddLines("truncated lines", $"row {row + 1} cut after {cut} characters", LineOf(row), lines);
                var atEnd = valid.Take(row + 1).Append(line[..cut]).ToArray();
                Add("truncated lines", $"file ends {cut} characters into row {row + 1}", LineOf(row),
                    () => Utf8(string.Join('\n', atEnd)));
            }
            AddLines("truncated lines", "one field too many", LineOf(1), Lines().Select((l, i) => i == 2 ? l + ";x" : l).ToArray());

            // Wrong delimiters: the whole file, or one row.
            foreach (var (separator, name) in new[] { (",", "comma"), ("\t", "tab"), ("|", "bar") })
            {
                AddLines("wrong delimiters", $"whole file separated by {name}", 1, valid.Select(l => l.Replace(";", separator)).ToArray());
                AddLines("wrong delimiters", $"header separated by {name}", 1, valid.Select((l, i) => i == 0 ? l.Replace(";", separator) : l).ToArray());
            }
            for (var row = 0; row < DataRows; row++)
            {
                var separator = row % 2 == 0 ? "," : "\t";
                AddLines("wrong delimiters", $"row {row + 1} separated by {(row % 2 == 0 ? "comma" : "tab")}", LineOf(row),
                    valid.Select((l, i) => i == row + 1 ? l.Replace(";", separator) : l).ToArray());
            }
            AddLines("wrong delimiters", "all rows separated by comma", LineOf(0), valid.Select((l, i) => i == 0 ? l : l.Replace(";", ",")).ToArray());

            // Bad encodings.
            var text = string.Join("\r\n", valid) + "\r\n";
            var firstNonAscii = Array.FindIndex(valid, l => l.Any(c => c > 127)) + 1;
            Add("bad encodings", "saved as Latin-1 (ISO 8859-1)", firstNonAscii, () => Encoding.Latin1.GetBytes(text));
            Add("bad encodings", "a Windows-1252 en dash (byte 96) in row 2", LineOf(1), () => InsertBytes(1, 1, [0x96]));
            Add("bad encodings", "UTF-16 LE with BOM", 1, () => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]);
            Add("bad encodings", "UTF-16 BE with BOM", 1, () => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)]);
            Add("bad encodings", "UTF-16 LE without BOM", 1, () => Encoding.Unicode.GetBytes(text));
            Add("bad encodings", "UTF-16 BE without BOM", 1, () => Encoding.BigEndianUnicode.GetBytes(text));
            Add("bad encodings", "UTF-32 LE with BOM", 1, () => [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(text)]);
            (byte[] Bytes, string Why)[] invalid =
            [
                ([0xFF], "byte FF"), ([0xC3, 0x28], "broken two-byte sequence"), ([0xC0, 0xAF], "overlong slash"),
                ([0xED, 0xA0, 0x80], "encoded surrogate"), ([0xF8, 0x88, 0x80, 0x80, 0x80], "five-byte sequence"),
                ([0x80], "lone continuation byte"), ([0xE2, 0x82], "sequence cut short"), ([0xF4, 0x90, 0x80, 0x80], "beyond U+10FFFF"),
            ];
            foreach (var (bytes, why) in invalid)
            {
                var row = AnyRow();
                var field = random.Next(fieldCount);
                Add("bad encodings", $"{why} in row {row + 1}, field {field + 1}", LineOf(row), () => InsertBytes(row, field, bytes));
            }
            Add("bad encodings", "invalid byte in the header", 1, () => [.. Utf8(header[..5]), 0xFE, .. Utf8(string.Join("\n", valid)[5..] + "\n")]);

            // Empty and header-only files.
            Add("empty file", "no bytes", 1, () => []);
            Add("empty file", "a BOM only", 1, () => [0xEF, 0xBB, 0xBF]);
            Add("empty file", "blank lines only", 1, () => Utf8("\n\r\n   \n\t\n"));
            Add("empty file", "a BOM and a line break", 1, () => [0xEF, 0xBB, 0xBF, (byte)'\n']);
            Add("header only", "header with a line break", 1, () => Utf8(header + "\n"));
            Add("header only", "header without a line break", 1, () => Utf8(header));
            Add("header only", "header, CRLF and blank lines", 1, () => Utf8(header + "\r\n\r\n  \r\n"));
            Add("header only", "BOM and header", 1, () => [0xEF, 0xBB, 0xBF, .. Utf8(header + "\n")]);

            // Header faults.
            AddLines("bad header", "no header: data first", 1, valid.Skip(1).ToArray());
            AddLines("bad header", "a required column missing", 1, valid.Select(l => string.Join(';', l.Split(';').Skip(1))).ToArray());
            AddLines("bad header", "an unknown column", 1, valid.Select((l, i) => l + (i == 0 ? ";telefon" : ";070-1234567")).ToArray());
            AddLines("bad header", "a column twice", 1, valid.Select((l, i) => l + ";" + l.Split(';')[1]).ToArray());
            AddLines("bad header", "a column without a name (trailing semicolon)", 1, valid.Select(l => l + ";").ToArray());
            AddLines("bad header", "header in Swedish spelling with å/ä/ö", 1,
                valid.Select((l, i) => i == 0 ? l.Replace("arskurs", "årskurs").Replace("franvaro_min", "frånvaro_min").Replace("amne", "ämne") : l).ToArray());
            AddLines("bad header", "old Mac line endings (CR only)", 1, valid, "\r");

            // Bad quotes.
            for (var i = 0; i < 3; i++)
            {
                var row = AnyRow();
                var field = random.Next(fieldCount);
                var value = Field(row, field);
                AddLines("bad quotes", $"unterminated quote in row {row + 1}, field {field + 1}", LineOf(row), WithField(row, field, "\"" + value));
                AddLines("bad quotes", $"text after the closing quote in row {row + 1}, field {field + 1}", LineOf(row),
                    WithField(row, field, "\"" + value + "\"x"));
            }

            // NUL and other control characters.
            foreach (var (control, name) in new[] { ('\0', "NUL"), ('\u001B', "ESC"), ('\f', "form feed"), ('\v', "vertical tab"), ('\u0007', "bell") })
            {
                var row = AnyRow();
                var field = random.Next(fieldCount);
                AddLines("control characters", $"{name} in row {row + 1}, field {field + 1}", LineOf(row),
                    WithField(row, field, Field(row, field) + control));
            }
            Add("control characters", "NUL bytes between the lines", LineOf(1),
                () => Utf8(string.Join("\n", valid.Take(2)) + "\n\0\0\n" + string.Join("\n", valid.Skip(2)) + "\n"));
        }

        /// <summary>Fields of 70 KB, 1 MB and 16 MB (the last without a line break), each a line too long to read.</summary>
        private void HugeField(int field, string name)
        {
            foreach (var size in new[] { 70_000, 1 << 20 })
            {
                var row = AnyRow();
                Add("huge fields", $"{name} of {size} bytes in row {row + 1}", LineOf(row),
                    () => Utf8(string.Join("\n", WithField(row, field, new string('x', size))) + "\n"));
            }
            var last = DataRows - 1;
            Add("huge fields", $"{name} of 16 MiB in the last row, no line break", LineOf(last),
                () => Utf8(string.Join("\n", WithField(last, field, new string('y', 16 << 20)))));
            Add("huge fields", $"header with a column name of 1 MiB", 1,
                () => Utf8(string.Join("\n", valid.Select((l, i) => i == 0 ? l.Replace(name, new string('z', 1 << 20)) : l)) + "\n"));
        }

        private string[] SwapHeader(int a, int b)
        {
            var lines = Lines();
            var fields = lines[0].Split(';');
            (fields[a], fields[b]) = (fields[b], fields[a]);
            lines[0] = string.Join(';', fields);
            return lines;
        }

        private string[] SwapValues(int row, int a, int b) => WithFields(row, (a, Field(row, b)), (b, Field(row, a)));

        /// <summary>Two random column pairs whose values differ in the row (swapping equal values changes nothing).</summary>
        private IEnumerable<(int, int)> TwoDistinctPairs(int row)
        {
            var count = valid[0].Split(';').Length;
            var pairs = new List<(int, int)>();
            while (pairs.Count < 2)
            {
                int a = random.Next(count), b = random.Next(count);
                if (a < b && Field(row, a) != Field(row, b) && !pairs.Contains((a, b))) pairs.Add((a, b));
            }
            return pairs;
        }

        private byte[] InsertBytes(int row, int field, byte[] bytes)
        {
            var before = string.Join("\n", valid.Take(row + 1)) + "\n";
            var fields = valid[row + 1].Split(';');
            var prefix = string.Join(';', fields.Take(field + 1));
            var rest = valid[row + 1][prefix.Length..] + "\n" + string.Join("\n", valid.Skip(row + 2)) + "\n";
            return [.. Utf8(before + prefix), .. bytes, .. Utf8(rest)];
        }

        private static int Minutes(string time)
        {
            var parts = time.Split(':');
            return int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) * 60
                + int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
