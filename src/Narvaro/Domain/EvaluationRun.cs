namespace Narvaro.Domain;

/// <summary>A record of one evaluation of the staircase for a date: when, how long, what it raised.</summary>
public class EvaluationRun
{
    public int Id { get; set; }
    public DateOnly AsOf { get; set; }
    public DateTime StartedAtUtc { get; set; }
    public DateTime FinishedAtUtc { get; set; }
    public int PupilsEvaluated { get; set; }
    public int CasesOpened { get; set; }
    public int TasksRaised { get; set; }
    public string? Trigger { get; set; }
}
