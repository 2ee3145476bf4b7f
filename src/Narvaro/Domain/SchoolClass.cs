namespace Narvaro.Domain;

public class SchoolClass
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public School? School { get; set; }
    public required string Name { get; set; }
}
