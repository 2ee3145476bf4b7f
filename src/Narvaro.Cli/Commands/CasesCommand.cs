using Microsoft.Extensions.DependencyInjection;
using Narvaro.Escalation;

namespace Narvaro.Cli.Commands;

/// <summary>The open cases with their tasks, as JSON sorted by elev_id.</summary>
public sealed class CasesCommand : ICliCommand
{
    public string Name => "cases";
    public string Usage => "cases --format json                          öppna ärenden med uppgifter";

    public async Task<int> RunAsync(CliArgs args, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        JsonOutput.RequireJson(args);
        await using var scope = services.CreateAsyncScope();
        var cases = await scope.ServiceProvider.GetRequiredService<CaseQueries>().OpenCasesAsync(cancellationToken);
        JsonOutput.Write(output, json =>
        {
            json.WriteStartArray();
            foreach (var c in cases)
            {
                json.WriteStartObject();
                json.WriteString("pupilId", c.ExternalId);
                json.WriteNumber("step", c.Step);
                json.WriteBoolean("continuousInvalid", c.ContinuousInvalid);
                json.WriteNumber("late", c.LateLevel);
                json.WriteString("openedOn", c.OpenedOn.ToString("yyyy-MM-dd"));
                json.WriteStartArray("tasks");
                foreach (var t in c.Tasks)
                {
                    json.WriteStartObject();
                    json.WriteString("code", t.Code);
                    json.WriteString("role", t.Role);
                    json.WriteString("due", t.Due.ToString("yyyy-MM-dd"));
                    json.WriteString("status", t.Status.ToString());
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        });
        return 0;
    }
}
