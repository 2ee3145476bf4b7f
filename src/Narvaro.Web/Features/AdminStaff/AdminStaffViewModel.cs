using System.ComponentModel.DataAnnotations;
using Narvaro.Domain;
using Narvaro.Staff;

namespace Narvaro.Web.Features.AdminStaff;

/// <summary>/admin/personal: one page of the staff list with its filter.</summary>
public sealed record StaffListViewModel(StaffPage List, StaffFilter Filter, IReadOnlyList<SchoolOption> Schools, string? Confirmation)
{
    public string PageLink(int page) =>
        "/admin/personal?" + string.Join("&", new[]
        {
            string.IsNullOrWhiteSpace(Filter.Search) ? null : "sok=" + Uri.EscapeDataString(Filter.Search),
            Filter.SchoolId is { } s ? "skola=" + s : null,
            string.IsNullOrEmpty(Filter.Role) ? null : "roll=" + Uri.EscapeDataString(Filter.Role),
            "sida=" + page,
        }.OfType<string>());
}

/// <summary>/admin/personal/{id}.</summary>
public sealed record StaffDetailsViewModel(StaffDetails Details, IReadOnlyList<SchoolOption> Schools, string? Confirmation,
    string? InvitationLink, string? Error, bool IsSelf)
{
    public GrantInputModel Grant { get; init; } = new();
}

public static class StaffText
{
    public static IReadOnlyList<string> GrantableRoles { get; } = [.. StaffRoles.SchoolRoles, .. StaffRoles.OrganisationWide];

    public static string Invitation(InvitationStatus status) => status.State switch
    {
        InvitationState.Sent => $"Skickad, gäller till {SwedishDates.Short(status.ExpiresAtUtc!.Value)}",
        InvitationState.Used => "Använd",
        InvitationState.Expired => "Har gått ut",
        InvitationState.Revoked => "Återkallad",
        _ => "Ingen",
    };

    public static string LastSignIn(DateTime? utc) => utc is { } at ? SwedishDates.ShortWithTime(at) : "Aldrig";
}

/// <summary>"Ny medarbetare".</summary>
public sealed class NewStaffInputModel
{
    [Display(Name = "Namn")]
    [Required(ErrorMessage = "Skriv personens för- och efternamn.")]
    [StringLength(200, ErrorMessage = "Namnet får vara högst 200 tecken.")]
    public string? DisplayName { get; set; }

    [Display(Name = "E-postadress")]
    [Required(ErrorMessage = "Skriv personens e-postadress, till exempel anna.andersson@kommun.se.")]
    [EmailAddress(ErrorMessage = "Skriv en e-postadress med @, till exempel anna.andersson@kommun.se.")]
    [StringLength(256, ErrorMessage = "E-postadressen får vara högst 256 tecken.")]
    public string? Email { get; set; }
}

/// <summary>"Ge roll".</summary>
public sealed class GrantInputModel
{
    [Display(Name = "Roll")]
    [Required(ErrorMessage = "Välj en roll.")]
    public string? Role { get; set; }

    [Display(Name = "Skola")]
    public int? SchoolId { get; set; }
}
