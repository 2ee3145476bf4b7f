using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Escalation;

public sealed record CaseTaskSummary(string Code, string Role, DateOnly Due, CaseTaskStatus Status);

public sealed record OpenCaseSummary(
    int CaseId, int PupilId, string ExternalId, int Step, bool ContinuousInvalid, int LateLevel, DateOnly OpenedOn, IReadOnlyList<CaseTaskSummary> Tasks);

/// <summary>Read side of cases, projected for lists and the CLI.</summary>
public sealed class CaseQueries(NarvaroDbContext db)
{
    /// <summary>Every open case with its tasks (in the plan's order), sorted by elev_id.</summary>
    public async Task<List<OpenCaseSummary>> OpenCasesAsync(CancellationToken cancellationToken = default)
    {
        var cases = await db.Cases.AsNoTracking()
            .Where(c => c.ClosedOn == null)
            .Select(c => new
            {
                c.Id, c.PupilId, c.Pupil!.ExternalId, c.Step, c.ContinuousInvalid, c.LateLevel, c.OpenedOn,
                Tasks = c.Tasks.Select(t => new CaseTaskSummary(t.Code, t.Role, t.Due, t.Status)).ToList(),
            })
            .ToListAsync(cancellationToken);
        return cases
            .OrderBy(c => c.ExternalId, StringComparer.Ordinal)
            .Select(c => new OpenCaseSummary(c.Id, c.PupilId, c.ExternalId, c.Step, c.ContinuousInvalid, c.LateLevel, c.OpenedOn,
                c.Tasks.OrderBy(t => TaskCatalog.SortKey(t.Code)).ToList()))
            .ToList();
    }
}
