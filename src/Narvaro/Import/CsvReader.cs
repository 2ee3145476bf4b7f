using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

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

    /// <summary>The longest line read, in bytes without the line break; longer lines are reported, not buffered.</summary>
    public const int MaxLineBytes = 64 * 1024;

    public static async IAsyncEnumerable<CsvLine> ReadLinesAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new CsvLineReader(stream);
        while (await reader.ReadAsync(cancellationToken))
            yield return reader.ToCsvLine();
    }

    /// <summary>Splits one line into trimmed fields; null with a reason when a quoted field is malformed.</summary>
    public static string[]? SplitFields(string text, out string? error)
    {
        var chars = text.ToCharArray();
        var fields = new Range[8];
        error = CsvLineReader.Split(chars, chars.Length, ref fields, out var count);
        if (error is not null) return null;
        var result = new string[count];
        for (var i = 0; i < count; i++)
            result[i] = new string(chars.AsSpan(fields[i]));
        return result;
    }
}

/// <summary>
/// The allocation-free core of <see cref="CsvReader"/>: reads one line at a time into reusable buffers and exposes
/// its fields as spans, valid until the next <see cref="ReadAsync"/>. Blank lines are skipped but counted.
/// </summary>
internal sealed class CsvLineReader : IDisposable
{
    private const int BufferBytes = 4 * CsvReader.MaxLineBytes;

    // C0 control characters other than tab: never in a text file's values; NUL usually means UTF-16.
    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");

    private readonly Stream _stream;
    private readonly byte[] _bytes = ArrayPool<byte>.Shared.Rent(BufferBytes);
    private readonly char[] _chars = ArrayPool<char>.Shared.Rent(CsvReader.MaxLineBytes);
    private Range[] _fields = new Range[16];
    private int _start, _filled;
    private bool _eof;

    public CsvLineReader(Stream stream) => _stream = stream;

    public int LineNumber { get; private set; }
    /// <summary>Why the current line could not be split into fields, or null.</summary>
    public string? Error { get; private set; }
    public int FieldCount { get; private set; }
    /// <summary>The current line starts with a UTF-16 byte order mark (only checked on line 1).</summary>
    public bool IsUtf16 { get; private set; }

    public ReadOnlySpan<char> Field(int index) => _chars.AsSpan(_fields[index]);

    public CsvLine ToCsvLine()
    {
        if (Error is not null) return new CsvLine(LineNumber, null, Error);
        var fields = new string[FieldCount];
        for (var i = 0; i < fields.Length; i++)
            fields[i] = new string(Field(i));
        return new CsvLine(LineNumber, fields, null);
    }

    /// <summary>Moves to the next non-blank line; false at the end of the file.</summary>
    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken) =>
        TryReadBuffered() ? new ValueTask<bool>(true) : ReadSlowAsync(cancellationToken);

    /// <summary>The common case without an async state machine: the next non-blank line is already in the buffer.</summary>
    private bool TryReadBuffered()
    {
        while (true)
        {
            var newline = _bytes.AsSpan(_start, _filled - _start).IndexOf((byte)'\n');
            if (newline < 0 || newline > CsvReader.MaxLineBytes) return false;
            var line = _bytes.AsSpan(_start, newline);
            _start += newline + 1;
            LineNumber++;
            if (Parse(line)) return true;
        }
    }

    private async ValueTask<bool> ReadSlowAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = _bytes.AsSpan(_start, _filled - _start).IndexOf((byte)'\n');
            if (newline < 0 && !_eof)
            {
                if (_filled - _start > CsvReader.MaxLineBytes)
                {
                    await SkipRestOfLineAsync(cancellationToken);
                    LineNumber++;
                    SetError($"raden är längre än {CsvReader.MaxLineBytes} byte.");
                    return true;
                }
                if (_start > 0)
                {
                    Buffer.BlockCopy(_bytes, _start, _bytes, 0, _filled - _start);
                    _filled -= _start;
                    _start = 0;
                }
                var read = await _stream.ReadAsync(_bytes.AsMemory(_filled, BufferBytes - _filled), cancellationToken);
                if (read == 0) _eof = true;
                else _filled += read;
                continue;
            }
            if (newline < 0 && _start == _filled)
                return false;

            var length = newline < 0 ? _filled - _start : newline;
            var line = _bytes.AsSpan(_start, length);
            _start = newline < 0 ? _filled : _start + newline + 1;
            LineNumber++;
            if (length > CsvReader.MaxLineBytes)
            {
                SetError($"raden är längre än {CsvReader.MaxLineBytes} byte.");
                return true;
            }
            if (Parse(line))
                return true;
        }
    }

    /// <summary>Drops bytes up to and including the next line break (or the end of the file).</summary>
    private async ValueTask SkipRestOfLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = _bytes.AsSpan(_start, _filled - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start += newline + 1;
                return;
            }
            _start = _filled = 0;
            var read = await _stream.ReadAsync(_bytes.AsMemory(0, BufferBytes), cancellationToken);
            if (read == 0)
            {
                _eof = true;
                return;
            }
            _filled = read;
        }
    }

    private void SetError(string error)
    {
        Error = error;
        FieldCount = 0;
    }

    /// <summary>Decodes and splits one line; false when the line is blank.</summary>
    private bool Parse(ReadOnlySpan<byte> bytes)
    {
        Error = null;
        IsUtf16 = false;
        if (LineNumber == 1)
        {
            if (bytes.StartsWith("\uFEFF"u8))
                bytes = bytes[3..];
            else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
                IsUtf16 = true;
        }
        if (bytes.EndsWith("\r"u8))
            bytes = bytes[..^1];

        // Strict: an invalid byte rejects the line rather than becoming U+FFFD and slipping into the database.
        if (Utf8.ToUtf16(bytes, _chars, out _, out var length, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            SetError("raden innehåller tecken som inte är UTF-8. Spara filen som CSV UTF-8.");
            return true;
        }
        var text = _chars.AsSpan(0, length);
        var control = text.IndexOfAny(ControlCharacters);
        if (control >= 0)
        {
            SetError(text[control] == '\0'
                ? "raden innehåller NUL-tecken. Filen är troligen sparad som UTF-16. Spara filen som CSV UTF-8."
                : $"raden innehåller ett otillåtet styrtecken (tecken {(int)text[control]}) i position {control + 1}.");
            return true;
        }
        if (text.IsWhiteSpace())
            return false;

        Error = Split(_chars, length, ref _fields, out var count);
        FieldCount = Error is null ? count : 0;
        return true;
    }

    /// <summary>
    /// Splits chars[..length] at separators into trimmed fields, unquoting quoted fields in place (an unquoted value is
    /// never longer than its source); returns the reason when a quoted field is malformed.
    /// </summary>
    internal static string? Split(char[] chars, int length, ref Range[] fields, out int count)
    {
        count = 0;
        var i = 0;
        while (true)
        {
            if (count == fields.Length)
                Array.Resize(ref fields, fields.Length * 2);
            var firstNonSpace = i;
            while (firstNonSpace < length && chars[firstNonSpace] == ' ') firstNonSpace++;
            if (firstNonSpace < length && chars[firstNonSpace] == '"')
            {
                var valueStart = firstNonSpace;
                var write = valueStart;
                i = firstNonSpace + 1;
                while (true)
                {
                    if (i >= length)
                        return $"fält {count + 1} börjar med citattecken men avslutas inte på samma rad.";
                    if (chars[i] == '"')
                    {
                        if (i + 1 < length && chars[i + 1] == '"')
                        {
                            chars[write++] = '"';
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    chars[write++] = chars[i++];
                }
                while (i < length && chars[i] == ' ') i++;
                fields[count++] = Trimmed(chars, valueStart, write);
                if (i == length) return null;
                if (chars[i] != CsvReader.Separator)
                    return $"fält {count} har tecken efter det avslutande citattecknet.";
                i++;
            }
            else
            {
                var separator = chars.AsSpan(i, length - i).IndexOf(CsvReader.Separator);
                var end = separator < 0 ? length : i + separator;
                fields[count++] = Trimmed(chars, i, end);
                if (separator < 0) return null;
                i = end + 1;
            }
        }
    }

    private static Range Trimmed(char[] chars, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(chars[start])) start++;
        while (end > start && char.IsWhiteSpace(chars[end - 1])) end--;
        return new Range(start, end);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_bytes);
        ArrayPool<char>.Shared.Return(_chars);
    }
}
