using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Narvaro.Tests.Infrastructure;

/// <summary>
/// Every row of the tables an import can touch (CSV or SS 12000), each value with its type, sorted: equal dumps mean
/// an unchanged database. <see cref="ChecksumAsync"/> hashes the same rows and, on SQLite, adds the database file
/// itself, for "byte-for-byte unchanged" (a server database has no file; its rows are the check).
/// </summary>
public static class DatabaseDump
{
    private static readonly string[] Tables =
    [
        "Organisations", "Schools", "Classes", "Pupils", "Guardians", "AspNetUsers", "AspNetUserRoles", "RoleAssignments",
        "Attendance",
    ];

    /// <summary>Each table's name, row count and rows, as text.</summary>
    public static async Task<string> TakeAsync(TestDatabase database)
    {
        var dump = new StringBuilder();
        foreach (var (table, rows) in await RowsAsync(database))
        {
            dump.Append(table).Append(": ").Append(rows.Count).Append('\n');
            foreach (var row in rows) dump.Append(row).Append('\n');
        }
        return dump.ToString();
    }

    /// <summary>A SHA-256 per table over its rows, and one of the database file.</summary>
    public static async Task<string> ChecksumAsync(TestDatabase database)
    {
        var result = new StringBuilder();
        foreach (var (table, rows) in await RowsAsync(database))
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001E', rows)));
            result.Append(table).Append(' ').Append(rows.Count).Append(' ').Append(Convert.ToHexString(hash)).Append('\n');
        }
        if (database.Provider == Narvaro.Data.DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            result.Append("file ").Append(Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(database.Path))));
        }
        return result.ToString();
    }

    private static async Task<List<(string Table, List<string> Rows)>> RowsAsync(TestDatabase database)
    {
        var tables = new List<(string, List<string>)>();
        await using var context = database.CreateContext();
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        foreach (var table in Tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                var row = new StringBuilder();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.GetValue(i);
                    row.Append(value switch
                    {
                        DBNull => "N",
                        byte[] blob => "B" + Convert.ToHexString(blob),
                        _ => value.GetType().Name[0] + Convert.ToString(value, CultureInfo.InvariantCulture),
                    }).Append('\u001F');
                }
                rows.Add(row.ToString());
            }
            rows.Sort(StringComparer.Ordinal);
            tables.Add((table, rows));
        }
        return tables;
    }
}
