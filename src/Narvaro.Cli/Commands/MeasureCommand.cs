using Microsoft.Extensions.DependencyInjection;
using Narvaro.Absence;

namespace Narvaro.Cli.Commands;

/// <summary>Every pupil's measures as of a date, as JSON sorted by elev_id.</summary>
public sealed class MeasureCommand : ICliCommand
{
    public string Name => "measure";
    public string Usage => "measure --as-of DATUM --format json      frånvaromått för alla elever";

    public async Task<int> RunAsync(CliArgs args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var asOf = args.GetDate("--as-of") ?? throw new CliUsageException("Flaggan --as-of måste anges.");
        JsonOutput.RequireJson(args);
        await using var scope = services.CreateAsyncScope();
        var measures = await scope.ServiceProvider.GetRequiredService<MeasureService>().RollingAsync(asOf, cancellationToken);
        JsonOutput.Write(output, json =>
        {
            json.WriteStartArray();
            foreach (var pupil in measures)
            {
                var m = pupil.Measures;
                json.WriteStartObject();
                json.WriteString("pupilId", pupil.ExternalId);
                json.WriteBoolean("evaluated", pupil.Evaluated);
                json.WriteNumber("schoolDays", m.SchoolDays);
                json.WriteNumber("offeredMinutes", m.OfferedMinutes);
                json.WriteNumber("reportedMinutes", m.ReportedMinutes);
                json.WriteNumber("absentMinutes", m.AbsentMinutes);
                json.WriteNumber("absencePercent", JsonOutput.Percent(m.AbsencePercent));
                json.WriteNumber("invalidPercent", JsonOutput.Percent(m.InvalidPercent));
                json.WriteNumber("coveragePercent", JsonOutput.Percent(m.CoveragePercent));
                json.WriteNumber("lateArrivals", m.LateArrivals);
                json.WriteNumber("invalidStreakDays", m.InvalidStreakDays);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        });
        return 0;
    }
}
