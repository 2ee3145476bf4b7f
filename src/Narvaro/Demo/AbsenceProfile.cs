namespace Narvaro.Demo;

/// <summary>
/// The attendance pattern a demo pupil follows (Bilaga 3: ströfrånvaro, systematisk frånvaro, regelbunden långvarig
/// frånvaro, 100 % frånvaro), chosen so every step of the staircase has pupils. Percentages are absence % over the
/// 30 calendar days up to the last seeded date, as staircase-rules.md measures them.
/// </summary>
public enum AbsenceProfile
{
    /// <summary>Present at every lesson: 0 %.</summary>
    FullAttendance,
    /// <summary>Ströfrånvaro: a lesson here, a sick day there, mostly giltig: about 3–9 %.</summary>
    Scattered,
    /// <summary>Systematisk frånvaro on one weekday (the morning first), ogiltig: 10–15 % (step 3).</summary>
    WeekdayPattern,
    /// <summary>Systematisk frånvaro from one subject: 10–15 % (step 3).</summary>
    SubjectPattern,
    /// <summary>Regelbunden långvarig frånvaro, whole days, mostly giltig: 15–20 % (step 4).</summary>
    LongTerm,
    /// <summary>Hög frånvaro: more than 20 % (step 5).</summary>
    High,
    /// <summary>100 % frånvaro: never present, reported sick by the guardian.</summary>
    Complete,
    /// <summary>Whole days of ogiltig frånvaro for more than ten consecutive school days, ending at or near the last date (M).</summary>
    ContinuousInvalid,
    /// <summary>Sen ankomst 6–9 times in the window (L1 and L2).</summary>
    FrequentLateArrivals,
    /// <summary>Sen ankomst 3–5 times in the window (L1 only).</summary>
    OccasionalLateArrivals,
    /// <summary>Ledighet beviljad av rektor: a few consecutive days.</summary>
    GrantedLeave,
    /// <summary>Present, but some lessons are left ej_rapporterad by the teacher.</summary>
    UnreportedLessons,
}

internal static class AbsenceProfiles
{
    /// <summary>Relative weights of the profiles for pupils after the first round (sum 100).</summary>
    private static readonly (AbsenceProfile Profile, int Weight)[] Weights =
    [
        (AbsenceProfile.FullAttendance, 52),
        (AbsenceProfile.Scattered, 20),
        (AbsenceProfile.WeekdayPattern, 4),
        (AbsenceProfile.SubjectPattern, 4),
        (AbsenceProfile.LongTerm, 4),
        (AbsenceProfile.High, 3),
        (AbsenceProfile.Complete, 1),
        (AbsenceProfile.ContinuousInvalid, 1),
        (AbsenceProfile.FrequentLateArrivals, 2),
        (AbsenceProfile.OccasionalLateArrivals, 3),
        (AbsenceProfile.GrantedLeave, 3),
        (AbsenceProfile.UnreportedLessons, 3),
    ];

    private static readonly int TotalWeight = Weights.Sum(w => w.Weight);

    public static int Count => Weights.Length;

    /// <summary>
    /// The first <see cref="Count"/> pupils take one profile each, so even a tiny demo shows every step;
    /// the rest are drawn by weight.
    /// </summary>
    public static AbsenceProfile For(int pupilIndex, Random random)
    {
        if (pupilIndex < Weights.Length)
            return Weights[pupilIndex].Profile;
        var pick = random.Next(TotalWeight);
        foreach (var (profile, weight) in Weights)
        {
            if (pick < weight) return profile;
            pick -= weight;
        }
        throw new InvalidOperationException("Unreachable: weights cover the range.");
    }
}
