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
        int[]? map = null;
        var headerFields = 0;
        var dataLines = 0;
        await foreach (var line in CsvReader.ReadLinesAsync(stream, cancellationToken))
        {
            if (map is null)
            {
                if (line.Fields is null)
                {
                    errors.Add(line.LineNumber, $"rubrikraden kan inte läsas: {line.Error}");
                    yield break;
                }
                map = MapHeader(line, requiredColumns, optionalColumns, errors);
                if (map is null) yield break;
                headerFields = line.Fields.Length;
                continue;
            }

            dataLines++;
            if (line.Fields is null)
            {
                errors.Add(line.LineNumber, line.Error!);
                continue;
            }
            if (line.Fields.Length != headerFields)
            {
                errors.Add(line.LineNumber,
                    $"raden har {line.Fields.Length} fält men rubrikraden har {headerFields}. Fälten ska skiljas åt med semikolon (;).");
                continue;
            }
            var values = new string?[map.Length];
            for (var i = 0; i < map.Length; i++)
                values[i] = map[i] < 0 ? null : line.Fields[map[i]];
            yield return new CsvRow(line.LineNumber, values);
        }

        if (map is null && errors.Count == 0)
            errors.Add(1, $"filen är tom. Första raden ska vara rubrikraden: {string.Join(CsvReader.Separator, requiredColumns)}");
        else if (map is not null && dataLines == 0)
            errors.Add(1, "filen innehåller bara rubrikraden. Det finns inga rader att importera.");
    }

    /// <summary>For each wanted column (required, then optional) the field index in the file, or -1 when absent.</summary>
    private static int[]? MapHeader(CsvLine header, IReadOnlyList<string> required, IReadOnlyList<string> optional, ImportErrorCollector errors)
    {
        var known = required.Concat(optional).ToList();
        var map = Enumerable.Repeat(-1, known.Count).ToArray();
        var ok = true;
        for (var field = 0; field < header.Fields!.Length; field++)
        {
            var name = header.Fields[field];
            var column = known.FindIndex(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
            if (column < 0)
            {
                errors.Add(header.LineNumber, name.Length == 0
                    ? $"rubrikraden har en kolumn utan namn (kolumn {field + 1})."
                    : $"okänd kolumn \"{name}\" i rubrikraden. Tillåtna kolumner: {string.Join(", ", known)}.");
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
}
