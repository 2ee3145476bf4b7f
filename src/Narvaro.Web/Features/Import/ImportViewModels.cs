using System.Globalization;

namespace Narvaro.Web.Features.Import;

/// <summary>The upload form, with what went wrong on the last attempt and any message from the step before.</summary>
public sealed class ImportFormViewModel
{
    public ImportUploadInputModel Input { get; init; } = new();
    public required string MaxUploadText { get; init; }
    /// <summary>A notice carried over a redirect, e.g. that an upload was cancelled.</summary>
    public string? Notice { get; init; }
}

/// <summary>One line of what an import does: "Nya rader" — "1 200".</summary>
public sealed record ImportFact(string Label, string Value);

/// <summary>What a stored upload would do if committed, or why it cannot be.</summary>
public sealed class ImportPreviewViewModel
{
    public required string UploadId { get; init; }
    public required ImportKind Kind { get; init; }
    public required string FileName { get; init; }
    public required string SizeText { get; init; }
    public required IReadOnlyList<ImportFact> Facts { get; init; }
    /// <summary>"Rad N: …" for each listed error, and "… och N fel till" when not every error is listed.</summary>
    public required IReadOnlyList<string> Errors { get; init; }
    public required int ErrorCount { get; init; }
    /// <summary>True when the errors come from the commit itself (the database changed after the preview).</summary>
    public bool RejectedAtCommit { get; init; }

    public bool CanCommit => ErrorCount == 0 && !RejectedAtCommit;
}

/// <summary>The confirmation after a committed import.</summary>
public sealed class ImportDoneViewModel
{
    public required string KindLabel { get; init; }
    public required string FileName { get; init; }
    public required IReadOnlyList<ImportFact> Facts { get; init; }
}

public static class SwedishFormat
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public static string Number(int value) => value.ToString("N0", Swedish);

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / (1024d * 1024)).ToString("0.#", Swedish) + " MB",
        >= 1024 => (bytes / 1024d).ToString("0.#", Swedish) + " kB",
        _ => bytes.ToString(Swedish) + " byte",
    };
}
