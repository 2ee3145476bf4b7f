using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;

namespace Narvaro.Cli.Commands;

public sealed class MigrateCommand : ICliCommand
{
    public bool ChangesData => true;
    public string Name => "migrate";
    public string Usage => "migrate                                   uppdatera databasen (migreringar)";

    public async Task<int> RunAsync(CliArgs args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        output.WriteLine(pending.Count == 0
            ? "Databasen är redan uppdaterad."
            : $"Körde {pending.Count} migrering(ar): {string.Join(", ", pending)}");
        return 0;
    }
}
