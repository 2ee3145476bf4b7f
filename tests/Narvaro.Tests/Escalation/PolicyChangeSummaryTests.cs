using Narvaro.Domain;
using Narvaro.Escalation;

namespace Narvaro.Tests.Escalation;

public sealed class PolicyChangeSummaryTests
{
    private static PolicySnapshot Snapshot(Action<PolicySettings>? change = null, IReadOnlyList<PolicyTaskSetting>? tasks = null)
    {
        var settings = PolicySettings.Trosa();
        change?.Invoke(settings);
        return new PolicySnapshot(settings, PolicyAdministration.Rows(tasks ?? []));
    }

    [Fact]
    public void Lines_Unchanged_None() => Assert.Empty(PolicyChangeSummary.Lines(Snapshot(), Snapshot()));

    [Fact]
    public void Lines_Threshold_OneSwedishLineWithPercent()
    {
        Assert.Equal(["Gräns för steg 3: 10 % → 12,5 %"],
            PolicyChangeSummary.Lines(Snapshot(), Snapshot(s => s.ChecklistThresholdPercent = 12.5m)));
    }

    [Fact]
    public void Lines_SeveralSettings_OneLineEachInFormOrder()
    {
        var after = Snapshot(s =>
        {
            s.Kind = PolicyKind.Narvarohjulet;
            s.InactivityLimitDays = 7;
            s.RequireTwoFactor = true;
            s.EhtMeetingDay = DayOfWeek.Tuesday;
            s.EhtMeetingEveryWeeks = 1;
        });

        Assert.Equal([
            "Arbetssätt: Trappan (Trosa) → Närvarohjulet",
            "Dagar utan åtgärd innan ärendet markeras: 14 → 7",
            "Tvåstegsverifiering krävs: nej → ja",
            "EHT-mötesdag: ingen fast dag → tisdag",
            "EHT möts: var 2:e vecka → varje vecka",
        ], PolicyChangeSummary.Lines(Snapshot(), after));
    }

    [Fact]
    public void Lines_TaskRoleAndDueDays_NamedByTitle()
    {
        var after = Snapshot(tasks: [new PolicyTaskSetting { Code = TaskCatalog.S3Followup, Role = nameof(TaskRole.Rektor), DueDays = 10 }]);

        Assert.Equal([
            "Uppgift \"Uppföljning efter en vecka\", ansvarig: Mentor/klasslärare → Rektor",
            "Uppgift \"Uppföljning efter en vecka\", dagar: 7 → 10",
        ], PolicyChangeSummary.Lines(Snapshot(), after));
    }

    [Fact]
    public void Validate_Step3AboveStep4_ErrorAtStep3Field()
    {
        var errors = PolicyAdministration.Validate(Snapshot(s => s.ChecklistThresholdPercent = 16));

        Assert.Contains(errors, e => e.Field == nameof(PolicySettings.ChecklistThresholdPercent) && e.Message.Contains("steg 4"));
    }
}
