using Xunit;

namespace Narvaro.Testing;

/// <summary>
/// A test of something only SQLite has (its native API, its query plans, its file, its change counter). On another
/// provider it is reported as skipped with the reason, so the run says what it did not cover.
/// </summary>
public sealed class SqliteOnlyFactAttribute : FactAttribute
{
    public SqliteOnlyFactAttribute(string why)
    {
        if (!TestProvider.IsSqlite) Skip = $"SQLite only: {why}";
    }
}

/// <inheritdoc cref="SqliteOnlyFactAttribute"/>
public sealed class SqliteOnlyTheoryAttribute : TheoryAttribute
{
    public SqliteOnlyTheoryAttribute(string why)
    {
        if (!TestProvider.IsSqlite) Skip = $"SQLite only: {why}";
    }
}
