namespace Narvaro.Escalation.Rules;

/// <summary>
/// Step 7, "Oro för frånvaro kvarstår": recorded by hand by the rector on an open case; raises S7-CONCERN
/// (new meeting with the guardians, socialtjänst takes part, orosanmälan). Never raised by the nightly evaluation.
/// </summary>
public static class ConcernRemainsRule
{
    public const int Step = 7;

    public static bool CanRecord(bool caseIsOpen, bool alreadyRecorded) => caseIsOpen && !alreadyRecorded;
}
