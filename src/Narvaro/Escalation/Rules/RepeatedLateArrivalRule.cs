using Narvaro.Absence;
using Narvaro.Domain;

namespace Narvaro.Escalation.Rules;

/// <summary>
/// "Sen ankomst" (rule L1): "När en elev kommit för sent upprepade gånger kontaktar mentor/klassläraren
/// vårdnadshavaren" — late arrivals in the window ≥ the contact threshold.
/// </summary>
public static class RepeatedLateArrivalRule
{
    public const int Level = 1;

    public static bool Applies(AbsenceMeasures measures, PolicySettings policy) =>
        measures.LateArrivals >= policy.LateContactThreshold;
}
