using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Narvaro.Tests.Infrastructure;

/// <summary>Counts and keeps the queries a context runs, for tests of a page's query count and plans.</summary>
public sealed class CommandCounter : DbCommandInterceptor
{
    public int Count;
    public readonly List<string> Commands = [];

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Count);
        lock (Commands) Commands.Add(command.CommandText);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }
}
