using Narvaro.Absence;
using Narvaro.Domain;
using Narvaro.Escalation.Rules;

namespace Narvaro.Escalation;

/// <summary>What an open case has reached so far. A pupil with no open case has <c>null</c>.</summary>
public sealed record CaseState(int Step, bool ContinuousInvalid, int LateLevel)
{
    public static readonly CaseState New = new(0, false, 0);
}

/// <summary>The outcome of evaluating one pupil on one date: the case's new state and the tasks to raise once.</summary>
public sealed record CaseDecision(bool OpensCase, CaseState State, IReadOnlyList<string> TaskCodes);

/// <summary>
/// Staircase-rules.md, "Cases": turns one pupil's measures and open case into the case's next state.
/// Steps only go up; each step's tasks and the M, L1 and L2 tasks are raised once per case.
/// </summary>
public static class Staircase
{
    /// <summary>The highest of steps 3–5 the measures reach; 0 when none.</summary>
    public static int StepReached(AbsenceMeasures measures, PolicySettings policy) =>
        FurtherAbsenceRule.Applies(measures, policy) ? FurtherAbsenceRule.Step
        : ContinuedAbsenceRule.Applies(measures, policy) ? ContinuedAbsenceRule.Step
        : RepeatedAbsenceRule.Applies(measures, policy) ? RepeatedAbsenceRule.Step
        : 0;

    /// <summary>0, 1 (L1) or 2 (L2).</summary>
    public static int LateLevelReached(AbsenceMeasures measures, PolicySettings policy) =>
        ContinuedLateArrivalRule.Applies(measures, policy) ? ContinuedLateArrivalRule.Level
        : RepeatedLateArrivalRule.Applies(measures, policy) ? RepeatedLateArrivalRule.Level
        : 0;

    /// <summary>
    /// Returns null when nothing changes: no open case and nothing triggers, or the open case has already
    /// reached everything the measures reach.
    /// </summary>
    public static CaseDecision? Decide(AbsenceMeasures measures, PolicySettings policy, CaseState? openCase)
    {
        var step = StepReached(measures, policy);
        var continuousInvalid = ContinuousInvalidAbsenceRule.Applies(measures, policy);
        var late = LateLevelReached(measures, policy);

        // A case opens the first time step 3, M or L1 triggers.
        var opens = openCase is null;
        if (opens && step == 0 && !continuousInvalid && late == 0)
            return null;

        var current = openCase ?? CaseState.New;
        var codes = new List<string>();

        // Reaching a higher step raises the tasks of every step passed on the way (0 → 5 gives 3, 4 and 5).
        for (var s = Math.Max(current.Step + 1, RepeatedAbsenceRule.Step); s <= step; s++)
            codes.AddRange(TaskCatalog.CodesOfStep(s));
        if (continuousInvalid && !current.ContinuousInvalid)
            codes.Add(TaskCatalog.MReport);
        if (late >= RepeatedLateArrivalRule.Level && current.LateLevel < RepeatedLateArrivalRule.Level)
            codes.Add(TaskCatalog.L1Contact);
        if (late >= ContinuedLateArrivalRule.Level && current.LateLevel < ContinuedLateArrivalRule.Level)
            codes.Add(TaskCatalog.L2Report);

        var next = new CaseState(
            Math.Max(current.Step, step),
            current.ContinuousInvalid || continuousInvalid,
            Math.Max(current.LateLevel, late));
        return opens || next != current ? new CaseDecision(opens, next, codes) : null;
    }
}
