using System.ComponentModel.DataAnnotations;

namespace Narvaro.Web.Features.Import;

/// <summary>What the upload form posts: which file it is, and the file.</summary>
public sealed class ImportUploadInputModel
{
    [Display(Name = "Vilken fil laddar du upp?")]
    [Required(ErrorMessage = "Välj om filen är en elevfil eller en närvarofil.")]
    public ImportKind? Kind { get; set; }

    [Display(Name = "CSV-fil")]
    public IFormFile? File { get; set; }
}
