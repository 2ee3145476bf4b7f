namespace Narvaro.Domain;

/// <summary>A vårdnadshavare of one pupil.</summary>
public class Guardian
{
    public int Id { get; set; }
    public int PupilId { get; set; }
    public Pupil? Pupil { get; set; }
    public required string Name { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
}
