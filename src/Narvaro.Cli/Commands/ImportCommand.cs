using Microsoft.Extensions.DependencyInjection;
using Narvaro.Import;
using Narvaro.Ss12000;

namespace Narvaro.Cli.Commands;

/// <summary>
/// narvaro import pupils|attendance FILE and narvaro import ss12000 --from --to: exit 0 when imported, 1 when the file
/// is rejected or the source fails, 2 on wrong usage.
/// </summary>
public sealed class ImportCommand : ICliCommand
{
    public const string Pupils = "pupils";
    public const string Attendance = "attendance";
    public const string Ss12000 = "ss12000";

    public bool ChangesData => true;
    public string Name => "import";
    public string Usage =>
        "import pupils|attendance FIL              importera elever eller närvaro från CSV\n" +
        "import ss12000 --from DATUM --to DATUM [--source NAMN]   hämta från de konfigurerade SS 12000-källorna";

    public async Task<int> RunAsync(CliArgs args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Positional.Count >= 2 && args.Positional[1] == Ss12000)
            return await ImportSs12000Async(args, services, output, error, cancellationToken);
        if (args.Positional.Count < 3)
            throw new CliUsageException("Ange vad som ska importeras (pupils eller attendance) och CSV-filen.");
        if (args.Positional.Count > 3)
            throw new CliUsageException($"För många argument: {string.Join(' ', args.Positional.Skip(3))}");
        var kind = args.Positional[1];
        var path = args.Positional[2];
        if (kind is not (Pupils or Attendance))
            throw new CliUsageException($"Okänd typ av import \"{kind}\". Ange pupils, attendance eller ss12000.");
        if (!File.Exists(path))
            throw new CliUsageException($"Filen \"{path}\" finns inte.");

        await using var scope = services.CreateAsyncScope();
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024,
            FileOptions.Asynchronous | FileOptions.SequentialScan);
        var fileName = Path.GetFileName(path);

        if (kind == Pupils)
        {
            var result = await scope.ServiceProvider.GetRequiredService<PupilImporter>().ImportAsync(file, cancellationToken);
            if (!result.Succeeded) return Rejected(fileName, result.ErrorCount, result.ErrorMessages(), error);
            var s = result.Summary!;
            output.WriteLine($"Importerade {s.Rows} elever från {fileName}.");
            output.WriteLine($"  Nya elever: {s.NewPupils}, uppdaterade elever: {s.UpdatedPupils}");
            output.WriteLine($"  Nya skolor: {s.NewSchools}, nya klasser: {s.NewClasses}");
            output.WriteLine($"  Nya mentorskonton: {s.NewMentorAccounts} (kan logga in först när en administratör har bjudit in dem)");
        }
        else
        {
            var result = await scope.ServiceProvider.GetRequiredService<AttendanceImporter>().ImportAsync(file, cancellationToken);
            if (!result.Succeeded) return Rejected(fileName, result.ErrorCount, result.ErrorMessages(), error);
            var s = result.Summary!;
            output.WriteLine($"Importerade {s.Rows} närvarorader från {fileName}.");
            output.WriteLine($"  Elever: {s.Pupils}, datum: {s.FirstDate:yyyy-MM-dd} – {s.LastDate:yyyy-MM-dd}");
            output.WriteLine($"  Nya rader: {s.NewRows}, ersatta rader: {s.ReplacedRows}");
        }
        return 0;
    }

    private static async Task<int> ImportSs12000Async(CliArgs args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Positional.Count > 2)
            throw new CliUsageException($"För många argument: {string.Join(' ', args.Positional.Skip(2))}");
        var from = args.GetDate("--from") ?? throw new CliUsageException("Flaggan --from måste anges.");
        var to = args.GetDate("--to") ?? throw new CliUsageException("Flaggan --to måste anges.");
        if (to < from)
            throw new CliUsageException($"--to ({to:yyyy-MM-dd}) får inte vara före --from ({from:yyyy-MM-dd}).");

        await using var scope = services.CreateAsyncScope();
        try
        {
            var summary = await scope.ServiceProvider.GetRequiredService<Ss12000Import>()
                .ImportAsync(from, to, args.Get("--source"), cancellationToken);
            output.WriteLine($"Importerade från SS 12000, {summary.From:yyyy-MM-dd} – {summary.To:yyyy-MM-dd}.");
            foreach (var s in summary.Sources)
            {
                output.WriteLine($"  {s.Source}: {s.Schools} skolor, {s.Pupils} elever ({s.NewPupils} nya), {s.Lessons} närvarorader " +
                    $"(varav {s.NotReportedLessons} ej rapporterade lektioner utan närvaropost), " +
                    $"{s.CancelledLessons} inställda lektioner och {s.NotAttendanceEvents} händelser som inte närvarorapporteras hoppades över, " +
                    $"{s.NewMentorAccounts} nya mentorskonton");
            }
            return 0;
        }
        catch (Ss12000Exception ex)
        {
            error.WriteLine(ex.Message);
            foreach (var detail in ex.Details)
                error.WriteLine(detail);
            return 1;
        }
    }

    private static int Rejected(string fileName, int errorCount, IReadOnlyList<string> messages, TextWriter error)
    {
        error.WriteLine($"{fileName} avvisades med {errorCount} fel. Ingenting har ändrats i databasen.");
        foreach (var message in messages)
            error.WriteLine(message);
        return 1;
    }
}
