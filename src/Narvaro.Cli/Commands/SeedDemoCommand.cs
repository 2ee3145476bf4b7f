using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Demo;
using Narvaro.Domain;

namespace Narvaro.Cli.Commands;

/// <summary>narvaro seed-demo: creates the synthetic demo huvudman in an empty database.</summary>
public sealed class SeedDemoCommand : ICliCommand
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public bool ChangesData => true;
    public string Name => "seed-demo";
    public string Usage => "seed-demo [--pupils N] [--from DATUM] [--to DATUM]   skapa demokommunen med syntetiska elever";

    public async Task<int> RunAsync(CliArgs args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var options = new DemoSeedOptions();
        var pupils = args.GetInt("--pupils");
        if (pupils is not null)
        {
            if (pupils < 1) throw new CliUsageException("--pupils måste vara minst 1.");
            options = options with { Pupils = pupils.Value };
        }
        options = options with { From = args.GetDate("--from"), To = args.GetDate("--to") };
        if (options.From > options.To)
            throw new CliUsageException("--from får inte ligga efter --to.");

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        await db.Database.MigrateAsync(cancellationToken);

        DemoSeedResult result;
        try
        {
            output.WriteLine($"Skapar demokommunen med {Number(options.Pupils)} elever …");
            result = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(options, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            error.WriteLine(ex.Message);
            return 1;
        }
        catch (ArgumentException ex)
        {
            error.WriteLine(ex.Message);
            return 2;
        }

        output.WriteLine($"Klart på {Duration(result.Elapsed)}.");
        output.WriteLine($"  Skolor:          {Number(result.Schools)}");
        output.WriteLine($"  Klasser:         {Number(result.Classes)}");
        output.WriteLine($"  Elever:          {Number(result.Pupils)}");
        output.WriteLine($"  Vårdnadshavare:  {Number(result.Guardians)}");
        output.WriteLine($"  Personal:        {Number(result.StaffUsers)}");
        output.WriteLine($"  Närvarorader:    {Number(result.AttendanceRows)}");
        output.WriteLine($"  Period:          {result.From:yyyy-MM-dd} – {result.To:yyyy-MM-dd}");
        output.WriteLine();
        output.WriteLine($"Demoinloggningar (lösenord för alla: {DemoSeeder.DemoPassword}):");
        foreach (var login in result.Logins)
            output.WriteLine($"  {StaffRoles.DisplayName(login.Role),-16} {login.Email,-44} {login.School}");
        return 0;
    }

    private static string Number(long value) => value.ToString("N0", Swedish);

    private static string Duration(TimeSpan elapsed) =>
        elapsed.TotalMinutes >= 1
            ? $"{(int)elapsed.TotalMinutes} min {elapsed.Seconds} s"
            : $"{elapsed.TotalSeconds.ToString("0.0", Swedish)} s";
}
