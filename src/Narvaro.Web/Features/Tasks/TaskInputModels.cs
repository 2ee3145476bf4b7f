using System.ComponentModel.DataAnnotations;
using Narvaro.Domain;
using Narvaro.Escalation;

namespace Narvaro.Web.Features.Tasks;

/// <summary>What the contact form posts (S1-CONTACT, L1-CONTACT): how, when, whether the guardian was reached, a note.</summary>
public sealed class ContactInputModel
{
    [Display(Name = "sättet du kontaktade vårdnadshavaren på")]
    [Required(ErrorMessage = "Välj hur du kontaktade vårdnadshavaren.")]
    public ContactMethod? Method { get; set; }

    [Display(Name = "tidpunkten (datum och klockslag)")]
    [Required(ErrorMessage = "Ange datum och klockslag då du kontaktade vårdnadshavaren.")]
    public DateTime? At { get; set; }

    [Display(Name = "om du nådde vårdnadshavaren")]
    [Required(ErrorMessage = "Välj om du nådde vårdnadshavaren.")]
    public bool? Reached { get; set; }

    [StringLength(CaseService.MaxNoteLength, ErrorMessage = "Anteckningen får vara högst 2000 tecken – korta den.")]
    public string? Note { get; set; }
}

/// <summary>What the completion form of any other mentor task posts: the day it was done and a note.</summary>
public sealed class CompletionInputModel
{
    [Display(Name = "datumet då uppgiften gjordes")]
    [Required(ErrorMessage = "Ange datum då uppgiften gjordes.")]
    public DateOnly? DoneOn { get; set; }

    [StringLength(CaseService.MaxNoteLength, ErrorMessage = "Anteckningen får vara högst 2000 tecken – korta den.")]
    public string? Note { get; set; }
}
