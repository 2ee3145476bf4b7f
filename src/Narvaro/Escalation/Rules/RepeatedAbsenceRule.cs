using Narvaro.Absence;
using Narvaro.Domain;

namespace Narvaro.Escalation.Rules;

/// <summary>Step 3, "Vid upprepad frånvaro – 10 % frånvaro/månad": absence % ≥ the checklist threshold (evaluated pupils).</summary>
public static class RepeatedAbsenceRule
{
    public const int Step = 3;

    public static bool Applies(AbsenceMeasures measures, PolicySettings policy) =>
        measures.IsEvaluated(policy.MinSchoolDays) && measures.AbsenceAtLeast(policy.ChecklistThresholdPercent);
}
