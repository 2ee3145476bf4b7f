using Narvaro.Documents;
using Narvaro.StudentHealth;

namespace Narvaro.Leadership;

/// <summary>One school's (or the total's, <see cref="SchoolId"/> null) figures for one calendar month.</summary>
public sealed record SchoolMonthFigures(
    int? SchoolId,
    string SchoolName,
    int PupilsWithAttendance,
    IReadOnlyDictionary<int, int> OpenCasesByStep,
    int ContinuousInvalidFlags,
    int LateFlags,
    int Lessons,
    int ReportedLessons)
{
    /// <summary>Reported lessons as a share of all lessons, in percent (null without lessons).</summary>
    public double? CoveragePercent => Lessons == 0 ? null : Math.Round(100.0 * ReportedLessons / Lessons, 1);

    public int CasesAt(int step) => OpenCasesByStep.TryGetValue(step, out var n) ? n : 0;
}

/// <summary>One month of the trend: of the pupils with reported lessons, how many were absent above 10, 15 and 20 %.</summary>
public sealed record TrendMonth(int Year, int Month, int Pupils, int Over10, int Over15, int Over20)
{
    public double Share(int count) => Pupils == 0 ? 0 : Math.Round(100.0 * count / Pupils, 1);
}

/// <summary>A report recorded on a case (to the skolchef, or any report of an M case), with the pupil named.</summary>
public sealed record ReceivedReport(
    int CaseId,
    string SchoolName,
    string PupilName,
    string ClassName,
    Domain.CaseReportKind Kind,
    bool ContinuousInvalid,
    DateOnly ReportedOn,
    string Recipient,
    string? Reference);

public sealed record SkolchefOverview(
    int OrganisationId,
    string OrganisationName,
    int Year,
    int Month,
    IReadOnlyList<SchoolMonthFigures> Schools,
    SchoolMonthFigures Total,
    IReadOnlyList<TrendMonth> Trend,
    IReadOnlyList<ReceivedReport> Reports,
    MonthlyReportModel MonthlyList,
    int SstYear,
    IReadOnlyList<SstYearFollowUp> SstFollowUp);
