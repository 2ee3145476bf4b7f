using Narvaro.Absence;
using Narvaro.Domain;

namespace Narvaro.Escalation.Rules;

/// <summary>Step 4, "Om fortsatt upprepad frånvaro – 15 %/månad": absence % ≥ the EHT threshold (evaluated pupils).</summary>
public static class ContinuedAbsenceRule
{
    public const int Step = 4;

    public static bool Applies(AbsenceMeasures measures, PolicySettings policy) =>
        measures.IsEvaluated(policy.MinSchoolDays) && measures.AbsenceAtLeast(policy.StudentHealthThresholdPercent);
}
