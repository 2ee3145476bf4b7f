using Narvaro.Web.Features.Documents;

namespace Narvaro.Web.Tests.AdminLog;

public sealed class MonthlyReportAuditDetailsTests
{
    [Fact]
    public void MonthlyReportAuditDetails_FewPupils_OneEntryListingTheirIds()
    {
        var details = DocumentDownloads.MonthlyReportAuditDetails("Månadsrapport 2026-10 (skolor: 1)", ["E1", "E2"]);

        Assert.Equal(["Månadsrapport 2026-10 (skolor: 1), elever (2): E1, E2"], details);
    }

    [Fact]
    public void MonthlyReportAuditDetails_NoPupils_SaysNone()
    {
        Assert.Equal(["M, elever: inga"], DocumentDownloads.MonthlyReportAuditDetails("M", []));
    }

    [Fact]
    public void MonthlyReportAuditDetails_ManyPupils_SplitWithinLimitAndKeepsEveryId()
    {
        var ids = Enumerable.Range(1, 500).Select(i => $"ELEV{i:0000}").ToList();

        var details = DocumentDownloads.MonthlyReportAuditDetails("Månadsrapport 2026-10 (skolor: 1, 2)", ids);

        Assert.True(details.Count > 1);
        Assert.All(details, d => Assert.True(d.Length <= 2000));
        Assert.All(details.Skip(1), d => Assert.StartsWith("Månadsrapport 2026-10 (skolor: 1, 2), elever (forts.): ", d));
        var listed = details.SelectMany(d => d[(d.IndexOf("): ", StringComparison.Ordinal) + 3)..].Split(", ")).ToList();
        Assert.Equal(ids, listed);
    }
}
