using System.Text;
using Narvaro.Import;

namespace Narvaro.Tests.Import;

public class CsvReaderTests
{
    private static async Task<List<CsvLine>> ReadAsync(byte[] bytes)
    {
        var lines = new List<CsvLine>();
        await foreach (var line in CsvReader.ReadLinesAsync(new MemoryStream(bytes)))
            lines.Add(line);
        return lines;
    }

    private static Task<List<CsvLine>> ReadAsync(string text) => ReadAsync(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void SplitFields_QuotedFieldWithEscapedQuotesAndSeparator_Unquotes()
    {
        var fields = CsvReader.SplitFields("a;\"Skolan \"\"Eken\"\"; centrum\";c", out var error);

        Assert.Null(error);
        Assert.Equal(["a", "Skolan \"Eken\"; centrum", "c"], fields!);
    }

    [Fact]
    public void SplitFields_SpacesAroundValues_AreTrimmed()
    {
        var fields = CsvReader.SplitFields(" a ; \"b\" ;c ", out _);

        Assert.Equal(["a", "b", "c"], fields!);
    }

    [Fact]
    public void SplitFields_TrailingSeparator_GivesEmptyLastField()
    {
        Assert.Equal(["a", "b", ""], CsvReader.SplitFields("a;b;", out _)!);
    }

    [Theory]
    [InlineData("a;\"b;c", "fält 2 börjar med citattecken men avslutas inte på samma rad.")]
    [InlineData("a;\"b\"x;c", "fält 2 har tecken efter det avslutande citattecknet.")]
    public void SplitFields_MalformedQuotes_ReturnsNullWithReason(string text, string expected)
    {
        var fields = CsvReader.SplitFields(text, out var error);

        Assert.Null(fields);
        Assert.Equal(expected, error);
    }

    [Fact]
    public async Task ReadLinesAsync_BomAndCrlf_AreStripped()
    {
        var lines = await ReadAsync([.. Encoding.UTF8.GetPreamble(), .. "elev_id;typ\r\nE1;sen\r\n"u8.ToArray()]);

        Assert.Equal(["elev_id", "typ"], lines[0].Fields!);
        Assert.Equal(["E1", "sen"], lines[1].Fields!);
        Assert.Equal(2, lines.Count);
    }

    [Fact]
    public async Task ReadLinesAsync_BlankLines_AreSkippedButCounted()
    {
        var lines = await ReadAsync("a;b\n\n  \nc;d");

        Assert.Equal([1, 4], lines.Select(l => l.LineNumber));
        Assert.Equal(["c", "d"], lines[1].Fields!);
    }

    [Fact]
    public async Task ReadLinesAsync_InvalidUtf8_ReportsOnlyThatLine()
    {
        var bytes = Encoding.UTF8.GetBytes("a;b\nc;d\n").Concat(Encoding.Latin1.GetBytes("Åsa;Öberg\n")).Concat("e;f\n"u8.ToArray()).ToArray();

        var lines = await ReadAsync(bytes);

        Assert.Equal(4, lines.Count);
        Assert.Null(lines[2].Fields);
        Assert.Equal(3, lines[2].LineNumber);
        Assert.Contains("UTF-8", lines[2].Error);
        Assert.Equal(["e", "f"], lines[3].Fields!);
    }

    [Fact]
    public async Task ReadLinesAsync_LineLongerThanLimit_IsReportedAndReadingGoesOn()
    {
        var text = "a;b\n" + new string('x', CsvReader.MaxLineBytes * 2 + 10) + "\nc;d\n" + new string('y', CsvReader.MaxLineBytes + 1);

        var lines = await ReadAsync(text);

        Assert.Equal([1, 2, 3, 4], lines.Select(l => l.LineNumber));
        Assert.Contains("längre än", lines[1].Error);
        Assert.Equal(["c", "d"], lines[2].Fields!);
        Assert.Contains("längre än", lines[3].Error);
    }

    [Fact]
    public async Task ReadLinesAsync_ManyLinesAcrossBufferBoundaries_ReadsEveryLineInOrder()
    {
        var text = string.Concat(Enumerable.Range(1, 20_000).Select(i => $"E{i};Matematik;{i % 60}\n"));

        var lines = await ReadAsync(text);

        Assert.Equal(20_000, lines.Count);
        Assert.All(lines, l => Assert.Equal($"E{l.LineNumber}", l.Fields![0]));
    }

    [Fact]
    public async Task ReadLinesAsync_NoFinalNewline_ReadsLastLine()
    {
        var lines = await ReadAsync("a;b\nc;d");

        Assert.Equal(["c", "d"], lines[^1].Fields!);
    }
}
