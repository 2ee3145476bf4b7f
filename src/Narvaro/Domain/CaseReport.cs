namespace Narvaro.Domain;

/// <summary>To whom a report of a case was made.</summary>
public enum CaseReportKind
{
    /// <summary>Anmälan till skolchef (step 5, monthly list; and M).</summary>
    Skolchef = 1,
    /// <summary>Anmälan till socialtjänst (M; orosanmälan at step 7).</summary>
    Socialtjanst = 2,
    /// <summary>Anmälan till huvudmannen att utredning av frånvaron har inletts (SL 7 kap. 19 a §, step 4).</summary>
    Huvudman = 3,
}

/// <summary>
/// A report the rector made about a case: to whom, on which date, the recipient and a reference (diary number, case
/// number). The monthly report to the skolchef reads these to say when each report was made.
/// </summary>
public class CaseReport
{
    public int Id { get; set; }
    public int CaseId { get; set; }
    public AbsenceCase? Case { get; set; }
    public CaseReportKind Kind { get; set; }
    /// <summary>The task the report answers (M-REPORT, S5-SKOLCHEF, S4-HUVUDMAN, S7-CONCERN), when there is one.</summary>
    public string? TaskCode { get; set; }
    /// <summary>The date the report was made.</summary>
    public DateOnly ReportedOn { get; set; }
    /// <summary>Who received it (a name, a function: "Skolchef Anna Berg", "Socialtjänsten, mottagningen").</summary>
    public required string Recipient { get; set; }
    /// <summary>Diary or case number, or how it was sent.</summary>
    public string? Reference { get; set; }
    public required string RecordedByUserId { get; set; }
    /// <summary>UTC.</summary>
    public DateTime RecordedAtUtc { get; set; }
}
