using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Narvaro.Data;
using Narvaro.Demo;

namespace Narvaro.Web.Infrastructure;

/// <summary>Runs once before the app serves: applies migrations and, in development, fills an empty database with demo data.</summary>
public sealed class DatabaseInitializer(
    NarvaroDbContext db,
    DatabaseOptions database,
    IOptions<DatabaseStartupOptions> startup,
    IOptions<DemoOptions> demo,
    DemoSeeder seeder,
    DemoEvaluation evaluation,
    IHostEnvironment environment,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        // SQL Server deployments migrate with the one-shot `narvaro migrate`, never from several nodes at once.
        var migrate = startup.Value.MigrateOnStartup ?? database.Provider == DatabaseProvider.Sqlite;
        if (migrate)
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await db.Database.MigrateAsync(cancellationToken);
            if (pending.Count > 0)
                logger.LogInformation("Applied {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        }

        if (!demo.Value.SeedWhenEmpty || await db.Pupils.AnyAsync(cancellationToken)) return;

        logger.LogInformation("The database has no pupils; generating demo data (Demo:SeedWhenEmpty).");
        var result = await seeder.SeedAsync(new DemoSeedOptions(), cancellationToken);
        logger.LogInformation(
            "Demo data: {Schools} schools, {Pupils} pupils, {Rows} attendance rows in {Elapsed}.",
            result.Schools, result.Pupils, result.AttendanceRows, result.Elapsed);
        // Cases and tasks at once, not after the first night.
        var evaluated = await evaluation.RunAsync(result.From, result.To, cancellationToken);
        logger.LogInformation("Demo staircase evaluated for {Days} school days up to {To}; {Documents} forms attached.",
            evaluated.SchoolDaysEvaluated, result.To, evaluated.DocumentsAttached);
        // The password is printed only on a developer's machine, never into production logs.
        if (environment.IsDevelopment())
            DemoLoginPrinter.Write(Console.Out, result);
    }
}
