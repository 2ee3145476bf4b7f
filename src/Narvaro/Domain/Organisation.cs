namespace Narvaro.Domain;

/// <summary>A huvudman (municipality or independent school organiser) and the policy its schools follow.</summary>
public class Organisation
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Organisationsnummer, when known.</summary>
    public string? OrganisationNumber { get; set; }
    public PolicySettings Policy { get; set; } = PolicySettings.Trosa();
    public List<School> Schools { get; set; } = [];
}
