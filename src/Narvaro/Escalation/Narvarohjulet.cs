using Narvaro.Domain;

namespace Narvaro.Escalation;

/// <summary>The six stages of Karlskrona's "Närvarohjulet".</summary>
public enum WheelStage
{
    Upptackt = 1,
    Narvaroundersokning = 2,
    Analys = 3,
    Franvaroutredning = 4,
    Narvaroplan = 5,
    Utvardering = 6,
}

/// <summary>
/// The built-in policy "Närvarohjulet": the same measures and thresholds, named as the wheel's stages.
/// Upptäckt is the first noticed absence (step 1); the measured steps 3, 4 and 5 become närvaroundersökning,
/// analys and frånvaroutredning (the investigation of SL 7:19 a); a case with the SST plan under way
/// (continuous invalid absence or step 5 with its individual plan) is at närvaroplan; a closed case is evaluated.
/// </summary>
public static class Narvarohjulet
{
    public static WheelStage StageOf(int step, bool continuousInvalid, bool closed) => closed
        ? WheelStage.Utvardering
        : step switch
        {
            >= 5 when continuousInvalid => WheelStage.Narvaroplan,
            >= 5 => WheelStage.Franvaroutredning,
            4 => WheelStage.Analys,
            3 => WheelStage.Narvaroundersokning,
            _ => continuousInvalid ? WheelStage.Franvaroutredning : WheelStage.Upptackt,
        };

    public static string DisplayName(this WheelStage stage) => stage switch
    {
        WheelStage.Upptackt => "Upptäckt",
        WheelStage.Narvaroundersokning => "Närvaroundersökning",
        WheelStage.Analys => "Analys",
        WheelStage.Franvaroutredning => "Frånvaroutredning",
        WheelStage.Narvaroplan => "Närvaroplan",
        WheelStage.Utvardering => "Utvärdering",
        _ => stage.ToString(),
    };

    /// <summary>How a case's position is named under the huvudman's chosen policy.</summary>
    public static string PositionName(PolicyKind kind, int step, bool continuousInvalid, bool closed) => kind switch
    {
        PolicyKind.Narvarohjulet => StageOf(step, continuousInvalid, closed).DisplayName(),
        _ => closed ? "Avslutat" : step == 0 ? (continuousInvalid ? "Sammanhängande ogiltig frånvaro" : "Sena ankomster") : $"Steg {step}",
    };
}
