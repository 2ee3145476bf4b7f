namespace Narvaro.Import;

/// <summary>
/// The outcome of validating (and, for an import, writing) one file. A file with any error is rejected whole:
/// <see cref="Summary"/> is then null and nothing was written.
/// </summary>
public sealed class ImportResult<TSummary> where TSummary : class
{
    public required TSummary? Summary { get; init; }
    /// <summary>The errors with the lowest line numbers, at most <see cref="ImportErrorCollector.MaxListed"/>.</summary>
    public required IReadOnlyList<ImportError> Errors { get; init; }
    /// <summary>Every error found, listed or not.</summary>
    public required int ErrorCount { get; init; }
    /// <summary>True when the database was changed (an import of a clean file); false for previews and rejections.</summary>
    public required bool Written { get; init; }

    public bool Succeeded => ErrorCount == 0 && Summary is not null;

    /// <summary>"Rad N: reason" for each listed error, then "… och N fel till" when some were left out.</summary>
    public IReadOnlyList<string> ErrorMessages()
    {
        var lines = Errors.Select(e => e.ToString()).ToList();
        if (ErrorCount > Errors.Count)
            lines.Add($"… och {ErrorCount - Errors.Count} fel till");
        return lines;
    }

    internal static ImportResult<TSummary> Rejected(ImportErrorCollector errors) =>
        new() { Summary = null, Errors = errors.Listed(), ErrorCount = errors.Count, Written = false };

    internal static ImportResult<TSummary> Accepted(TSummary summary, bool written) =>
        new() { Summary = summary, Errors = [], ErrorCount = 0, Written = written };
}

/// <summary>What a pupil file does (or would do): pupils counted by whether their elev_id already existed.</summary>
public sealed record PupilImportSummary(
    int Rows, int NewPupils, int UpdatedPupils, int NewSchools, int NewClasses, int NewMentorAccounts);

/// <summary>What an attendance file does (or would do): rows counted by whether their key already existed.</summary>
public sealed record AttendanceImportSummary(
    int Rows, int Pupils, DateOnly FirstDate, DateOnly LastDate, int NewRows, int ReplacedRows);
