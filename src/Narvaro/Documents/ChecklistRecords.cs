using Microsoft.EntityFrameworkCore;
using Narvaro.Access;
using Narvaro.Audit;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation;

namespace Narvaro.Documents;

/// <summary>One saved version of a pupil's checklist, as the versions list shows it.</summary>
public sealed record ChecklistVersion(
    int Version,
    string? RecordedByName,
    DateTime RecordedAtUtc,
    DateOnly AsOf,
    DateOnly? TalkWithPupilOn,
    DateOnly? TalkWithGuardianOn);

/// <summary>What the checklist page shows: the pupil's facts as of <see cref="AsOf"/>, the latest answers and every version.</summary>
public sealed record ChecklistOverview(
    PupilAccessLevel Access,
    DateOnly AsOf,
    PupilDocumentData Pupil,
    ChecklistEntry? Latest,
    IReadOnlyList<ChecklistVersion> Versions,
    bool HasOpenChecklistTask);

/// <summary>A new version was saved; <see cref="TaskCompleted"/> when it completed the case's S3-CHECKLIST task.</summary>
public sealed record ChecklistSaved(int Version, bool TaskCompleted);

/// <summary>A row of the rector's list: the latest checklist of a pupil at one of the rector's schools.</summary>
public sealed record ChecklistListRow(
    int PupilId,
    string ExternalId,
    string PupilName,
    string ClassName,
    string SchoolName,
    string? MentorName,
    int Version,
    DateTime RecordedAtUtc,
    DateOnly? TalkWithPupilOn,
    DateOnly? TalkWithGuardianOn);

/// <summary>
/// Bilaga 1 filled in in the browser (step 3, "Fyller tillsammans med elev och vårdnadshavare i Checklista vid frånvaro
/// (bilaga 1) … Kopia på dokumentation till rektor"). The mentor saves versions; saving completes S3-CHECKLIST; the
/// rector of the pupil's school reads them. Everyone else is answered as if the pupil did not exist (null).
/// Every read and save is in the audit log.
/// </summary>
public sealed class ChecklistRecords(NarvaroDbContext db, DocumentDataService data, AuditTrail audit, TimeProvider clock)
{
    public const string ViewedAction = "Checklista visad";
    public const string SavedAction = "Checklista sparad";
    public const string ListedAction = "Checklistor visade";
    /// <summary>The same action as every other document download.</summary>
    public const string DownloadedAction = "Dokument hämtat";

    /// <summary>The D the facts are taken as of when the page opens: yesterday, the date the nightly run evaluates.</summary>
    public DateOnly DefaultAsOf => SwedishTime.Yesterday(clock);

    public DateOnly Today => SwedishTime.Today(clock);

    public Task<PupilAccessLevel> AccessAsync(int pupilId, string userId, CancellationToken cancellationToken = default) =>
        StaffAccess.PupilAccessAsync(db, userId, pupilId, cancellationToken);

    /// <summary>The page's content for the mentor or the rector; null for anyone else or an unknown pupil.</summary>
    public async Task<ChecklistOverview?> OverviewAsync(int pupilId, string userId, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var access = await AccessAsync(pupilId, userId, cancellationToken);
        if (access == PupilAccessLevel.None) return null;
        var pupil = await data.ForPupilAsync(pupilId, asOf, cancellationToken);
        if (pupil is null) return null;

        var records = await db.Checklists.AsNoTracking()
            .Where(c => c.PupilId == pupilId)
            .OrderByDescending(c => c.Version)
            .Select(c => new { c.Version, c.RecordedByUserId, c.RecordedAtUtc, c.AsOf, c.TalkWithPupilOn, c.TalkWithGuardianOn, c.AnswersJson })
            .ToListAsync(cancellationToken);
        var names = await NamesAsync(records.Select(r => r.RecordedByUserId), cancellationToken);
        var versions = records
            .Select(r => new ChecklistVersion(r.Version, r.RecordedByUserId is { } by ? names.GetValueOrDefault(by) : null,
                r.RecordedAtUtc, r.AsOf, r.TalkWithPupilOn, r.TalkWithGuardianOn))
            .ToList();
        var latest = records.FirstOrDefault() is { } newest
            ? ChecklistEntry.FromStored(newest.TalkWithPupilOn, newest.TalkWithGuardianOn, newest.AnswersJson)
            : null;
        var openTask = await OpenChecklistTask(pupilId).AnyAsync(cancellationToken);

        await audit.RecordAsync(userId, ViewedAction, pupilId, pupil.Header.SchoolId,
            $"Bilaga 1 Checklista ({versions.Count} versioner)", cancellationToken);
        return new ChecklistOverview(access, asOf, pupil, latest, versions, openTask);
    }

    /// <summary>
    /// Saves the mentor's answers as the pupil's next version, with the figures' window ending <paramref name="asOf"/>;
    /// completes the open case's S3-CHECKLIST task (done on the later talk date). Null when the user is not the
    /// pupil's mentor.
    /// </summary>
    public async Task<ChecklistSaved?> SaveAsync(int pupilId, string userId, ChecklistEntry entry, DateOnly asOf,
        CancellationToken cancellationToken = default)
    {
        if (await AccessAsync(pupilId, userId, cancellationToken) != PupilAccessLevel.Mentor) return null;
        var schoolId = await db.Pupils.Where(p => p.Id == pupilId).Select(p => p.SchoolId).SingleAsync(cancellationToken);
        var caseId = await db.Cases.Where(c => c.PupilId == pupilId && c.ClosedOn == null)
            .OrderByDescending(c => c.OpenedOn).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken);

        // Two saves at once compete for the same version number; the unique key (pupil, version) lets one win and
        // the other take the next number.
        for (var attempt = 1; ; attempt++)
        {
            var version = 1 + (await db.Checklists.Where(c => c.PupilId == pupilId).MaxAsync(c => (int?)c.Version, cancellationToken) ?? 0);
            var now = clock.GetUtcNow().UtcDateTime;
            var record = new ChecklistRecord
            {
                PupilId = pupilId, CaseId = caseId, Version = version,
                TalkWithPupilOn = entry.TalkWithPupilOn, TalkWithGuardianOn = entry.TalkWithGuardianOn,
                AnswersJson = entry.ToJson(), AsOf = asOf, RecordedByUserId = userId, RecordedAtUtc = now,
            };
            db.Checklists.Add(record);
            var task = await OpenChecklistTask(pupilId).FirstOrDefaultAsync(cancellationToken);
            if (task is not null)
            {
                task.Status = CaseTaskStatus.Done;
                task.DoneOn = entry.DoneOn;
                task.DoneAtUtc = now;
                task.DoneByUserId = userId;
                task.Note = $"Checklista version {version} sparad";
                db.CaseEvents.Add(new CaseEvent
                {
                    CaseId = task.CaseId!.Value, On = SwedishTime.Today(clock), AtUtc = now, Kind = CaseEventKind.TaskDone, UserId = userId,
                    Text = $"Uppgift {task.Code} klar: {task.Note}.",
                });
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
                continue;
            }
            await audit.RecordAsync(userId, SavedAction, pupilId, schoolId,
                $"Bilaga 1 Checklista version {version}" + (task is null ? "" : $", uppgift {TaskCatalog.S3Checklist} klar"), cancellationToken);
            return new ChecklistSaved(version, task is not null);
        }
    }

    /// <summary>The filled-in Bilaga 1 of one version, rendered from the stored answers; null when not found or not allowed.</summary>
    public async Task<RenderedDocument?> RenderVersionAsync(int pupilId, int version, string userId, CancellationToken cancellationToken = default)
    {
        if (await AccessAsync(pupilId, userId, cancellationToken) == PupilAccessLevel.None) return null;
        var record = await db.Checklists.AsNoTracking().SingleOrDefaultAsync(c => c.PupilId == pupilId && c.Version == version, cancellationToken);
        if (record is null) return null;
        var pupil = await data.ForPupilAsync(pupilId, record.AsOf, cancellationToken);
        if (pupil is null) return null;

        var entry = ChecklistEntry.FromStored(record.TalkWithPupilOn, record.TalkWithGuardianOn, record.AnswersJson);
        var content = ChecklistDocument.Render(new ChecklistModel(pupil.Header, pupil.Figures, pupil.Pattern, record.RecordedAtUtc, entry.ToAnswers()));
        var fileName = $"Bilaga1-checklista-{DocumentFormat.FileNamePart(pupil.Header.ExternalId)}-version-{version}-{DocumentFormat.Date(record.AsOf)}.pdf";
        await audit.RecordAsync(userId, DownloadedAction, pupilId, pupil.Header.SchoolId,
            $"Bilaga 1 Checklista version {version} ({fileName})", cancellationToken);
        return new RenderedDocument(fileName, content);
    }

    /// <summary>The blank Bilaga 1 beside the filled-in ones, for the same people.</summary>
    public async Task<RenderedDocument?> RenderBlankAsync(int pupilId, string userId, CancellationToken cancellationToken = default)
    {
        if (await AccessAsync(pupilId, userId, cancellationToken) == PupilAccessLevel.None) return null;
        var schoolId = await db.Pupils.Where(p => p.Id == pupilId).Select(p => p.SchoolId).SingleAsync(cancellationToken);
        var content = ChecklistDocument.Render(new ChecklistModel(null, null, null, clock.GetUtcNow().UtcDateTime));
        const string fileName = "Bilaga1-checklista-blankett.pdf";
        await audit.RecordAsync(userId, DownloadedAction, pupilId, schoolId, $"Bilaga 1 Checklista, blankett ({fileName})", cancellationToken);
        return new RenderedDocument(fileName, content);
    }

    /// <summary>"Kopia till rektor": the latest checklist of every pupil at the schools where the user is rektor, newest first.</summary>
    public async Task<IReadOnlyList<ChecklistListRow>> LatestForRectorAsync(string userId, CancellationToken cancellationToken = default)
    {
        var schoolIds = await StaffAccess.SchoolsWhere(db, userId, [StaffRoles.Rektor]).Select(s => s.Id).ToListAsync(cancellationToken);
        var records = await db.Checklists.AsNoTracking()
            .Where(c => schoolIds.Contains(c.Pupil!.SchoolId))
            .Where(c => c.Version == db.Checklists.Where(o => o.PupilId == c.PupilId).Max(o => o.Version))
            .Select(c => new
            {
                c.PupilId, c.Pupil!.ExternalId, Name = c.Pupil.FirstName + " " + c.Pupil.LastName, ClassName = c.Pupil.Class!.Name,
                SchoolName = c.Pupil.School!.Name, MentorName = c.Pupil.Mentor != null ? c.Pupil.Mentor.DisplayName : null,
                c.Version, c.RecordedAtUtc, c.TalkWithPupilOn, c.TalkWithGuardianOn,
            })
            .ToListAsync(cancellationToken);
        var rows = records
            .OrderByDescending(r => r.RecordedAtUtc).ThenBy(r => r.Name, StringComparer.Create(DocumentFormat.Swedish, false))
            .Select(r => new ChecklistListRow(r.PupilId, r.ExternalId, r.Name, r.ClassName, r.SchoolName, r.MentorName,
                r.Version, r.RecordedAtUtc, r.TalkWithPupilOn, r.TalkWithGuardianOn))
            .ToList();
        await audit.RecordAsync(userId, ListedAction, pupilId: null, schoolId: schoolIds.Count == 1 ? schoolIds[0] : null,
            $"Checklistor (bilaga 1): {rows.Count} elever (skolor: {string.Join(", ", schoolIds)})", cancellationToken);
        return rows;
    }

    private IQueryable<CaseTask> OpenChecklistTask(int pupilId) =>
        db.Tasks.Where(t => t.PupilId == pupilId && t.Code == TaskCatalog.S3Checklist && t.Status == CaseTaskStatus.Open
            && t.CaseId != null && t.Case!.ClosedOn == null);

    private async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string?> userIds, CancellationToken cancellationToken)
    {
        var ids = userIds.OfType<string>().Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
    }
}
