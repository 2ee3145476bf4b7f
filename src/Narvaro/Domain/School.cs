namespace Narvaro.Domain;

public class School
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    /// <summary>Skolenhetskod from Skolverket's register (8 digits).</summary>
    public required string SchoolUnitCode { get; set; }
    public required string Name { get; set; }
    public List<SchoolClass> Classes { get; set; } = [];
}
