namespace Narvaro.Absence;

/// <summary>A closed date range [From, To] the measures are taken over.</summary>
public readonly record struct AbsenceWindow(DateOnly From, DateOnly To)
{
    /// <summary>The rolling window of staircase-rules.md: the <paramref name="days"/> calendar days ending with D (D included).</summary>
    public static AbsenceWindow Rolling(DateOnly asOf, int days) => new(asOf.AddDays(-(days - 1)), asOf);

    /// <summary>A calendar month, for reports and the pupil page ("10 % frånvaro/månad").</summary>
    public static AbsenceWindow Month(int year, int month) =>
        new(new DateOnly(year, month, 1), new DateOnly(year, month, DateTime.DaysInMonth(year, month)));

    public bool Contains(DateOnly date) => date >= From && date <= To;
}
