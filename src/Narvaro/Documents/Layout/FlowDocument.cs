using System.Text;
using SkiaSharp;

namespace Narvaro.Documents.Layout;

/// <summary>
/// A small flow layout for printed forms on A4: text that wraps, headings, fields and lines to write on,
/// check boxes, tables, signature lines and page breaks. Content is measured as it is added (the column width is
/// fixed), paginated once, and only then drawn, so every page can say "Sida N av M".
/// One instance renders one document; it is not thread-safe.
/// </summary>
public sealed class FlowDocument : IDisposable
{
    public const float PageWidth = 595.28f;
    public const float PageHeight = 841.89f;
    private const float MarginLeft = 56f;
    private const float MarginRight = 56f;
    public const float ContentTop = 74f;
    public const float ContentBottom = PageHeight - 62f;
    private const float BodySize = 10f;
    private const float BodyLeading = 14f;
    private const float WritingLeading = 21f;
    private const float BoxSize = 9f;

    private static readonly SKColor Ink = new(0x1A, 0x1A, 0x1A);
    private static readonly SKColor Rule = new(0x6B, 0x6B, 0x6B);
    private static readonly SKColor Muted = new(0x55, 0x55, 0x55);
    /// <summary>Values the system filled in are printed in blue, as if written by hand, so they stand apart from the form.</summary>
    private static readonly SKColor FilledIn = new(0x1F, 0x3A, 0x68);
    private static readonly SKColor Shade = new(0xE8, 0xEC, 0xF1);

    private readonly DocumentInfo _info;
    private readonly List<Block> _blocks = [];
    private readonly Dictionary<(bool, float), StyledFont> _fonts = [];
    private readonly SKPaint _paint = new() { IsAntialias = true };
    private readonly SKPaint _stroke = new() { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 0.6f };

    public FlowDocument(DocumentInfo info) => _info = info;

    public static float ContentWidth => PageWidth - MarginLeft - MarginRight;

    // ---- content -------------------------------------------------------------------------------------------------

    /// <summary>The document's title, large and bold.</summary>
    public FlowDocument Title(string text)
    {
        AddText(text, bold: true, size: 15f, leading: 19f, color: Ink, spaceBefore: 0, keepWithNext: true);
        _blocks[^1].KeepWithNext = false;
        Spacer(4);
        return this;
    }

    /// <summary>A section heading, kept on the page of what follows it.</summary>
    public FlowDocument Heading(string text, float size = 11.5f) =>
        AddText(text, bold: true, size: size, leading: size * 1.35f, color: Ink, spaceBefore: 10, keepWithNext: true);

    public FlowDocument Paragraph(string text, bool bold = false, float size = BodySize, float spaceBefore = 4) =>
        AddText(text, bold, size, size * 1.4f, Ink, spaceBefore, keepWithNext: false);

    /// <summary>Small grey text: prompts and explanations.</summary>
    public FlowDocument Note(string text, float spaceBefore = 2, float indent = 0) =>
        AddText(text, bold: false, size: 8.5f, leading: 11.5f, color: Muted, spaceBefore, keepWithNext: false, indent);

    /// <summary>How far text under a check box is indented to line up with the box's label.</summary>
    public const float CheckBoxIndent = BoxSize + 7;

    /// <summary>Text the system filled in (blue), e.g. figures taken from the attendance data.</summary>
    public FlowDocument FilledText(string text, float spaceBefore = 2) =>
        AddText(text, bold: false, size: 9.5f, leading: 13f, color: FilledIn, spaceBefore, keepWithNext: false);

    public FlowDocument Spacer(float height)
    {
        _blocks.Add(new Block(height, (_, _, _) => { }));
        return this;
    }

    public FlowDocument PageBreak()
    {
        _blocks.Add(Block.PageBreak());
        return this;
    }

    /// <summary>Everything added by <paramref name="content"/> stays on one page when it fits on one.</summary>
    public FlowDocument KeepTogether(Action<FlowDocument> content)
    {
        var first = _blocks.Count;
        content(this);
        for (var i = first; i < _blocks.Count - 1; i++) _blocks[i].KeepWithNext = true;
        return this;
    }

    /// <summary>A label with a line to write on, across the whole width; a value, when known, is printed on the line.</summary>
    public FlowDocument Field(string label, string? value = null) => Fields((label, value, 1f));

    /// <summary>Several labelled lines side by side, each taking its share of the width.</summary>
    public FlowDocument Fields(params (string Label, string? Value, float Share)[] fields)
    {
        var total = fields.Sum(f => f.Share);
        var widths = fields.Select(f => ContentWidth * f.Share / total).ToArray();
        var items = fields.Select(f => (Label: Clean(f.Label), Value: f.Value is null ? null : Clean(f.Value))).ToArray();
        _blocks.Add(new Block(WritingLeading, (canvas, x, top) =>
        {
            var baseline = top + WritingLeading - 5;
            for (var i = 0; i < items.Length; i++)
            {
                var labelWidth = BodyBold.Measure(items[i].Label);
                DrawText(canvas, items[i].Label, x, baseline, BodyBold, Ink);
                var lineStart = x + labelWidth + 4;
                var lineEnd = x + widths[i] - (i < items.Length - 1 ? 12 : 0);
                DrawRule(canvas, lineStart, lineEnd, baseline + 2.5f);
                if (items[i].Value is { Length: > 0 } value)
                    DrawText(canvas, Fit(value, BodyRegular, lineEnd - lineStart - 4), lineStart + 3, baseline - 0.5f, BodyRegular, FilledIn);
                x += widths[i];
            }
        }) { SpaceBefore = 3 });
        return this;
    }

    /// <summary>A question in bold with check boxes (e.g. Ja / Nej) at the right of its first line.</summary>
    public FlowDocument Question(string text, IReadOnlyList<string> options, int? selected = null, string? suffix = null)
    {
        var optionsWidth = OptionsWidth(options) + (suffix is null ? 0 : BodyRegular.Measure(suffix) + 8);
        var lines = Wrap(Clean(text), BodyBold, ContentWidth - optionsWidth - 16, ContentWidth - optionsWidth - 16);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var first = i == 0;
            _blocks.Add(new Block(BodyLeading + 2, (canvas, x, top) =>
            {
                var baseline = Baseline(top, BodyLeading + 2, BodyBold);
                DrawText(canvas, line, x, baseline, BodyBold, Ink);
                if (!first) return;
                var ox = x + ContentWidth - optionsWidth;
                DrawOptions(canvas, options, selected, ox, baseline);
                if (suffix is not null)
                    DrawText(canvas, suffix, x + ContentWidth - BodyRegular.Measure(suffix), baseline, BodyRegular, Ink);
            }) { SpaceBefore = first ? 9 : 0, KeepWithNext = true });
        }
        return this;
    }

    /// <summary>A check box followed by text that wraps beside it.</summary>
    public FlowDocument CheckBox(string text, bool isChecked = false, bool bold = false, float spaceBefore = 3)
    {
        var font = bold ? BodyBold : BodyRegular;
        const float indent = CheckBoxIndent;
        var lines = Wrap(Clean(text), font, ContentWidth - indent, ContentWidth - indent);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var first = i == 0;
            _blocks.Add(new Block(BodyLeading, (canvas, x, top) =>
            {
                var baseline = Baseline(top, BodyLeading, font);
                if (first) DrawBox(canvas, x, baseline, isChecked);
                DrawText(canvas, line, x + indent, baseline, font, Ink);
            }) { SpaceBefore = first ? spaceBefore : 0, KeepWithNext = i < lines.Count - 1 });
        }
        return this;
    }

    /// <summary>
    /// A label followed by ruled lines to write on. Text filled in digitally is written onto the lines and gets
    /// as many lines as it needs, flowing onto the next page when the page is full.
    /// </summary>
    public FlowDocument WritingLines(string label, int lines, string? text = null)
    {
        label = Clean(label);
        var labelWidth = label.Length == 0 ? 0 : BodyBold.Measure(label) + 6;
        var written = string.IsNullOrWhiteSpace(text)
            ? []
            : Wrap(Clean(text), BodyRegular, ContentWidth - labelWidth - 6, ContentWidth - 6);
        var count = Math.Max(lines, written.Count);
        for (var i = 0; i < count; i++)
        {
            var content = i < written.Count ? written[i] : null;
            var first = i == 0;
            _blocks.Add(new Block(WritingLeading, (canvas, x, top) =>
            {
                var baseline = top + WritingLeading - 5;
                var start = x;
                if (first && label.Length > 0)
                {
                    DrawText(canvas, label, x, baseline, BodyBold, Ink);
                    start = x + labelWidth;
                }
                DrawRule(canvas, start, x + ContentWidth, baseline + 2.5f);
                if (content is not null) DrawText(canvas, content, start + 3, baseline - 0.5f, BodyRegular, FilledIn);
            }) { SpaceBefore = first ? 2 : 0, KeepWithNext = first && count > 1 });
        }
        return this;
    }

    /// <summary>Signature lines side by side, each with its caption under the line.</summary>
    public FlowDocument Signatures(params string[] captions)
    {
        var gap = 24f;
        var width = (ContentWidth - gap * (captions.Length - 1)) / captions.Length;
        var cleaned = captions.Select(Clean).ToArray();
        var caption = Font(bold: false, 8.5f);
        var height = 30f + 12f;
        _blocks.Add(new Block(height, (canvas, x, top) =>
        {
            for (var i = 0; i < cleaned.Length; i++)
            {
                var left = x + i * (width + gap);
                DrawRule(canvas, left, left + width, top + 28, 0.8f);
                DrawText(canvas, cleaned[i], left, top + 39, caption, Muted);
            }
        }) { SpaceBefore = 8 });
        return this;
    }

    /// <summary>Bold text in a frame across the width, for instructions the form stresses.</summary>
    public FlowDocument Banner(string text)
    {
        var lines = Wrap(Clean(text), BodyBold, ContentWidth - 20, ContentWidth - 20);
        var height = lines.Count * BodyLeading + 12;
        _blocks.Add(new Block(height, (canvas, x, top) =>
        {
            _stroke.Color = Ink;
            _stroke.StrokeWidth = 1f;
            canvas.DrawRect(x, top, ContentWidth, height, _stroke);
            for (var i = 0; i < lines.Count; i++)
            {
                var w = BodyBold.Measure(lines[i]);
                DrawText(canvas, lines[i], x + (ContentWidth - w) / 2, Baseline(top + 6 + i * BodyLeading, BodyLeading, BodyBold), BodyBold, Ink);
            }
        }) { SpaceBefore = 12 });
        return this;
    }

    /// <summary>A ruled table whose header row is repeated on every page the table continues onto.</summary>
    public FlowDocument Table(IReadOnlyList<TableColumn> columns, IEnumerable<IReadOnlyList<TableCell>> rows, float size = 9f)
    {
        var headerFont = Font(bold: true, size);
        var cellFont = Font(bold: false, size);
        var cellBold = headerFont;
        var total = columns.Sum(c => c.Share);
        var widths = columns.Select(c => ContentWidth * c.Share / total).ToArray();
        const float pad = 3.5f;
        var leading = size * 1.3f;

        var headerLines = columns.Select((c, i) => Wrap(Clean(c.Header), headerFont, widths[i] - 2 * pad, widths[i] - 2 * pad)).ToArray();
        var header = MakeRow(headerLines, columns.Select(_ => (TableCell?)null).ToArray(), true);
        header.KeepWithNext = true;
        _blocks.Add(header);
        foreach (var row in rows)
        {
            var cells = row.ToArray();
            var lines = cells.Select((c, i) => c.IsCheckBox ? [] : Wrap(Clean(c.Text), c.Bold ? cellBold : cellFont, widths[i] - 2 * pad, widths[i] - 2 * pad)).ToArray();
            var block = MakeRow(lines, cells, false);
            _blocks.Add(new Block(block.Height, block.Draw) { RepeatOnNewPage = header });
        }
        return this;

        Block MakeRow(List<string>[] lines, TableCell?[] cells, bool isHeader)
        {
            var height = Math.Max(lines.Max(l => l.Count), 1) * leading + 2 * pad;
            return new Block(height, (canvas, x, top) =>
            {
                if (isHeader)
                {
                    _paint.Color = Shade;
                    canvas.DrawRect(x, top, ContentWidth, height, _paint);
                }
                var cx = x;
                for (var i = 0; i < widths.Length; i++)
                {
                    _stroke.Color = Rule;
                    _stroke.StrokeWidth = 0.6f;
                    canvas.DrawRect(cx, top, widths[i], height, _stroke);
                    var cell = cells[i];
                    if (cell is { IsCheckBox: true })
                    {
                        DrawBox(canvas, cx + (widths[i] - BoxSize) / 2, Baseline(top + pad, leading, cellFont), cell.Checked);
                    }
                    else
                    {
                        var font = isHeader ? headerFont : cell is { Bold: true } ? cellBold : cellFont;
                        for (var l = 0; l < lines[i].Count; l++)
                        {
                            var text = lines[i][l];
                            var w = font.Measure(text);
                            var tx = columns[i].AlignRight ? cx + widths[i] - pad - w
                                : columns[i].Centered ? cx + (widths[i] - w) / 2
                                : cx + pad;
                            DrawText(canvas, text, tx, Baseline(top + pad + l * leading, leading, font), font, Ink);
                        }
                    }
                    cx += widths[i];
                }
            });
        }
    }

    // ---- rendering -----------------------------------------------------------------------------------------------

    /// <summary>Paginates and writes the PDF.</summary>
    public byte[] Render()
    {
        var pages = Paginate();
        using var output = new MemoryStream();
        using (var stream = new SKManagedWStream(output))
        using (var document = SKDocument.CreatePdf(stream, new SKDocumentPdfMetadata
               {
                   Title = _info.Title,
                   Author = _info.Author,
                   Subject = _info.Title,
                   Creator = "Närvaro",
                   Producer = "Närvaro (SkiaSharp)",
                   Creation = _info.Created,
                   Modified = _info.Created,
                   RasterDpi = SKDocument.DefaultRasterDpi,
                   EncodingQuality = 101,
               }))
        {
            var headerBold = Font(bold: true, 8.5f);
            var headerRegular = Font(bold: false, 8.5f);
            for (var p = 0; p < pages.Count; p++)
            {
                var canvas = document.BeginPage(PageWidth, PageHeight);
                DrawText(canvas, Clean(_info.HeaderLeft), MarginLeft, 42, headerBold, Muted);
                var right = Clean(_info.HeaderRight);
                DrawText(canvas, right, PageWidth - MarginRight - headerRegular.Measure(right), 42, headerRegular, Muted);
                DrawRule(canvas, MarginLeft, PageWidth - MarginRight, 49, 0.5f);

                DrawRule(canvas, MarginLeft, PageWidth - MarginRight, PageHeight - 46, 0.5f);
                DrawText(canvas, Fit(Clean(_info.Title), headerRegular, ContentWidth - 90), MarginLeft, PageHeight - 34, headerRegular, Muted);
                var number = $"Sida {p + 1} av {pages.Count}";
                DrawText(canvas, number, PageWidth - MarginRight - headerRegular.Measure(number), PageHeight - 34, headerRegular, Muted);

                foreach (var (block, top) in pages[p])
                    block.Draw(canvas, MarginLeft, top);
                document.EndPage();
            }
            document.Close();
        }
        return output.ToArray();
    }

    private List<List<(Block Block, float Top)>> Paginate()
    {
        var pages = new List<List<(Block, float)>> { new() };
        var y = ContentTop;
        const float available = ContentBottom - ContentTop;

        for (var i = 0; i < _blocks.Count; i++)
        {
            var block = _blocks[i];
            if (block.PageBreakBefore)
            {
                if (y > ContentTop) NewPage(null);
                continue;
            }
            // A chain of blocks that keep with the next moves whole to a new page, if it fits on one.
            var chain = block.Height;
            for (var j = i; _blocks[j].KeepWithNext && j + 1 < _blocks.Count && !_blocks[j + 1].PageBreakBefore; j++)
                chain += _blocks[j + 1].SpaceBefore + _blocks[j + 1].Height;
            var space = y > ContentTop ? block.SpaceBefore : 0;
            if (y > ContentTop && y + space + Math.Min(chain, available) > ContentBottom && chain <= available)
                NewPage(block.RepeatOnNewPage);
            else if (y > ContentTop && y + space + block.Height > ContentBottom)
                NewPage(block.RepeatOnNewPage);

            space = y > ContentTop ? block.SpaceBefore : 0;
            if (y == ContentTop && block.Height == 0 && block.SpaceBefore == 0 && pages[^1].Count == 0) continue;
            pages[^1].Add((block, y + space));
            y += space + block.Height;
        }
        if (pages.Count > 1 && pages[^1].Count == 0) pages.RemoveAt(pages.Count - 1);
        return pages;

        void NewPage(Block? repeat)
        {
            pages.Add([]);
            y = ContentTop;
            if (repeat is null) return;
            pages[^1].Add((repeat, y));
            y += repeat.Height;
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private FlowDocument AddText(string text, bool bold, float size, float leading, SKColor color, float spaceBefore, bool keepWithNext, float indent = 0)
    {
        var font = Font(bold, size);
        var lines = Wrap(Clean(text), font, ContentWidth - indent, ContentWidth - indent);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            _blocks.Add(new Block(leading, (canvas, x, top) => DrawText(canvas, line, x + indent, Baseline(top, leading, font), font, color))
            {
                SpaceBefore = i == 0 ? spaceBefore : 0,
                // The last lines of a paragraph are not left alone at the top of a page.
                KeepWithNext = keepWithNext || (lines.Count > 1 && i == lines.Count - 2),
            });
        }
        return this;
    }

    // The body text styles, from the same per-document cache as every other size.
    private StyledFont BodyRegular => Font(bold: false, BodySize);
    private StyledFont BodyBold => Font(bold: true, BodySize);

    /// <summary>One font per style for the document's lifetime: fonts are measured now and drawn with at render time.</summary>
    private StyledFont Font(bool bold, float size)
    {
        if (!_fonts.TryGetValue((bold, size), out var font))
            _fonts[(bold, size)] = font = new StyledFont(bold, size);
        return font;
    }


    private float OptionsWidth(IReadOnlyList<string> options) =>
        options.Sum(o => BodyRegular.Measure(o) + 4 + BoxSize) + 14 * (options.Count - 1);

    private void DrawOptions(SKCanvas canvas, IReadOnlyList<string> options, int? selected, float x, float baseline)
    {
        for (var i = 0; i < options.Count; i++)
        {
            DrawText(canvas, options[i], x, baseline, BodyRegular, Ink);
            x += BodyRegular.Measure(options[i]) + 4;
            DrawBox(canvas, x, baseline, selected == i);
            x += BoxSize + 14;
        }
    }

    private void DrawBox(SKCanvas canvas, float x, float baseline, bool isChecked)
    {
        _stroke.Color = Ink;
        _stroke.StrokeWidth = 0.9f;
        var top = baseline - BoxSize + 0.5f;
        canvas.DrawRect(x, top, BoxSize, BoxSize, _stroke);
        if (!isChecked) return;
        _stroke.Color = FilledIn;
        _stroke.StrokeWidth = 1.4f;
        canvas.DrawLine(x + 1.8f, top + 1.8f, x + BoxSize - 1.8f, top + BoxSize - 1.8f, _stroke);
        canvas.DrawLine(x + BoxSize - 1.8f, top + 1.8f, x + 1.8f, top + BoxSize - 1.8f, _stroke);
    }

    private void DrawRule(SKCanvas canvas, float x1, float x2, float y, float width = 0.6f)
    {
        _stroke.Color = Rule;
        _stroke.StrokeWidth = width;
        canvas.DrawLine(x1, y, x2, y, _stroke);
    }

    private void DrawText(SKCanvas canvas, string text, float x, float baseline, StyledFont font, SKColor color)
    {
        if (text.Length == 0) return;
        _paint.Color = color;
        canvas.DrawText(text, x, baseline, SKTextAlign.Left, font.For(text), _paint);
    }

    private static float Baseline(float top, float leading, StyledFont font)
    {
        var m = font.Metrics;
        return top + (leading - (m.Descent - m.Ascent)) / 2 - m.Ascent;
    }

    /// <summary>
    /// NFC, so "å" typed as a + ring is one glyph the PDF maps back to "å"; control characters become spaces;
    /// letters no embedded font has become "�" (<see cref="PdfFonts.Printable"/>) rather than blank boxes.
    /// </summary>
    private static string Clean(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
            builder.Append(c == '\n' || !char.IsControl(c) ? c : ' ');
        return PdfFonts.Printable(builder.ToString());
    }

    /// <summary>Shortens a one-line value that cannot wrap (e.g. on a field line) with an ellipsis.</summary>
    private static string Fit(string text, StyledFont font, float width)
    {
        if (font.Measure(text) <= width) return text;
        var end = text.Length;
        while (end > 0 && font.Measure(string.Concat(text.AsSpan(0, end), "…")) > width) end--;
        return string.Concat(text.AsSpan(0, end), "…");
    }

    /// <summary>Greedy word wrap; explicit line breaks are kept, a word wider than the line is cut.</summary>
    private static List<string> Wrap(string text, StyledFont font, float firstWidth, float width)
    {
        var lines = new List<string>();
        var spaceWidth = font.Measure(" ");
        foreach (var paragraph in text.Split('\n'))
        {
            var line = new StringBuilder();
            var lineWidth = 0f;
            foreach (var rawWord in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var word = rawWord;
                var wordWidth = font.Measure(word);
                var limit = lines.Count == 0 ? firstWidth : width;
                if (line.Length > 0 && lineWidth + spaceWidth + wordWidth > limit)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                    lineWidth = 0;
                    limit = width;
                }
                while (line.Length == 0 && wordWidth > limit)
                {
                    var cut = word.Length - 1;
                    while (cut > 1 && font.Measure(word.AsSpan(0, cut)) > limit) cut--;
                    lines.Add(word[..cut]);
                    word = word[cut..];
                    wordWidth = font.Measure(word);
                    limit = width;
                }
                if (line.Length > 0)
                {
                    line.Append(' ');
                    lineWidth += spaceWidth;
                }
                line.Append(word);
                lineWidth += wordWidth;
            }
            lines.Add(line.ToString());
        }
        return lines;
    }

    /// <summary>
    /// One style at one size in both subsets of the typeface. Each string is measured and drawn with the primary
    /// subset when it has every letter, otherwise with the extended one (the same glyphs and advances for Latin),
    /// so the extended font is embedded only in documents that print such a letter.
    /// Unhinted, linear advances: hinting rounds each glyph's advance to whole pixels, and the PDF would then place
    /// glyphs off their own widths, which text extraction reads as spaces inside words ("H andlingsplan").
    /// </summary>
    private sealed class StyledFont(bool bold, float size) : IDisposable
    {
        private readonly SKFont _primary = Create(bold ? PdfFonts.Bold : PdfFonts.Regular, size);
        private SKFont? _extended;

        public SKFontMetrics Metrics => _primary.Metrics;

        public SKFont For(ReadOnlySpan<char> text)
        {
            if (PdfFonts.For(bold, text) == _primary.Typeface) return _primary;
            return _extended ??= Create(bold ? PdfFonts.BoldExtended : PdfFonts.RegularExtended, size);
        }

        public float Measure(string text) => For(text).MeasureText(text);

        public float Measure(ReadOnlySpan<char> text) => For(text).MeasureText(text);

        private static SKFont Create(SKTypeface typeface, float size) => new(typeface, size)
        {
            Hinting = SKFontHinting.None,
            Subpixel = true,
            LinearMetrics = true,
        };

        public void Dispose()
        {
            _primary.Dispose();
            _extended?.Dispose();
        }
    }

    public void Dispose()
    {
        _paint.Dispose();
        _stroke.Dispose();
        foreach (var font in _fonts.Values) font.Dispose();
    }
}
