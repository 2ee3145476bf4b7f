using Narvaro.Domain;

namespace Narvaro.Escalation.Rules;

// Trosa handlingsplan: "M" anmäls alltid till skolchef och socialtjänst; steg 5 anmäls till skolchef; steg 4 anmäls till huvudmannen (SL 7 kap. 19 a §).
/// <summary>
/// The reports a case must have before it is closed without a reason: an M case both a skolchef and a socialtjänst
/// report, a step-5 case a skolchef report, a step-4 (or higher) case the report to the huvudman. Closing with one
/// missing is allowed only with a reason, which is kept.
/// </summary>
public static class MandatoryReportRule
{
    /// <summary>The reports still missing, in the plan's order; empty when the case may be closed without a reason.</summary>
    public static IReadOnlyList<CaseReportKind> Missing(int step, bool continuousInvalid, IReadOnlyCollection<CaseReportKind> recorded)
    {
        var required = new List<CaseReportKind>();
        if (step >= 4) required.Add(CaseReportKind.Huvudman);
        if (step >= 5 || continuousInvalid) required.Add(CaseReportKind.Skolchef);
        if (continuousInvalid) required.Add(CaseReportKind.Socialtjanst);
        return required.Where(k => !recorded.Contains(k)).ToList();
    }

    /// <summary>
    /// The reports a task marked done stands for (the task page completes S4-HUVUDMAN, S5-SKOLCHEF and M-REPORT with a
    /// date and a note but no recipient): a done task counts as its report made, as the monthly report shows it "gjord".
    /// </summary>
    public static IReadOnlyList<CaseReportKind> KindsDoneBy(string code) => code switch
    {
        Escalation.TaskCatalog.S4Huvudman => [CaseReportKind.Huvudman],
        Escalation.TaskCatalog.S5Skolchef => [CaseReportKind.Skolchef],
        Escalation.TaskCatalog.MReport => [CaseReportKind.Skolchef, CaseReportKind.Socialtjanst],
        _ => [],
    };

    public static bool ReasonRequired(int step, bool continuousInvalid, IReadOnlyCollection<CaseReportKind> recorded) =>
        Missing(step, continuousInvalid, recorded).Count > 0;

    /// <summary>The report as the plan names it, for messages ("anmälan till skolchef").</summary>
    public static string Name(CaseReportKind kind) => kind switch
    {
        CaseReportKind.Skolchef => "anmälan till skolchef",
        CaseReportKind.Socialtjanst => "anmälan till socialtjänst",
        CaseReportKind.Huvudman => "anmälan till huvudmannen att utredning har inletts (SL 7 kap. 19 a §)",
        _ => kind.ToString(),
    };
}
