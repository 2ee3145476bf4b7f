namespace Narvaro.Domain;

/// <summary>A record of one evaluation of the staircase for a date: when, how long, what it raised.</summary>
public class EvaluationRun
{
    public int Id { get; set; }
    public DateOnly AsOf { get; set; }
    public DateTime StartedAtUtc { get; set; }
    public DateTime FinishedAtUtc { get; set; }
    /// <summary>Pupils with enough school days in the window to be measured.</summary>
    public int PupilsEvaluated { get; set; }
    /// <summary>Pupils whose case this run opened or moved (step, M or late level); only their rows were written.</summary>
    public int PupilsChanged { get; set; }
    /// <summary>Pupils this run raised at least one task for (case tasks and the first day's contact).</summary>
    public int PupilsWithNewTasks { get; set; }
    /// <summary>Documents (Bilaga 1–3) attached after the evaluation, stored as snapshots.</summary>
    public int DocumentsAttached { get; set; }
    public int CasesOpened { get; set; }
    public int TasksRaised { get; set; }
    public string? Trigger { get; set; }
}
