using System.ComponentModel.DataAnnotations;

namespace Narvaro.Web.Features.Account;

public sealed class LoginInputModel
{
    [Display(Name = "E-postadress")]
    [Required(ErrorMessage = "Skriv din e-postadress.")]
    [EmailAddress(ErrorMessage = "Skriv en giltig e-postadress.")]
    [StringLength(256, ErrorMessage = "E-postadressen är för lång.")]
    public string Email { get; set; } = "";

    [Display(Name = "Lösenord")]
    [Required(ErrorMessage = "Skriv ditt lösenord.")]
    [DataType(DataType.Password)]
    [StringLength(200, ErrorMessage = "Lösenordet är för långt.")]
    public string Password { get; set; } = "";

    /// <summary>The page the user asked for before being sent to log in; only local addresses are followed.</summary>
    public string? ReturnUrl { get; set; }
}
