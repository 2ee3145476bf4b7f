using Narvaro.Absence;
using Narvaro.Domain;

namespace Narvaro.Escalation.Rules;

/// <summary>Step 5, "Vid ytterligare upprepad frånvaro – &gt; 20 %/månad": absence % strictly above the skolchef threshold (evaluated pupils).</summary>
public static class FurtherAbsenceRule
{
    public const int Step = 5;

    public static bool Applies(AbsenceMeasures measures, PolicySettings policy) =>
        measures.IsEvaluated(policy.MinSchoolDays) && measures.AbsenceAbove(policy.SkolchefThresholdPercent);
}
