using Narvaro.Domain;

namespace Narvaro.Escalation.Rules;

// Trosa handlingsplan steg 4 (anmälan till huvudman, SL 7 kap. 19 a §), steg 5 (anmälan till skolchef), "M" (anmäls till skolchef och socialtjänst) and steg 7 (orosanmälan).
/// <summary>
/// Which task a recorded report answers. A report to the huvudman completes S4-HUVUDMAN; to the skolchef S5-SKOLCHEF;
/// to socialtjänst at step 7 S7-CONCERN. M-REPORT needs both a skolchef and a socialtjänst report for an M case before it
/// completes, whichever of the two comes last.
/// </summary>
public static class ReportCompletesTaskRule
{
    /// <summary>
    /// The task a new report of <paramref name="kind"/> answers (stored as <see cref="CaseReport.TaskCode"/>), given the
    /// case's open task codes; null when it answers none.
    /// </summary>
    public static string? AnsweredCode(CaseReportKind kind, bool continuousInvalid, bool concernRemains, IReadOnlyCollection<string> taskCodes) =>
        kind switch
        {
            CaseReportKind.Huvudman => TaskCatalog.S4Huvudman,
            CaseReportKind.Skolchef when taskCodes.Contains(TaskCatalog.S5Skolchef) => TaskCatalog.S5Skolchef,
            CaseReportKind.Skolchef when continuousInvalid => TaskCatalog.MReport,
            CaseReportKind.Socialtjanst when concernRemains => TaskCatalog.S7Concern,
            CaseReportKind.Socialtjanst when continuousInvalid => TaskCatalog.MReport,
            _ => null,
        };

    /// <summary>
    /// The task codes that are complete once a report of <paramref name="kind"/> is recorded, given the kinds recorded
    /// earlier on the case (<paramref name="earlier"/>).
    /// </summary>
    public static IReadOnlyList<string> CodesCompleted(CaseReportKind kind, bool continuousInvalid, bool concernRemains,
        IReadOnlyCollection<CaseReportKind> earlier)
    {
        var codes = new List<string>();
        switch (kind)
        {
            case CaseReportKind.Huvudman:
                codes.Add(TaskCatalog.S4Huvudman);
                break;
            case CaseReportKind.Skolchef:
                codes.Add(TaskCatalog.S5Skolchef);
                if (continuousInvalid && earlier.Contains(CaseReportKind.Socialtjanst)) codes.Add(TaskCatalog.MReport);
                break;
            case CaseReportKind.Socialtjanst:
                if (continuousInvalid && earlier.Contains(CaseReportKind.Skolchef)) codes.Add(TaskCatalog.MReport);
                if (concernRemains) codes.Add(TaskCatalog.S7Concern);
                break;
        }
        return codes;
    }

    /// <summary>
    /// The recorded reports that answer the task <paramref name="code"/> (for the monthly report): none when the task is
    /// not answered yet — M-REPORT only when both the skolchef and the socialtjänst report are there.
    /// </summary>
    public static IReadOnlyList<CaseReport> Answering(string code, IReadOnlyCollection<CaseReport> reports)
    {
        CaseReport? Latest(CaseReportKind kind, Func<CaseReport, bool>? also = null) =>
            reports.Where(r => r.Kind == kind && (also is null || also(r))).OrderByDescending(r => r.ReportedOn).ThenByDescending(r => r.Id)
                .FirstOrDefault();
        switch (code)
        {
            case TaskCatalog.S4Huvudman:
                return Latest(CaseReportKind.Huvudman) is { } h ? [h] : [];
            case TaskCatalog.S5Skolchef:
                return Latest(CaseReportKind.Skolchef) is { } s ? [s] : [];
            case TaskCatalog.MReport:
                var chief = Latest(CaseReportKind.Skolchef);
                var social = Latest(CaseReportKind.Socialtjanst, r => r.TaskCode != TaskCatalog.S7Concern);
                return chief is not null && social is not null ? [chief, social] : [];
            case TaskCatalog.S7Concern:
                return Latest(CaseReportKind.Socialtjanst, r => r.TaskCode == TaskCatalog.S7Concern) is { } c ? [c] : [];
            default:
                return [];
        }
    }
}
