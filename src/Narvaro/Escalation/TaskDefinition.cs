namespace Narvaro.Escalation;

/// <summary>
/// A task the plan assigns: a fixed code, the step that raises it, who does it, how many calendar days after D it
/// is due, and what staff read.
/// </summary>
public sealed record TaskDefinition(string Code, string Step, TaskRole Role, int DueDays, string Title);
