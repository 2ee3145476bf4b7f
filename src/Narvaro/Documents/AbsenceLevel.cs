namespace Narvaro.Documents;

// Handlingsplan för närvaro, step 4, Bilaga 3 "Stöd i arbetet för att främja närvaro": levels 1 NÄRVARO … 6 LÄMNAS EJ HEMMET.
/// <summary>
/// Bilaga 3, "Stöd i arbetet för att främja närvaro": the six levels from full närvaro to "lämnas ej hemmet",
/// and the level the attendance data suggests. Level 6 (the pupil does not leave home) cannot be read from
/// attendance and is never suggested; EHT decides.
/// </summary>
public static class AbsenceLevel
{
    public static readonly IReadOnlyList<(int Level, string Name)> Levels =
    [
        (1, "NÄRVARO"),
        (2, "STRÖFRÅNVARO"),
        (3, "SYSTEMATISK FRÅNVARO"),
        (4, "REGELBUNDEN LÅNGVARIG FRÅNVARO"),
        (5, "100% FRÅNVARO"),
        (6, "LÄMNAS EJ HEMMET"),
    ];

    /// <summary>
    /// 1 no absence; 5 absent from every reported lesson; 4 whole days absent on at least half the school days
    /// ("i skolan några dagar per månad"); 3 absence concentrated on a weekday, lesson or subject ("undviker
    /// systematiskt … specifika ämnen"); otherwise 2 ("undviker enstaka lektionstillfällen"). Null without data.
    /// Pure: the period is the one <paramref name="figures"/> carry (From–To), no clock is read.
    /// </summary>
    public static int? Suggest(PeriodFigures? figures, AbsencePattern? pattern)
    {
        if (figures is null || figures.SchoolDays == 0) return null;
        if (figures.AbsencePercent <= 0) return 1;
        if (figures.AbsencePercent >= 100) return 5;
        if (2 * figures.WholeDaysAbsent >= figures.SchoolDays) return 4;
        if (pattern is { Any: true }) return 3;
        return 2;
    }
}
