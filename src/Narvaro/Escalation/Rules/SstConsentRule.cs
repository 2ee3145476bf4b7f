namespace Narvaro.Escalation.Rules;

// Bilaga 4, "Aktualisering": the SST intervention needs written consent from the guardian(s) and the pupil before the referral is sent.
public static class SstConsentRule
{
    /// <summary>Whether the referral may be sent: both written consents are recorded.</summary>
    public static bool CanRefer(DateOnly? guardianConsentOn, DateOnly? pupilConsentOn) =>
        guardianConsentOn is not null && pupilConsentOn is not null;

    /// <summary>The Swedish message saying which consent is missing; null when both are recorded.</summary>
    public static string? MissingMessage(DateOnly? guardianConsentOn, DateOnly? pupilConsentOn) =>
        (guardianConsentOn, pupilConsentOn) switch
        {
            (null, null) => "Remissen kan inte skickas: skriftligt samtycke saknas från både vårdnadshavare och elev. Registrera båda samtyckena först.",
            (null, _) => "Remissen kan inte skickas: vårdnadshavarens skriftliga samtycke saknas. Registrera det först.",
            (_, null) => "Remissen kan inte skickas: elevens skriftliga samtycke saknas. Registrera det först.",
            _ => null,
        };
}
