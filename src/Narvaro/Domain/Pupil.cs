namespace Narvaro.Domain;

public class Pupil
{
    public int Id { get; set; }
    /// <summary>The stable id from the school administration system (elev_id); imports upsert by it.</summary>
    public required string ExternalId { get; set; }
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    /// <summary>Årskurs: "F" for förskoleklass, otherwise 1–9 (or 1–4 in upper secondary).</summary>
    public required string GradeLevel { get; set; }
    public int SchoolId { get; set; }
    public School? School { get; set; }
    public int ClassId { get; set; }
    public SchoolClass? Class { get; set; }
    public string? MentorId { get; set; }
    public StaffUser? Mentor { get; set; }
    /// <summary>Personnummer: stored for matching, never shown in full (see <see cref="PersonalIdentity.Mask"/>).</summary>
    public string? PersonalIdentityNumber { get; set; }
    /// <summary>Skyddad identitet: address and contact details must not be shown or sent.</summary>
    public bool ProtectedIdentity { get; set; }
    public List<Guardian> Guardians { get; set; } = [];

    public string FullName => $"{FirstName} {LastName}";

    /// <summary>What every import (CSV or SS 12000) says about a pupil: name, årskurs, school, class and mentor.</summary>
    public void UpdateFromImport(string firstName, string lastName, string gradeLevel, School school, SchoolClass schoolClass, StaffUser? mentor)
    {
        FirstName = firstName;
        LastName = lastName;
        GradeLevel = gradeLevel;
        School = school;
        Class = schoolClass;
        Mentor = mentor;
        MentorId = mentor?.Id;
    }
}
