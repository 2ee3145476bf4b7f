namespace Narvaro.Import;

/// <summary>Why one line of a file was rejected. Line is 1-based and counts physical lines; the header is line 1.</summary>
public sealed record ImportError(int Line, string Message)
{
    public override string ToString() => $"Rad {Line}: {Message}";
}

/// <summary>
/// Counts every error but keeps only the <see cref="MaxListed"/> with the lowest line numbers, so a file where
/// every one of a million rows is wrong still uses little memory.
/// </summary>
public sealed class ImportErrorCollector
{
    public const int MaxListed = 200;

    private List<ImportError> _errors = [];

    public int Count { get; private set; }

    public void Add(int line, string message)
    {
        Count++;
        _errors.Add(new ImportError(line, message));
        if (_errors.Count >= 2 * MaxListed)
            Trim();
    }

    /// <summary>The listed errors, in line order.</summary>
    public IReadOnlyList<ImportError> Listed()
    {
        Trim();
        return _errors.ToList();
    }

    // OrderBy is stable: errors on the same line keep the order they were found in.
    private void Trim() => _errors = _errors.OrderBy(e => e.Line).Take(MaxListed).ToList();
}
