using Narvaro.Domain;
using System.Globalization;
using Narvaro.Absence;
using Narvaro.Pupils;

namespace Narvaro.Web.Features.PupilPage;

/// <summary>The pupil page: the record, whether the reader only reads it (the rector), and the figures shaped for display.</summary>
public sealed record PupilPageViewModel(PupilRecord Record, bool ReadOnly)
{
    public static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public TrendChart Chart { get; } = TrendChart.From(Record.Months, Record.Policy);

    /// <summary>Monday–Friday, and a weekend day only when the pupil has lessons on it.</summary>
    public IReadOnlyList<DayOfWeek> HeatmapWeekdays { get; } =
        new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday }
            .Where(d => d is not (DayOfWeek.Saturday or DayOfWeek.Sunday) || Record.Heatmap.Any(c => c.Weekday == d))
            .ToList();

    public int HeatmapSlots { get; } = Record.Heatmap.Count == 0 ? 0 : Record.Heatmap.Max(c => c.Slot);

    public HeatmapCell? Cell(DayOfWeek weekday, int slot) => Record.Heatmap.FirstOrDefault(c => c.Weekday == weekday && c.Slot == slot);

    public string StepText => Record.OpenCase switch
    {
        null => "Inget öppet ärende",
        { Step: 3 } => "Steg 3 – samtal med elev och vårdnadshavare, checklista (bilaga 1)",
        { Step: 4 } => "Steg 4 – elevhälsan (EHT) och skolsocial kartläggning",
        { Step: 5 } => "Steg 5 – anmälan till skolchef och skolsociala teamet",
        _ => "Öppet ärende utan steg 3–5 (sena ankomster eller sammanhängande ogiltig frånvaro)",
    };

    public IReadOnlyList<PupilTaskLine> OpenTasks => Record.Tasks.Where(t => !t.Done).ToList();

    public IReadOnlyList<PupilTaskLine> DoneTasks => Record.Tasks.Where(t => t.Done).ToList();

    /// <summary>"27 nov. 2026".</summary>
    public static string Date(DateOnly date) => SwedishDates.Short(date);

    public static string Period(DateOnly from, DateOnly to) => $"{Date(from)} – {Date(to)}";

    public static string Percent(double value) => value.ToString("0.0", Swedish) + " %";

    /// <summary>Minutes as hours with one decimal: "42,5 tim".</summary>
    public static string Hours(int minutes) => (minutes / 60.0).ToString("0.0", Swedish) + " tim";

    /// <summary>A threshold factor in words: 2.0 → "dubbelt", otherwise "2,5 gånger".</summary>
    public static string Factor(double factor) => factor == 2.0 ? "dubbelt" : factor.ToString("0.#", Swedish) + " gånger";

    public static string MonthName(DateOnly from) => from.ToString("MMMM yyyy", Swedish);

    public static string WeekdayName(DayOfWeek day) => Swedish.DateTimeFormat.GetDayName(day) is var name && name.Length > 0
        ? char.ToUpper(name[0], Swedish) + name[1..]
        : day.ToString();

    /// <summary>The shade class of a heatmap cell: 0 (no absence) to 4 (at least half the time absent). The number is always printed too.</summary>
    public static string HeatClass(HeatmapCell? cell) => cell switch
    {
        null => "heat-none",
        { AbsentMinutes: 0 } => "heat-0",
        { AbsencePercent: < 10 } => "heat-1",
        { AbsencePercent: < 25 } => "heat-2",
        { AbsencePercent: < 50 } => "heat-3",
        _ => "heat-4",
    };

    public static string FindingKindName(PatternFindingKind kind) => kind switch
    {
        PatternFindingKind.Weekday => "Veckodag",
        PatternFindingKind.FirstLesson or PatternFindingKind.LastLesson => "Lektion på dagen",
        PatternFindingKind.Subject => "Ämne",
        _ => "",
    };

    public static string TimelineKindName(TimelineKind kind) => kind switch
    {
        TimelineKind.CaseEvent => "Ärende",
        TimelineKind.TaskRaised => "Uppgift",
        TimelineKind.TaskDone => "Uppgift klar",
        TimelineKind.WeeklyTalk => "Veckosamtal",
        TimelineKind.ContactAttempt => "Kontakt",
        TimelineKind.Checklist => "Bilaga 1",
        TimelineKind.Document => "Dokument",
        _ => "",
    };
}
