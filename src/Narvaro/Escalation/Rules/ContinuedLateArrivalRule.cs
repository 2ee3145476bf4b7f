using Narvaro.Absence;
using Narvaro.Domain;

namespace Narvaro.Escalation.Rules;

/// <summary>
/// "Sen ankomst" (rule L2): "Om eleven fortsätter att ha upprepade sena ankomster anmäler mentor/klassläraren
/// situationen till rektor och EHT" — late arrivals in the window ≥ the report threshold.
/// </summary>
public static class ContinuedLateArrivalRule
{
    public const int Level = 2;

    public static bool Applies(AbsenceMeasures measures, PolicySettings policy) =>
        measures.LateArrivals >= policy.LateReportThreshold;
}
