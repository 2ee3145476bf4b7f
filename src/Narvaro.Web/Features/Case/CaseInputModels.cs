using System.ComponentModel.DataAnnotations;
using Narvaro.Domain;
using Narvaro.Escalation;

namespace Narvaro.Web.Features.Case;

/// <summary>Give an open task to a named member of the school's staff.</summary>
public sealed class AssignInputModel
{
    public int TaskId { get; set; }

    /// <summary>The <see cref="AbsenceCase.Version"/> the rector saw.</summary>
    public int Version { get; set; }

    [Required(ErrorMessage = "Välj vem som ska få uppgiften i listan.")]
    public string? AssigneeUserId { get; set; }
}

/// <summary>Complete a task of the case with the day it was done and a note.</summary>
public sealed class CompleteInputModel
{
    public int TaskId { get; set; }

    [Display(Name = "datumet då uppgiften gjordes")]
    [Required(ErrorMessage = "Ange datum då uppgiften gjordes, till exempel 2026-11-27.")]
    public DateOnly? DoneOn { get; set; }

    [StringLength(CaseService.MaxNoteLength, ErrorMessage = "Anteckningen får vara högst 2000 tecken – korta den.")]
    public string? Note { get; set; }
}

/// <summary>Record a report made: to whom, when, the recipient and a reference.</summary>
public sealed class ReportInputModel
{
    public int Version { get; set; }

    [Display(Name = "vem anmälan gjordes till")]
    [Required(ErrorMessage = "Välj vem anmälan gjordes till.")]
    public CaseReportKind? Kind { get; set; }

    [Display(Name = "datumet då anmälan gjordes")]
    [Required(ErrorMessage = "Ange datum då anmälan gjordes, till exempel 2026-11-27.")]
    public DateOnly? ReportedOn { get; set; }

    [Required(ErrorMessage = "Skriv vem som tog emot anmälan, till exempel ”Skolchef Anna Berg”.")]
    [StringLength(CaseWorkService.MaxRecipientLength, ErrorMessage = "Mottagaren får vara högst 200 tecken – korta den.")]
    public string? Recipient { get; set; }

    [StringLength(CaseWorkService.MaxReferenceLength, ErrorMessage = "Referensen får vara högst 200 tecken – korta den.")]
    public string? Reference { get; set; }
}

/// <summary>Step 7: concern remains.</summary>
public sealed class ConcernInputModel
{
    public int Version { get; set; }
}

/// <summary>Close the case: a note, and a reason when a mandatory report is not recorded.</summary>
public sealed class CloseInputModel
{
    public int Version { get; set; }

    [Required(ErrorMessage = "Skriv en kommentar om varför ärendet avslutas.")]
    [StringLength(CaseWorkService.MaxClosingTextLength, ErrorMessage = "Kommentaren får vara högst 4000 tecken – korta den.")]
    public string? Note { get; set; }

    [StringLength(CaseWorkService.MaxClosingTextLength, ErrorMessage = "Skälet får vara högst 4000 tecken – korta det.")]
    public string? Reason { get; set; }
}
