using SkiaSharp;

namespace Narvaro.Documents.Layout;

/// <summary>
/// The unit the paginator places: an unbreakable strip of the content column, already measured.
/// A paragraph becomes one block per line, so long text breaks between lines and never inside one.
/// </summary>
internal sealed class Block(float height, Action<SKCanvas, float, float> draw)
{
    public float Height { get; } = height;
    /// <summary>Space above the block, dropped when the block starts a page.</summary>
    public float SpaceBefore { get; init; }
    /// <summary>Place this block on the same page as the next one (headings, the first lines of a group).</summary>
    public bool KeepWithNext { get; set; }
    public bool PageBreakBefore { get; init; }
    /// <summary>Drawn again at the top of a page when a table continues there (its header row).</summary>
    public Block? RepeatOnNewPage { get; init; }
    /// <summary>Draws at (left, top) of the block.</summary>
    public Action<SKCanvas, float, float> Draw { get; } = draw;

    public static Block PageBreak() => new(0, (_, _, _) => { }) { PageBreakBefore = true };
}
