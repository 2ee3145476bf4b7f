using System.Globalization;
using Narvaro.Domain;

namespace Narvaro.Web.Features.Tasks;

public sealed record ContactAttemptViewModel(DateTime At, string Method, bool Reached, string? Note, string? By);

public sealed record GuardianViewModel(string Name, string? Phone, string? Email);

/// <summary>The task page: the task, its pupil, the attempts so far, and the form the signed-in user may post.</summary>
public sealed class TaskViewModel
{
    public required int TaskId { get; init; }
    public required string Code { get; init; }
    public required string Label { get; init; }
    public required string RoleName { get; init; }
    public required int PupilId { get; init; }
    public int? CaseId { get; init; }
    /// <summary>The user reads the elevhälsa's records of the task's case (CaseAccess): links the kartläggning and SST pages.</summary>
    public bool MayOpenCaseWork { get; init; }
    /// <summary>The mentor or the school's rector: the pupil's name links the pupil page (others, e.g. the kurator, see the name only).</summary>
    public bool MayReadPupil { get; init; } = true;
    public required string PupilName { get; init; }
    public required string ClassName { get; init; }
    public required string SchoolName { get; init; }
    public required DateOnly RaisedOn { get; init; }
    public required DateOnly Due { get; init; }
    public required DateOnly Today { get; init; }
    public required DateTime NowLocal { get; init; }
    public required bool Done { get; init; }
    public DateOnly? DoneOn { get; init; }
    public string? DoneBy { get; init; }
    public string? Note { get; init; }
    public required bool IsContactTask { get; init; }
    /// <summary>The task is the user's (<see cref="Escalation.TaskOwnership"/>) and open: the form is shown.</summary>
    public required bool CanAct { get; init; }
    /// <summary>Why there is no form (the rector reads; a task for another role), null when <see cref="CanAct"/>.</summary>
    public string? ReadOnlyReason { get; init; }
    public required bool ProtectedIdentity { get; init; }
    public IReadOnlyList<GuardianViewModel> Guardians { get; init; } = [];
    public IReadOnlyList<ContactAttemptViewModel> Attempts { get; init; } = [];
    public string ReturnUrl { get; set; } = "/mina-elever";
    public string? Confirmation { get; set; }
    public ContactInputModel Contact { get; set; } = new();
    public CompletionInputModel Completion { get; set; } = new();

    public bool Overdue => !Done && Due < Today;
}
