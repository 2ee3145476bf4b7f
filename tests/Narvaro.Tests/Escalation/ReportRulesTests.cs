using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Escalation.Rules;

namespace Narvaro.Tests.Escalation;

/// <summary>Which task a recorded report completes, and which reports a case needs before it closes without a reason.</summary>
public sealed class ReportRulesTests
{
    [Fact]
    public void CodesCompleted_Huvudman_CompletesS4Huvudman() =>
        Assert.Equal([TaskCatalog.S4Huvudman], ReportCompletesTaskRule.CodesCompleted(CaseReportKind.Huvudman, false, false, []));

    [Fact]
    public void CodesCompleted_SkolchefOnStep5_CompletesS5Skolchef() =>
        Assert.Equal([TaskCatalog.S5Skolchef], ReportCompletesTaskRule.CodesCompleted(CaseReportKind.Skolchef, false, false, []));

    [Fact]
    public void CodesCompleted_MCase_NeedsBothSkolchefAndSocialtjanst()
    {
        Assert.DoesNotContain(TaskCatalog.MReport, ReportCompletesTaskRule.CodesCompleted(CaseReportKind.Skolchef, true, false, []));
        Assert.Empty(ReportCompletesTaskRule.CodesCompleted(CaseReportKind.Socialtjanst, true, false, []));
        Assert.Contains(TaskCatalog.MReport,
            ReportCompletesTaskRule.CodesCompleted(CaseReportKind.Socialtjanst, true, false, [CaseReportKind.Skolchef]));
        Assert.Contains(TaskCatalog.MReport,
            ReportCompletesTaskRule.CodesCompleted(CaseReportKind.Skolchef, true, false, [CaseReportKind.Socialtjanst]));
    }

    [Fact]
    public void CodesCompleted_SocialtjanstAtStep7_CompletesS7Concern() =>
        Assert.Equal([TaskCatalog.S7Concern], ReportCompletesTaskRule.CodesCompleted(CaseReportKind.Socialtjanst, false, true, []));

    [Fact]
    public void CodesCompleted_SocialtjanstWithoutMOrStep7_CompletesNothing() =>
        Assert.Empty(ReportCompletesTaskRule.CodesCompleted(CaseReportKind.Socialtjanst, false, false, [CaseReportKind.Skolchef]));

    [Fact]
    public void AnsweredCode_SkolchefOnAnMCaseWithoutS5Task_IsMReport() =>
        Assert.Equal(TaskCatalog.MReport, ReportCompletesTaskRule.AnsweredCode(CaseReportKind.Skolchef, true, false, [TaskCatalog.MReport]));

    [Fact]
    public void Answering_MReport_OnlyWithBothReports()
    {
        var chief = Report(1, CaseReportKind.Skolchef, new DateOnly(2026, 11, 3), TaskCatalog.MReport);
        var social = Report(2, CaseReportKind.Socialtjanst, new DateOnly(2026, 11, 5), TaskCatalog.MReport);
        Assert.Empty(ReportCompletesTaskRule.Answering(TaskCatalog.MReport, [chief]));
        Assert.Equal([chief, social], ReportCompletesTaskRule.Answering(TaskCatalog.MReport, [chief, social]));
        Assert.Empty(ReportCompletesTaskRule.Answering(TaskCatalog.S7Concern, [chief, social]));
    }

    [Fact]
    public void Missing_MCaseWithoutReports_NamesSkolchefAndSocialtjanst() =>
        Assert.Equal([CaseReportKind.Skolchef, CaseReportKind.Socialtjanst], MandatoryReportRule.Missing(0, true, []));

    [Fact]
    public void Missing_Step5_NeedsHuvudmanAndSkolchef()
    {
        Assert.Equal([CaseReportKind.Huvudman, CaseReportKind.Skolchef], MandatoryReportRule.Missing(5, false, []));
        Assert.Empty(MandatoryReportRule.Missing(5, false, [CaseReportKind.Skolchef, CaseReportKind.Huvudman]));
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(4, true)]
    public void ReasonRequired_FromStep4WithoutTheHuvudmanReport(int step, bool required) =>
        Assert.Equal(required, MandatoryReportRule.ReasonRequired(step, false, []));

    [Fact]
    public void KindsDoneBy_MReportDone_StandsForBothReports() =>
        Assert.Equal([CaseReportKind.Skolchef, CaseReportKind.Socialtjanst], MandatoryReportRule.KindsDoneBy(TaskCatalog.MReport));

    private static CaseReport Report(int id, CaseReportKind kind, DateOnly on, string? code) =>
        new() { Id = id, Kind = kind, ReportedOn = on, Recipient = "Mottagare", TaskCode = code, RecordedByUserId = "u" };
}
