using Narvaro.Domain;

namespace Narvaro.Escalation;

/// <summary>
/// The built-in policies a huvudman can start from. Changing a huvudman's policy goes through
/// <see cref="PolicyAdministration"/>, which validates, keeps the change (PolicyChange) and audits it.
/// </summary>
public sealed class PolicyService
{
    /// <summary>The built-in policies a huvudman can start from.</summary>
    public static PolicySettings BuiltIn(PolicyKind kind) => kind switch
    {
        PolicyKind.Narvarohjulet => new PolicySettings { Kind = PolicyKind.Narvarohjulet },
        _ => PolicySettings.Trosa(),
    };
}
