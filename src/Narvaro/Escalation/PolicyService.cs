using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Escalation;

/// <summary>Reads and changes a huvudman's policy; settings that make no sense are refused.</summary>
public sealed class PolicyService(NarvaroDbContext db)
{
    /// <summary>The built-in policies a huvudman can start from.</summary>
    public static PolicySettings BuiltIn(PolicyKind kind) => kind switch
    {
        PolicyKind.Narvarohjulet => new PolicySettings { Kind = PolicyKind.Narvarohjulet },
        _ => PolicySettings.Trosa(),
    };

    public async Task UpdateAsync(int organisationId, PolicySettings settings, IReadOnlyList<PolicyTaskSetting> tasks, CancellationToken cancellationToken = default)
    {
        var errors = settings.Validate().ToList();
        foreach (var task in tasks)
        {
            if (!TaskCatalog.IsKnown(task.Code)) errors.Add($"Okänd uppgiftskod {task.Code}.");
            if (!Enum.TryParse<TaskRole>(task.Role, out _)) errors.Add($"Okänd roll {task.Role} för {task.Code}.");
            if (task.DueDays is < 0 or > 90) errors.Add($"Tiden för {task.Code} måste vara 0–90 dagar.");
        }
        if (errors.Count > 0) throw new PolicyValidationException(errors);

        var organisation = await db.Organisations.SingleAsync(o => o.Id == organisationId, cancellationToken);
        organisation.Policy = settings;
        db.PolicyTasks.RemoveRange(db.PolicyTasks.Where(t => t.OrganisationId == organisationId));
        db.PolicyTasks.AddRange(tasks.Select(t => new PolicyTaskSetting
        {
            OrganisationId = organisationId, Code = t.Code, Role = t.Role, DueDays = t.DueDays,
        }));
        await db.SaveChangesAsync(cancellationToken);
    }
}

public sealed class PolicyValidationException(IReadOnlyList<string> errors) : Exception(string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
