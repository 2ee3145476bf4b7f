using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Absence;

/// <summary>A pupil's measures together with who the pupil is and the policy they were taken under.</summary>
public sealed record PupilMeasures(int PupilId, string ExternalId, int OrganisationId, PolicySettings Policy, AbsenceMeasures Measures)
{
    public bool Evaluated => Measures.IsEvaluated(Policy.MinSchoolDays);
}

/// <summary>Every pupil's measures as of a date: one aggregate query, folded per pupil with the pupil's huvudman's policy.</summary>
public sealed class MeasureService(NarvaroDbContext db, AttendanceDayQuery days)
{
    /// <summary>Measures over each pupil's rolling window ending with <paramref name="asOf"/>, sorted by elev_id.</summary>
    public Task<List<PupilMeasures>> RollingAsync(DateOnly asOf, CancellationToken cancellationToken = default) =>
        ComputeAsync(policy => AbsenceWindow.Rolling(asOf, policy.WindowDays), null, cancellationToken);

    /// <summary>Measures over one calendar month, for reports and the pupil page.</summary>
    public Task<List<PupilMeasures>> MonthAsync(int year, int month, CancellationToken cancellationToken = default) =>
        ComputeAsync(_ => AbsenceWindow.Month(year, month), null, cancellationToken);

    /// <summary>Measures over one calendar month of the pupils of some schools only (null: every pupil).</summary>
    public Task<List<PupilMeasures>> MonthAsync(int year, int month, IReadOnlyCollection<int>? schoolIds, CancellationToken cancellationToken = default) =>
        ComputeAsync(_ => AbsenceWindow.Month(year, month), schoolIds, cancellationToken);

    private async Task<List<PupilMeasures>> ComputeAsync(Func<PolicySettings, AbsenceWindow> windowOf, IReadOnlyCollection<int>? schoolIds,
        CancellationToken cancellationToken)
    {
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Policy, cancellationToken);
        var pupilsQuery = db.Pupils.AsNoTracking();
        if (schoolIds is not null) pupilsQuery = pupilsQuery.Where(p => schoolIds.Contains(p.SchoolId));
        var pupils = await pupilsQuery
            .Select(p => new { p.Id, p.ExternalId, p.School!.OrganisationId })
            .ToListAsync(cancellationToken);
        if (pupils.Count == 0) return [];

        var windows = organisations.ToDictionary(o => o.Key, o => windowOf(o.Value));
        var span = new AbsenceWindow(windows.Values.Min(w => w.From), windows.Values.Max(w => w.To));
        var organisationOf = pupils.ToDictionary(p => p.Id, p => p.OrganisationId);

        var measured = new Dictionary<int, AbsenceMeasures>(pupils.Count);
        var buffer = new List<DayAttendance>(64);
        var current = -1;
        foreach (var day in days.Stream(span, schoolIds, cancellationToken))
        {
            if (day.PupilId != current)
            {
                Flush();
                current = day.PupilId;
            }
            buffer.Add(day);
        }
        Flush();

        return pupils
            .Select(p => new PupilMeasures(p.Id, p.ExternalId, p.OrganisationId, organisations[p.OrganisationId],
                measured.GetValueOrDefault(p.Id) ?? AbsenceMeasures.None(p.Id)))
            .OrderBy(p => p.ExternalId, StringComparer.Ordinal)
            .ToList();

        void Flush()
        {
            if (buffer.Count == 0) return;
            // Rows of a pupil no longer in the register (deleted between reads) are ignored.
            if (organisationOf.TryGetValue(current, out var organisationId))
            {
                var window = windows[organisationId];
                var policy = organisations[organisationId];
                measured[current] = AbsenceMeasuresCalculator.Fold(current, buffer.Where(d => window.Contains(d.Date)), policy.CountApprovedLeave);
            }
            buffer.Clear();
        }
    }
}
