namespace Narvaro.Escalation;

/// <summary>
/// Every task of the staircase with Trosa's defaults (staircase-rules.md, "Steps"). A huvudman may change the role
/// and due offset of each code (<see cref="Domain.PolicyTaskSetting"/>); the codes and steps are fixed.
/// The order here is the order tasks are listed in.
/// </summary>
public static class TaskCatalog
{
    public const string S1Contact = "S1-CONTACT";
    public const string S3Checklist = "S3-CHECKLIST";
    public const string S3Followup = "S3-FOLLOWUP";
    public const string S4InformRector = "S4-INFORM-RECTOR";
    public const string S4Skolsocial = "S4-SKOLSOCIAL";
    public const string S4Huvudman = "S4-HUVUDMAN";
    public const string S4Pedagogisk = "S4-PEDAGOGISK";
    public const string S4Halsosamtal = "S4-HALSOSAMTAL";
    public const string S4Eht = "S4-EHT";
    public const string S5Skolchef = "S5-SKOLCHEF";
    public const string S5Sst = "S5-SST";
    public const string S5Weekly = "S5-WEEKLY";
    public const string MReport = "M-REPORT";
    public const string L1Contact = "L1-CONTACT";
    public const string L2Report = "L2-REPORT";
    public const string S7Concern = "S7-CONCERN";

    public static IReadOnlyList<TaskDefinition> Trosa { get; } =
    [
        new(S1Contact, "1", TaskRole.Mentor, 0, "Kontakta vårdnadshavare samma dag – första frånvarodagen"),
        new(S3Checklist, "3", TaskRole.Mentor, 3, "Samtal med elev och vårdnadshavare, fyll i Checklista vid frånvaro (bilaga 1), kopia till rektor"),
        new(S3Followup, "3", TaskRole.Mentor, 7, "Uppföljning efter en vecka"),
        new(S4InformRector, "4", TaskRole.Mentor, 1, "Informera rektor om fortsatt upprepad frånvaro"),
        new(S4Skolsocial, "4", TaskRole.Rektor, 3, "Ge skolkurator uppdrag att göra en skolsocial kartläggning (bilaga 2)"),
        new(S4Huvudman, "4", TaskRole.Rektor, 3, "Anmäl till huvudmannen att utredning av frånvaron har inletts (SL 7 kap. 19 a §)"),
        new(S4Pedagogisk, "4", TaskRole.Specialpedagog, 14, "Pedagogisk kartläggning"),
        new(S4Halsosamtal, "4", TaskRole.Skolskoterska, 14, "Hälsosamtal vid behov, begär ev. läkarintyg"),
        new(S4Eht, "4", TaskRole.EHT, 14, "Utvärdering av insatser på nästkommande EHT"),
        new(S5Skolchef, "5", TaskRole.Rektor, 7, "Anmälan till skolchef (månadsvis)"),
        new(S5Sst, "5", TaskRole.Rektor, 7, "Kontakta skolkontorets samordnare för skolsociala teamet – enskild handlingsplan"),
        new(S5Weekly, "5", TaskRole.Mentor, 7, "Uppföljning med eleven varje vecka så länge skolsociala teamet inte är inkopplat"),
        new(MReport, "M", TaskRole.Rektor, 1, "Anmäl ogiltig sammanhängande frånvaro mer än 2 veckor till skolchef och socialtjänst"),
        new(L1Contact, "L1", TaskRole.Mentor, 3, "Kontakta vårdnadshavare om upprepade sena ankomster"),
        new(L2Report, "L2", TaskRole.Mentor, 3, "Anmäl fortsatta sena ankomster till rektor och EHT"),
        new(S7Concern, "7", TaskRole.Rektor, 7, "Kalla till nytt möte med vårdnadshavarna där socialtjänst deltar, orosanmälan görs"),
    ];

    private static readonly Dictionary<string, int> Order =
        Trosa.Select((t, i) => (t.Code, i)).ToDictionary(x => x.Code, x => x.i);

    public static bool IsKnown(string code) => Order.ContainsKey(code);

    /// <summary>The position of a code in the plan's order, for listing tasks.</summary>
    public static int SortKey(string code) => Order.TryGetValue(code, out var i) ? i : int.MaxValue;

    public static TaskDefinition Get(string code) => Trosa[Order[code]];

    /// <summary>The codes raised when a case reaches <paramref name="step"/> (3, 4 or 5).</summary>
    public static IEnumerable<string> CodesOfStep(int step) =>
        Trosa.Where(t => t.Step == step.ToString(System.Globalization.CultureInfo.InvariantCulture)).Select(t => t.Code);
}
