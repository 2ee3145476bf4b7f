namespace Narvaro.Domain;

/// <summary>
/// A huvudman's own role and due offset for one task code of the staircase. Codes without a row use the
/// defaults of <see cref="Escalation.TaskCatalog"/>.
/// </summary>
public class PolicyTaskSetting
{
    public int OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public required string Code { get; set; }
    public required string Role { get; set; }
    public int DueDays { get; set; }
}
