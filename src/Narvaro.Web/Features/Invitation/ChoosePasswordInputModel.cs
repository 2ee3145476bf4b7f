using System.ComponentModel.DataAnnotations;

namespace Narvaro.Web.Features.Invitation;

/// <summary>"Välj lösenord".</summary>
public sealed class ChoosePasswordInputModel
{
    [Display(Name = "Nytt lösenord")]
    [Required(ErrorMessage = "Skriv ett lösenord med minst 12 tecken.")]
    [DataType(DataType.Password)]
    public string? Password { get; set; }

    [Display(Name = "Upprepa lösenordet")]
    [Required(ErrorMessage = "Skriv samma lösenord en gång till.")]
    [Compare(nameof(Password), ErrorMessage = "Lösenorden är inte lika. Skriv samma lösenord i båda fälten.")]
    [DataType(DataType.Password)]
    public string? RepeatPassword { get; set; }
}

/// <summary>The page: whose account, and the form.</summary>
public sealed record ChoosePasswordViewModel(string DisplayName, string Email, string Token, ChoosePasswordInputModel Input);
