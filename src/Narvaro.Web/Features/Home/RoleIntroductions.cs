using Narvaro.Domain;

namespace Narvaro.Web.Features.Home;

/// <summary>What the start page tells each role about the work that follows (the action plan's steps).</summary>
public sealed record RoleIntroduction(string Heading, string Text);

public static class RoleIntroductions
{
    private static readonly RoleIntroduction StudentHealth = new(
        "Elevhälsans ärenden",
        "Elever som lyfts till EHT vid 15 % frånvaro, skolsociala och pedagogiska kartläggningar, hälsosamtal och de åtgärder elevhälsan följer upp.");

    /// <summary>One introduction per distinct area, in the order of the roles; the EHT roles share one.</summary>
    public static IReadOnlyList<RoleIntroduction> For(IEnumerable<string> roles) =>
        roles.Select(For).OfType<RoleIntroduction>().Distinct().ToList();

    public static RoleIntroduction? For(string role) => role switch
    {
        StaffRoles.Mentor => new(
            "Dina mentorselever och veckans samtal",
            "Elever med ogiltig frånvaro där vårdnadshavare ska kontaktas samma dag, veckans samtal med elever som var frånvarande förra veckan och checklistan vid 10 % frånvaro."),
        StaffRoles.Rektor => new(
            "Skolans frånvaroläge",
            "Elever som når handlingsplanens gränser, underlag från mentorer, uppdrag om kartläggning till EHT och anmälan till skolchef vid mer än 20 % frånvaro."),
        StaffRoles.Skolkurator or StaffRoles.Specialpedagog or StaffRoles.Skolskoterska or StaffRoles.Skolpsykolog => StudentHealth,
        StaffRoles.Skolchef => new(
            "Huvudmannens översikt",
            "Rektorernas anmälningar om elever med mer än 20 % frånvaro eller lång ogiltig frånvaro, och frånvaroläget på huvudmannens skolor."),
        StaffRoles.Admin => new(
            "Administration",
            "Konton och behörigheter, skolor, import av elever och närvarodata och inställningar för handlingsplanen."),
        _ => null,
    };
}
