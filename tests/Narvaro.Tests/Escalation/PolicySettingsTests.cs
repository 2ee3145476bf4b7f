using Narvaro.Domain;

namespace Narvaro.Tests.Escalation;

public class PolicySettingsTests
{
    [Fact]
    public void Validate_TrosaDefaults_IsValid() => Assert.Empty(PolicySettings.Trosa().Validate());

    [Fact]
    public void Validate_EhtThresholdBelowChecklist_IsRefused()
    {
        var errors = new PolicySettings { ChecklistThresholdPercent = 15m, StudentHealthThresholdPercent = 10m }.Validate();
        Assert.Contains(errors, e => e.Contains("steg 4"));
    }

    [Fact]
    public void Validate_SkolchefThresholdNotAboveEht_IsRefused() =>
        Assert.NotEmpty(new PolicySettings { SkolchefThresholdPercent = 15m }.Validate());

    [Fact]
    public void Validate_LateReportNotAboveContact_IsRefused() =>
        Assert.NotEmpty(new PolicySettings { LateContactThreshold = 6, LateReportThreshold = 6 }.Validate());

    [Fact]
    public void Validate_MinSchoolDaysLongerThanWindow_IsRefused() =>
        Assert.NotEmpty(new PolicySettings { WindowDays = 14, MinSchoolDays = 15 }.Validate());
}
