using Narvaro.Absence;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Escalation.Rules;

namespace Narvaro.Tests.Escalation;

public class StaircaseTests
{
    private static readonly PolicySettings Trosa = PolicySettings.Trosa();

    private static AbsenceMeasures M(decimal percent = 0, int schoolDays = 20, int late = 0, int streak = 0)
    {
        const int reported = 10_000;
        return new AbsenceMeasures(1, schoolDays, reported, reported, (int)(percent * reported / 100m), 0, late, streak);
    }

    [Fact]
    public void Decide_NoCaseAndNothingTriggers_ReturnsNull() => Assert.Null(Staircase.Decide(M(9.99m), Trosa, null));

    [Fact]
    public void Decide_Exactly10Percent_OpensCaseAtStep3WithStep3Tasks()
    {
        var d = Staircase.Decide(M(10m), Trosa, null)!;
        Assert.True(d.OpensCase);
        Assert.Equal(new CaseState(3, false, 0), d.State);
        Assert.Equal([TaskCatalog.S3Checklist, TaskCatalog.S3Followup], d.TaskCodes);
    }

    [Fact]
    public void Decide_JumpStraightAbove20Percent_RaisesTasksOfSteps3And4And5()
    {
        var d = Staircase.Decide(M(25m), Trosa, null)!;
        Assert.Equal(5, d.State.Step);
        Assert.Equal(TaskCatalog.CodesOfStep(3).Concat(TaskCatalog.CodesOfStep(4)).Concat(TaskCatalog.CodesOfStep(5)), d.TaskCodes);
    }

    [Fact]
    public void Decide_Exactly20Percent_IsStep4NotStep5() => Assert.Equal(4, Staircase.Decide(M(20m), Trosa, null)!.State.Step);

    [Fact]
    public void Decide_Exactly15Percent_IsStep4() => Assert.Equal(4, Staircase.Decide(M(15m), Trosa, null)!.State.Step);

    [Fact]
    public void Decide_From3To5_RaisesStep4And5Tasks()
    {
        var d = Staircase.Decide(M(30m), Trosa, new CaseState(3, false, 0))!;
        Assert.False(d.OpensCase);
        Assert.Equal(TaskCatalog.CodesOfStep(4).Concat(TaskCatalog.CodesOfStep(5)), d.TaskCodes);
    }

    [Fact]
    public void Decide_LowerStepLater_RaisesNothingAndKeepsStep()
    {
        Assert.Null(Staircase.Decide(M(11m), Trosa, new CaseState(5, false, 0)));
        Assert.Null(Staircase.Decide(M(0m), Trosa, new CaseState(4, false, 0)));
    }

    [Fact]
    public void Decide_SameStepAgain_RaisesNothing() => Assert.Null(Staircase.Decide(M(12m), Trosa, new CaseState(3, false, 0)));

    [Fact]
    public void Decide_NotEvaluatedPupilAt100Percent_NoStep()
    {
        Assert.Null(Staircase.Decide(M(100m, schoolDays: 9), Trosa, null));
        Assert.Equal(3, Staircase.Decide(M(10m, schoolDays: 10), Trosa, null)!.State.Step);
    }

    [Theory]
    [InlineData(10, false)]
    [InlineData(11, true)]
    public void Decide_InvalidStreak_MOnlyAboveTenSchoolDays(int streak, bool expected)
    {
        var d = Staircase.Decide(M(0m, schoolDays: 5, streak: streak), Trosa, null);
        Assert.Equal(expected, d is not null);
        if (expected)
        {
            Assert.Equal(new CaseState(0, true, 0), d!.State);
            Assert.Equal([TaskCatalog.MReport], d.TaskCodes);
        }
    }

    [Fact]
    public void Decide_MAlreadyRaisedInCase_NotRaisedAgain() =>
        Assert.Null(Staircase.Decide(M(0m, streak: 15), Trosa, new CaseState(0, true, 0)));

    [Theory]
    [InlineData(2, 0, new string[0])]
    [InlineData(3, 1, new[] { TaskCatalog.L1Contact })]
    [InlineData(5, 1, new[] { TaskCatalog.L1Contact })]
    [InlineData(6, 2, new[] { TaskCatalog.L1Contact, TaskCatalog.L2Report })]
    public void Decide_LateArrivals_L1At3AndL2At6(int late, int level, string[] codes)
    {
        var d = Staircase.Decide(M(late: late), Trosa, null);
        Assert.Equal(level, d?.State.LateLevel ?? 0);
        Assert.Equal(codes, d?.TaskCodes ?? []);
    }

    [Fact]
    public void Decide_L2AfterL1_RaisesOnlyL2() =>
        Assert.Equal([TaskCatalog.L2Report], Staircase.Decide(M(late: 7), Trosa, new CaseState(0, false, 1))!.TaskCodes);

    [Fact]
    public void Decide_OwnThresholds_UsesPolicyThresholds()
    {
        var strict = new PolicySettings { ChecklistThresholdPercent = 5m, StudentHealthThresholdPercent = 8m, SkolchefThresholdPercent = 12m };
        Assert.Equal(5, Staircase.Decide(M(12.5m), strict, null)!.State.Step);
    }

    [Fact]
    public void FirstDayContact_InvalidTodayAfterDayWithout_Applies()
    {
        Assert.True(FirstDayContactRule.Applies(true, false));
        Assert.False(FirstDayContactRule.Applies(true, true));
        Assert.False(FirstDayContactRule.Applies(false, false));
    }

    [Fact]
    public void WeeklyTalk_PreviousWeek_IsMondayToSundayBefore()
    {
        var (from, to) = WeeklyTalkRule.PreviousWeek(new DateOnly(2026, 11, 18)); // a Wednesday
        Assert.Equal(new DateOnly(2026, 11, 9), from);
        Assert.Equal(new DateOnly(2026, 11, 15), to);
        Assert.Equal(new DateOnly(2026, 11, 16), WeeklyTalkRule.WeekStart(new DateOnly(2026, 11, 22))); // Sunday
    }

    [Theory]
    [InlineData(3, false, false, WheelStage.Narvaroundersokning)]
    [InlineData(4, false, false, WheelStage.Analys)]
    [InlineData(5, false, false, WheelStage.Franvaroutredning)]
    [InlineData(5, true, false, WheelStage.Narvaroplan)]
    [InlineData(0, false, false, WheelStage.Upptackt)]
    [InlineData(4, false, true, WheelStage.Utvardering)]
    public void Narvarohjulet_StageOf_MapsStepsOntoTheWheel(int step, bool continuous, bool closed, WheelStage expected) =>
        Assert.Equal(expected, Narvarohjulet.StageOf(step, continuous, closed));
}
