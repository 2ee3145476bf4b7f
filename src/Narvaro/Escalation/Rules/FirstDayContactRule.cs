namespace Narvaro.Escalation.Rules;

/// <summary>
/// Step 1, "Vid frånvaro kontaktas vårdnadshavare 1:a dagen": D is a school day with an ogiltig lesson and the
/// pupil's previous school day had none. Raises the day task S1-CONTACT for the mentor, due the same day.
/// </summary>
public static class FirstDayContactRule
{
    /// <param name="invalidOnDay">D has at least one ogiltig row.</param>
    /// <param name="invalidOnPreviousSchoolDay">The pupil's latest date before D with any row had an ogiltig row (false when there is none).</param>
    public static bool Applies(bool invalidOnDay, bool invalidOnPreviousSchoolDay) => invalidOnDay && !invalidOnPreviousSchoolDay;
}
