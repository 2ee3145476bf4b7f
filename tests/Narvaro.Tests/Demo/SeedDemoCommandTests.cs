using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Narvaro.Cli;
using Narvaro.Demo;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Demo;

public class SeedDemoCommandTests
{
    [Fact]
    public async Task SeedAsync_NoDates_EndsYesterdayInStockholmWithThirtySchoolDays()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        // 22:30 UTC on 13 October is already 14 October in Stockholm (CEST), so yesterday is the 13th.
        var clock = new StoppedClock(new DateTimeOffset(2026, 10, 13, 22, 30, 0, TimeSpan.Zero));

        var result = await new DemoSeeder(db, clock).SeedAsync(new DemoSeedOptions { Pupils = 12 });

        Assert.Equal(new DateOnly(2026, 10, 13), result.To);
        Assert.Equal(30, SwedishSchoolCalendar.CountSchoolDays(result.From, result.To));
        Assert.True(SwedishSchoolCalendar.IsSchoolDay(result.From));
        Assert.Equal(result.From, await db.Attendance.MinAsync(a => a.Date));
        Assert.Equal(12, await db.Pupils.CountAsync());
    }

    [Fact]
    public async Task SeedAsync_FromAfterTo_ThrowsWithoutWriting()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        var options = new DemoSeedOptions { Pupils = 10, From = new DateOnly(2026, 10, 2), To = new DateOnly(2026, 10, 1) };

        await Assert.ThrowsAsync<ArgumentException>(() => new DemoSeeder(db, TimeProvider.System).SeedAsync(options));
        Assert.False(await db.Organisations.AnyAsync());
    }

    [Fact]
    public async Task RunAsync_FreshFile_MigratesSeedsAndPrintsLogins()
    {
        var path = Path.Combine(Path.GetTempPath(), $"narvaro-seed-{Guid.NewGuid():N}.db");
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var exit = await NarvaroCli.RunAsync(
                ["--db", path, "seed-demo", "--pupils", "30", "--from", "2026-09-01", "--to", "2026-09-30"], output, error);

            Assert.True(exit == 0, error.ToString());
            var text = output.ToString();
            Assert.Contains("Elever:          30", text);
            Assert.Contains("Period:          2026-09-01 – 2026-09-30", text);
            Assert.Contains(DemoSeeder.DemoPassword, text);
            Assert.Contains("admin@sjovik.demo", text);
            Assert.Contains("Skolsköterska", text);

            var again = new StringWriter();
            var secondError = new StringWriter();
            Assert.Equal(1, await NarvaroCli.RunAsync(["--db", path, "seed-demo", "--pupils", "5"], again, secondError));
            Assert.Contains("redan elever", secondError.ToString());

            var options = new DbContextOptionsBuilder<Narvaro.Data.NarvaroDbContext>()
                .UseSqlite(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()).Options;
            await using var db = new Narvaro.Data.NarvaroDbContext(options);
            Assert.Equal(30, await db.Pupils.CountAsync());
            // The bulk-load settings were put back (EF creates SQLite files in WAL mode) and the dropped index recreated.
            Assert.Equal("wal", await Scalar(db, "PRAGMA journal_mode"));
            Assert.Equal("IX_Attendance_Date", await Scalar(db, "SELECT name FROM sqlite_master WHERE name = 'IX_Attendance_Date'"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
                File.Delete(path + suffix);
        }
    }

    [Theory]
    [InlineData("--pupils", "0")]
    [InlineData("--from", "2026-10-02", "--to", "2026-10-01")]
    [InlineData("--to", "2026-13-01")]
    public async Task RunAsync_InvalidOptions_ExitsWithUsage(params string[] options)
    {
        var error = new StringWriter();
        var exit = await NarvaroCli.RunAsync(["--db", Path.Combine(Path.GetTempPath(), "never-created.db"), "seed-demo", .. options],
            new StringWriter(), error);
        Assert.Equal(2, exit);
        Assert.Contains("användning: narvaro seed-demo", error.ToString());
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "never-created.db")));
    }

    private static async Task<string> Scalar(Narvaro.Data.NarvaroDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
