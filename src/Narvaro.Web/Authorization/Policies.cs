using Microsoft.AspNetCore.Authorization;
using Narvaro.Domain;

namespace Narvaro.Web.Authorization;

/// <summary>
/// Named authorisation policies. Every page requires a signed-in member of staff (the fallback policy);
/// a feature narrows it with <c>[Authorize(Policy = Policies.Rektor)]</c> and then limits the data to
/// <see cref="ISchoolAccess"/>.
/// </summary>
public static class Policies
{
    public static readonly AuthorizationPolicy AuthenticatedStaff =
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();

    /// <summary>One policy per role, exactly that role: "Role:Mentor", "Role:Rektor", …</summary>
    public static string ForRole(string role) => "Role:" + role;

    public const string Admin = "Role:" + StaffRoles.Admin;
    public const string Skolchef = "Role:" + StaffRoles.Skolchef;
    public const string Rektor = "Role:" + StaffRoles.Rektor;
    public const string Mentor = "Role:" + StaffRoles.Mentor;
    public const string Skolkurator = "Role:" + StaffRoles.Skolkurator;
    public const string Specialpedagog = "Role:" + StaffRoles.Specialpedagog;
    public const string Skolskoterska = "Role:" + StaffRoles.Skolskoterska;
    public const string Skolpsykolog = "Role:" + StaffRoles.Skolpsykolog;

    /// <summary>Elevhälsans professioner: skolkurator, specialpedagog, skolsköterska, skolpsykolog.</summary>
    public const string StudentHealth = "StudentHealth";

    /// <summary>EHT as the action plan convenes it: the rector together with elevhälsan.</summary>
    public const string Eht = "Eht";

    /// <summary>Those who lead a school or the huvudman: rektor, skolchef.</summary>
    public const string SchoolLeadership = "SchoolLeadership";

    public static AuthorizationBuilder AddNarvaroPolicies(this AuthorizationBuilder builder)
    {
        foreach (var role in StaffRoles.All)
            builder.AddPolicy(ForRole(role), p => p.RequireAuthenticatedUser().RequireRole(role));
        builder.AddPolicy(StudentHealth, p => p.RequireAuthenticatedUser().RequireRole(StaffRoles.StudentHealth));
        builder.AddPolicy(Eht, p => p.RequireAuthenticatedUser().RequireRole([StaffRoles.Rektor, .. StaffRoles.StudentHealth]));
        builder.AddPolicy(SchoolLeadership, p => p.RequireAuthenticatedUser().RequireRole(StaffRoles.Rektor, StaffRoles.Skolchef));
        return builder;
    }
}
