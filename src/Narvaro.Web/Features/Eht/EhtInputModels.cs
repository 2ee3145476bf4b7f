using System.ComponentModel.DataAnnotations;
using Narvaro.StudentHealth;

namespace Narvaro.Web.Features.Eht;

/// <summary>What the evaluation form posts (S4-EHT): the day, who took part, what was tried, the effect seen, the next step.</summary>
public sealed class EvaluationInputModel
{
    [Display(Name = "datumet för utvärderingen")]
    [Required(ErrorMessage = "Ange datum då EHT höll utvärderingen, till exempel dagens datum.")]
    public DateOnly? On { get; set; }

    [Required(ErrorMessage = "Skriv vilka som deltog i utvärderingen.")]
    [StringLength(EhtService.MaxTextLength, ErrorMessage = "Deltagare får vara högst 2000 tecken – korta texten.")]
    public string? Participants { get; set; }

    [Required(ErrorMessage = "Skriv vilka insatser som har prövats.")]
    [StringLength(EhtService.MaxTextLength, ErrorMessage = "Vad som prövats får vara högst 2000 tecken – korta texten.")]
    public string? Tried { get; set; }

    [Required(ErrorMessage = "Skriv vilken effekt ni ser i siffrorna före och efter.")]
    [StringLength(EhtService.MaxTextLength, ErrorMessage = "Effekt får vara högst 2000 tecken – korta texten.")]
    public string? Effect { get; set; }

    [Required(ErrorMessage = "Skriv vad nästa steg är.")]
    [StringLength(EhtService.MaxTextLength, ErrorMessage = "Nästa steg får vara högst 2000 tecken – korta texten.")]
    public string? NextStep { get; set; }

    /// <summary>The case's version when the form was shown: a second submit of the same form is refused.</summary>
    public int Version { get; set; }

    public EhtEvaluationInput ToInput() => new(On!.Value, Participants, Tried, Effect, NextStep, Version);
}

/// <summary>What the rector's meeting form posts: the school and the new meeting date.</summary>
public sealed class MeetingInputModel
{
    public int School { get; set; }

    [Display(Name = "datumet för mötet")]
    [Required(ErrorMessage = "Ange datum för EHT-mötet, till exempel en tisdag de närmaste veckorna.")]
    public DateOnly? Date { get; set; }
}
