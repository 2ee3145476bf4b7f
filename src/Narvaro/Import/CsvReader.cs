using System.Runtime.CompilerServices;
using System.Text;

namespace Narvaro.Import;

/// <summary>One non-blank physical line of a CSV file: its fields, or why they could not be read.</summary>
public readonly record struct CsvLine(int LineNumber, string[]? Fields, string? Error);

/// <summary>
/// Streams a UTF-8, semicolon-separated file line by line, with bounded memory whatever the file's size.
/// Fields may be quoted ("" inside quotes is one "); a quoted field cannot span lines, so line numbers are always
/// physical lines. Blank lines are skipped. Values are trimmed.
/// </summary>
public static class CsvReader
{
    public const char Separator = ';';

    /// <summary>The longest line read; longer lines are reported, not buffered.</summary>
    public const int MaxLineBytes = 64 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async IAsyncEnumerable<CsvLine> ReadLinesAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = new byte[MaxLineBytes];
        int start = 0, filled = 0, lineNumber = 0;
        bool eof = false, tooLong = false;
        while (!eof || start < filled || tooLong)
        {
            var newline = Array.IndexOf(buffer, (byte)'\n', start, filled - start);
            if (newline < 0 && !eof)
            {
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
                    filled -= start;
                    start = 0;
                }
                if (filled == buffer.Length)
                {
                    // Drop the over-long line's bytes and skip to its end; it is reported as one error.
                    tooLong = true;
                    filled = 0;
                }
                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0) eof = true;
                else filled += read;
                continue;
            }

            var end = newline < 0 ? filled : newline;
            lineNumber++;
            var line = tooLong
                ? new CsvLine(lineNumber, null, $"raden är längre än {MaxLineBytes} byte.")
                : ParseLine(buffer.AsSpan(start, end - start), lineNumber);
            if (line.Fields is not { Length: 0 })
                yield return line;
            tooLong = false;
            start = newline < 0 ? filled : newline + 1;
        }
    }

    private static CsvLine ParseLine(ReadOnlySpan<byte> bytes, int lineNumber)
    {
        if (lineNumber == 1 && bytes.StartsWith("\uFEFF"u8))
            bytes = bytes[3..];
        if (bytes.EndsWith("\r"u8))
            bytes = bytes[..^1];
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return new CsvLine(lineNumber, null, "raden innehåller tecken som inte är UTF-8. Spara filen som CSV UTF-8.");
        }
        if (string.IsNullOrWhiteSpace(text))
            return new CsvLine(lineNumber, [], null);
        var fields = SplitFields(text, out var error);
        return new CsvLine(lineNumber, fields, error);
    }

    /// <summary>Splits one line into trimmed fields; null with a reason when a quoted field is malformed.</summary>
    public static string[]? SplitFields(string text, out string? error)
    {
        error = null;
        var fields = new List<string>(8);
        var i = 0;
        while (true)
        {
            var firstNonSpace = i;
            while (firstNonSpace < text.Length && text[firstNonSpace] == ' ') firstNonSpace++;
            if (firstNonSpace < text.Length && text[firstNonSpace] == '"')
            {
                var value = new StringBuilder();
                i = firstNonSpace + 1;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        error = $"fält {fields.Count + 1} börjar med citattecken men avslutas inte på samma rad.";
                        return null;
                    }
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            value.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    value.Append(text[i++]);
                }
                while (i < text.Length && text[i] == ' ') i++;
                fields.Add(value.ToString().Trim());
                if (i == text.Length) return [.. fields];
                if (text[i] != Separator)
                {
                    error = $"fält {fields.Count} har tecken efter det avslutande citattecknet.";
                    return null;
                }
                i++;
            }
            else
            {
                var separator = text.IndexOf(Separator, i);
                fields.Add((separator < 0 ? text[i..] : text[i..separator]).Trim());
                if (separator < 0) return [.. fields];
                i = separator + 1;
            }
        }
    }
}
