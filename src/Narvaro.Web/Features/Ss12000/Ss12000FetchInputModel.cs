using System.ComponentModel.DataAnnotations;

namespace Narvaro.Web.Features.Ss12000;

public sealed class Ss12000FetchInputModel
{
    [Required(ErrorMessage = "Ange startdatum.")]
    [Display(Name = "Från och med")]
    public DateOnly? From { get; set; }

    [Required(ErrorMessage = "Ange slutdatum.")]
    [Display(Name = "Till och med")]
    public DateOnly? To { get; set; }

    /// <summary>One source by name; all sources when empty.</summary>
    [Display(Name = "Källa")]
    public string? Source { get; set; }
}
