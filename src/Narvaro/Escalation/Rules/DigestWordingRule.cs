namespace Narvaro.Escalation.Rules;

/// <summary>
/// The daily e-mail lists "names and links only, never health or social details in an e-mail" (the issue; OSL 25 kap. and
/// GDPR art. 9: e-mail leaves the system and is kept in mailboxes Närvaro does not control). So each task code is
/// decided here: its own title when the title only says that the school contacts the guardians or follows up, or
/// "Uppgift i steg N av handlingsplanen" when the title names student health (EHT, hälsosamtal, läkarintyg), special
/// needs (pedagogisk kartläggning), social matters (skolsocial, socialtjänst, skolsociala teamet, orosanmälan) or a formal
/// report about the pupil (to huvudman, skolchef, rektor and EHT). A code not listed is replaced, so a new code is never
/// mailed before someone has decided it.
/// </summary>
public static class DigestWordingRule
{
    /// <summary>The codes whose titles may go in an e-mail: they say only that the school contacts or follows up.</summary>
    public static IReadOnlySet<string> PlainCodes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        TaskCatalog.S1Contact,       // contact the guardian on the first day of absence
        TaskCatalog.S3Checklist,     // talk with pupil and guardian, the absence checklist (Bilaga 1)
        TaskCatalog.S3Followup,      // follow-up after one week
        TaskCatalog.S4InformRector,  // tell the rector that absence goes on
        TaskCatalog.L1Contact,       // contact the guardian about late arrivals
    };

    /// <summary>
    /// The codes replaced by the neutral wording, each with why: the title names student health, special needs, social
    /// services or a formal report about the pupil.
    /// </summary>
    public static IReadOnlyDictionary<string, string> SensitiveCodes { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [TaskCatalog.S4Skolsocial] = "skolsocial kartläggning (skolkurator, Bilaga 2): social matters",
        [TaskCatalog.S4Huvudman] = "report to the huvudman that an investigation has begun: a formal report about the pupil",
        [TaskCatalog.S4Pedagogisk] = "pedagogisk kartläggning: special educational needs",
        [TaskCatalog.S4Halsosamtal] = "hälsosamtal, läkarintyg: health",
        [TaskCatalog.S4Eht] = "elevhälsoteamet (EHT): student health",
        [TaskCatalog.S5Skolchef] = "report to the skolchef: a formal report about the pupil",
        [TaskCatalog.S5Sst] = "skolsociala teamet (SST): social matters",
        [TaskCatalog.S5Weekly] = "names skolsociala teamet: social matters",
        [TaskCatalog.MReport] = "report to skolchef and socialtjänst: social services",
        [TaskCatalog.L2Report] = "report to rektor and EHT: a formal report, student health",
        [TaskCatalog.S7Concern] = "socialtjänst, orosanmälan: social services",
    };

    /// <summary>Whether the code's own title may be mailed.</summary>
    public static bool MayMailTitle(string code) => PlainCodes.Contains(code);

    /// <summary>What the e-mail calls a task of <paramref name="code"/>.</summary>
    public static string MailTitle(string code)
    {
        if (MayMailTitle(code) && TaskCatalog.IsKnown(code)) return TaskCatalog.Get(code).Title;
        return TaskCatalog.IsKnown(code)
            ? $"Uppgift i steg {TaskCatalog.Get(code).Step} av handlingsplanen"
            : "Uppgift i handlingsplanen";
    }
}
