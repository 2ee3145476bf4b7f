using System.ComponentModel.DataAnnotations;

namespace Narvaro.Web.Features.Import;

/// <summary>Configuration section "Import": the web upload of pupils.csv and attendance.csv.</summary>
public sealed class ImportOptions
{
    public const string Section = "Import";

    /// <summary>Largest file accepted. 100 MiB holds about two million attendance rows.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>
    /// Where uploaded files wait between preview and commit; never under wwwroot. With several web nodes this
    /// must be a volume they share, like the data-protection key ring. Empty: a folder in the system temp directory.
    /// </summary>
    public string? UploadPath { get; set; }

    /// <summary>An upload not committed or cancelled within this time is deleted.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan UploadLifetime { get; set; } = TimeSpan.FromHours(1);

    public string ResolvedUploadPath =>
        string.IsNullOrWhiteSpace(UploadPath) ? Path.Combine(Path.GetTempPath(), "narvaro-import-uploads") : UploadPath;
}
