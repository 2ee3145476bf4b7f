namespace Narvaro.Import;

/// <summary>One data row, its values in the order of the importer's column list (an absent optional column is null).</summary>
public readonly record struct CsvRow(int LineNumber, string?[] Values);

/// <summary>The checks every import file shares: encoding, header, field count, and that there is something to import.</summary>
public static class CsvFile
{
    /// <summary>
    /// Yields the data rows whose structure is sound and reports the rest to <paramref name="errors"/>.
    /// A bad header is reported and ends the file, since no row can then be read reliably.
    /// </summary>
    public static async IAsyncEnumerable<CsvRow> ReadRowsAsync(
        Stream stream, IReadOnlyList<string> requiredColumns, IReadOnlyList<string> optionalColumns,
        ImportErrorCollector errors,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = await CsvRecordReader.OpenAsync(stream, requiredColumns, optionalColumns, errors, cancellationToken);
        if (reader is null) yield break;
        while (await reader.ReadAsync(cancellationToken))
            yield return reader.ToRow();
        reader.Finish();
    }
}

/// <summary>
/// Reads an import file row by row without allocating per field: <see cref="Value"/> is a span into the reader's
/// buffer, valid until the next <see cref="ReadAsync"/>. Structural faults are reported to the collector and skipped.
/// </summary>
internal sealed class CsvRecordReader : IDisposable
{
    private readonly CsvLineReader _lines;
    private readonly ImportErrorCollector _errors;
    private readonly int[] _map;
    private readonly int _headerFields;
    private int _dataLines;

    private CsvRecordReader(CsvLineReader lines, ImportErrorCollector errors, int[] map, int headerFields) =>
        (_lines, _errors, _map, _headerFields) = (lines, errors, map, headerFields);

    public int LineNumber => _lines.LineNumber;

    /// <summary>The value of the importer's column (required, then optional); empty when an optional column is absent.</summary>
    public ReadOnlySpan<char> Value(int column) => _map[column] < 0 ? default : _lines.Field(_map[column]);

    public bool HasColumn(int column) => _map[column] >= 0;

    public CsvRow ToRow()
    {
        var values = new string?[_map.Length];
        for (var i = 0; i < values.Length; i++)
            values[i] = _map[i] < 0 ? null : new string(_lines.Field(_map[i]));
        return new CsvRow(LineNumber, values);
    }

    /// <summary>Reads and checks the header; null (with the errors reported) when the file cannot be read further.</summary>
    public static async Task<CsvRecordReader?> OpenAsync(Stream stream, IReadOnlyList<string> required, IReadOnlyList<string> optional,
        ImportErrorCollector errors, CancellationToken cancellationToken)
    {
        var lines = new CsvLineReader(stream);
        try
        {
            if (!await lines.ReadAsync(cancellationToken))
            {
                errors.Add(1, $"filen är tom. Första raden ska vara rubrikraden: {string.Join(CsvReader.Separator, required)}");
            }
            else if (lines.IsUtf16)
            {
                errors.Add(lines.LineNumber, "filen är sparad som Unicode (UTF-16 eller UTF-32). Spara filen som CSV UTF-8.");
            }
            else if (lines.Error is not null)
            {
                errors.Add(lines.LineNumber, $"rubrikraden kan inte läsas: {lines.Error}");
            }
            else if (MapHeader(lines, required, optional, errors) is { } map)
            {
                var reader = new CsvRecordReader(lines, errors, map, lines.FieldCount);
                lines = null;
                return reader;
            }
            return null;
        }
        finally
        {
            lines?.Dispose();
        }
    }

    /// <summary>Moves to the next data row whose structure is sound, reporting the others.</summary>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = _lines.ReadAsync(cancellationToken);
            // Most lines are already buffered: no await, no state machine transition.
            if (!(read.IsCompletedSuccessfully ? read.Result : await read))
                return false;
            _dataLines++;
            if (_lines.Error is not null)
                _errors.Add(_lines.LineNumber, _lines.Error);
            else if (_lines.FieldCount != _headerFields)
                _errors.Add(_lines.LineNumber,
                    $"raden har {_lines.FieldCount} fält men rubrikraden har {_headerFields}. Fälten ska skiljas åt med semikolon (;).");
            else
                return true;
        }
    }

    /// <summary>Call after the last row: a file with no data rows is an error too.</summary>
    public void Finish()
    {
        if (_dataLines == 0)
            _errors.Add(1, "filen innehåller bara rubrikraden. Det finns inga rader att importera.");
    }

    /// <summary>For each wanted column (required, then optional) the field index in the file, or -1 when absent.</summary>
    private static int[]? MapHeader(CsvLineReader header, IReadOnlyList<string> required, IReadOnlyList<string> optional, ImportErrorCollector errors)
    {
        var known = required.Concat(optional).ToList();
        if (WrongSeparator(header, known) is { } separator)
        {
            errors.Add(header.LineNumber,
                $"kolumnerna ska vara {string.Join(CsvReader.Separator, required)} separerade med semikolon (;), men rubrikraden är separerad med {separator}. Spara filen med semikolon som avgränsare.");
            return null;
        }
        var map = Enumerable.Repeat(-1, known.Count).ToArray();
        var ok = true;
        for (var field = 0; field < header.FieldCount; field++)
        {
            var name = new string(header.Field(field));
            var column = known.FindIndex(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
            if (column < 0)
            {
                errors.Add(header.LineNumber, name.Length == 0
                    ? $"rubrikraden har en kolumn utan namn (kolumn {field + 1})."
                    : $"okänd kolumn \"{ImportValidation.Shown(name)}\" i rubrikraden. Tillåtna kolumner: {string.Join(", ", known)}.");
                ok = false;
            }
            else if (map[column] >= 0)
            {
                errors.Add(header.LineNumber, $"kolumnen \"{known[column]}\" finns två gånger i rubrikraden.");
                ok = false;
            }
            else
            {
                map[column] = field;
            }
        }
        for (var column = 0; column < required.Count; column++)
        {
            if (map[column] < 0)
            {
                errors.Add(header.LineNumber, $"rubrikraden saknar kolumnen \"{required[column]}\".");
                ok = false;
            }
        }
        return ok ? map : null;
    }

    /// <summary>The name of the separator a header was written with instead of semicolons, when its fields say so.</summary>
    private static string? WrongSeparator(CsvLineReader header, List<string> known)
    {
        foreach (var (separator, name) in new[] { (',', "komma (,)"), ('\t', "tabb"), ('|', "lodstreck (|)") })
        {
            var knownNames = 0;
            for (var field = 0; field < header.FieldCount; field++)
            {
                foreach (var part in header.Field(field).ToString().Split(separator))
                    if (known.Contains(part.Trim(), StringComparer.OrdinalIgnoreCase)) knownNames++;
            }
            // Two known names inside fields means they were joined by that separator.
            if (knownNames >= 2 && knownNames > header.FieldCount)
                return name;
        }
        return null;
    }

    public void Dispose() => _lines.Dispose();
}
