using Narvaro.Absence;
using Narvaro.Domain;

namespace Narvaro.Escalation.Rules;

/// <summary>
/// "Ogiltig sammanhängande frånvaro mer än 2 veckor ska alltid anmälas, både till skolchef och till socialtjänsten"
/// (step 5 of the plan, rule M): the longest whole-day ogiltig streak exceeds the limit, whatever the step and
/// whether or not the pupil is evaluated.
/// </summary>
public static class ContinuousInvalidAbsenceRule
{
    public static bool Applies(AbsenceMeasures measures, PolicySettings policy) =>
        measures.InvalidStreakDays > policy.ContinuousInvalidSchoolDays;
}
