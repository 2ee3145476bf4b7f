namespace Narvaro.Domain;

public static class StaffRoles
{
    public const string Admin = "Admin";
    public const string Skolchef = "Skolchef";
    public const string Rektor = "Rektor";
    public const string Mentor = "Mentor";
    public const string Skolkurator = "Skolkurator";
    public const string Specialpedagog = "Specialpedagog";
    public const string Skolskoterska = "Skolskoterska";
    public const string Skolpsykolog = "Skolpsykolog";

    public static readonly IReadOnlyList<string> All =
        [Admin, Skolchef, Rektor, Mentor, Skolkurator, Specialpedagog, Skolskoterska, Skolpsykolog];

    /// <summary>Roles held over the whole huvudman (an assignment without a school).</summary>
    public static readonly IReadOnlyList<string> OrganisationWide = [Admin, Skolchef];

    /// <summary>Roles held at a school (an assignment with a school). Mentor is not among them: it is per pupil.</summary>
    public static readonly IReadOnlyList<string> SchoolRoles = [Rektor, Skolkurator, Specialpedagog, Skolskoterska, Skolpsykolog];

    /// <summary>The roles that make up elevhälsoteamet (EHT) together with the rector.</summary>
    public static readonly IReadOnlyList<string> StudentHealth = [Skolkurator, Specialpedagog, Skolskoterska, Skolpsykolog];

    /// <summary>The role's name as staff read it.</summary>
    public static string DisplayName(string role) => role switch
    {
        Admin => "Administratör",
        Skolchef => "Skolchef",
        Rektor => "Rektor",
        Mentor => "Mentor",
        Skolkurator => "Skolkurator",
        Specialpedagog => "Specialpedagog",
        Skolskoterska => "Skolsköterska",
        Skolpsykolog => "Skolpsykolog",
        _ => role,
    };
}
