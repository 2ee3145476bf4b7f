using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Narvaro.Access;
using Narvaro.Audit;
using Narvaro.Data;
using Narvaro.Documents;
using Narvaro.Domain;
using Narvaro.Escalation;

namespace Narvaro.StudentHealth;

/// <summary>One recorded version of a case's kartläggning, as the versions table shows it (no answers).</summary>
public sealed record KartlaggningVersion(int Version, DateOnly DoneOn, string DoneByName, string RecordedByName, DateTime RecordedAtUtc,
    DateOnly? PupilConsentOn);

/// <summary>A skolkurator of the pupil's school the kartläggning may be recorded as done by.</summary>
public sealed record KartlaggningKurator(string UserId, string Name);

/// <summary>What /arende/{id}/kartlaggning shows to the EHT and the rector of the school.</summary>
public sealed record KartlaggningOverview(
    int CaseId,
    CaseAccessLevel Access,
    PupilDocumentHeader Pupil,
    DateOnly CaseOpenedOn,
    int Step,
    bool CaseOpen,
    DateOnly Today,
    IReadOnlyList<KartlaggningVersion> Versions,
    IReadOnlyList<string?> LatestAnswers,
    IReadOnlyList<KartlaggningKurator> Kurators,
    bool HasOpenTask)
{
    public int LatestVersion => Versions.Count == 0 ? 0 : Versions[0].Version;
}

/// <summary>The form as posted: texts, parsed and checked by <see cref="KartlaggningService.Validate"/>.</summary>
public sealed record KartlaggningSubmission(
    string? DoneOn,
    string? DoneByUserId,
    IReadOnlyList<string?> Answers,
    bool PupilConsent,
    string? PupilConsentOn,
    int BasedOnVersion);

/// <summary>A field of the form and what is wrong with it, in Swedish.</summary>
public sealed record KartlaggningError(string Field, string Message);

/// <summary>A new version was recorded; <see cref="TaskCompleted"/> when it completed the case's S4-SKOLSOCIAL task.</summary>
public sealed record KartlaggningSaved(int Version, bool TaskCompleted);

/// <summary>The record could not be saved; the form shows <see cref="Errors"/> and keeps what was written.</summary>
public sealed class KartlaggningException(IReadOnlyList<KartlaggningError> errors) : Exception(errors[0].Message)
{
    public IReadOnlyList<KartlaggningError> Errors { get; } = errors;
}

/// <summary>
/// Bilaga 2, the skolsocial kartläggning (step 4): the kurator records that it was done (date, by whom), the answers
/// per area of the form and the pupil's approval; each save is a new version and completes the case's S4-SKOLSOCIAL
/// task. The answers are elevhälsa secrets: only the EHT members and the rector of the school (<see cref="CaseAccessLevel.StudentHealth"/>
/// and up) read them; everyone else, the mentor included, is answered as if the case did not exist (null). The case's
/// timeline says that it was done and by whom, never what it says. Every view, download and save is audited.
/// </summary>
public sealed class KartlaggningService(NarvaroDbContext db, DocumentDataService data, AuditTrail audit, TimeProvider clock)
{
    public const string ViewedAction = "Kartläggning visad";
    public const string RecordedAction = "Kartläggning registrerad";
    public const string DownloadedAction = "Dokument hämtat";
    public const int MaxAnswerLength = 4000;
    public const string TaskNote = "Skolsocial kartläggning registrerad";

    public const string DoneOnField = "DoneOn";
    public const string DoneByField = "DoneByUserId";
    public const string ConsentField = "PupilConsent";
    public const string ConsentOnField = "PupilConsentOn";
    public const string FormField = "";
    public static string AnswerField(int area) => $"Answer{area + 1}";

    public static IReadOnlyList<(string Question, string Prompt)> Areas => SkolsocialKartlaggningDocument.Areas;

    public DateOnly Today => SwedishTime.Today(clock);

    /// <summary>The reader's level for the case; only <see cref="CaseAccessLevelExtensions.ReadsSecrets"/> reaches these pages.</summary>
    public async Task<bool> MayReadAsync(int caseId, string userId, CancellationToken cancellationToken = default) =>
        (await CaseAccess.LevelAsync(db, userId, caseId, cancellationToken)).ReadsSecrets();

    public async Task<KartlaggningOverview?> OverviewAsync(int caseId, string userId, CancellationToken cancellationToken = default)
    {
        var access = await CaseAccess.LevelAsync(db, userId, caseId, cancellationToken);
        if (!access.ReadsSecrets()) return null;
        var facts = await CaseFactsAsync(caseId, cancellationToken);
        var pupil = (await data.ForPupilAsync(facts.PupilId, SwedishTime.Yesterday(clock), cancellationToken))!;
        var records = await db.Kartlaggningar.AsNoTracking().Where(k => k.CaseId == caseId).OrderByDescending(k => k.Version)
            .ToListAsync(cancellationToken);
        var names = await NamesAsync(records.SelectMany(r => new[] { r.DoneByUserId, r.RecordedByUserId }), cancellationToken);
        var versions = records.Select(r => new KartlaggningVersion(r.Version, r.DoneOn, names.GetValueOrDefault(r.DoneByUserId, "–"),
            names.GetValueOrDefault(r.RecordedByUserId, "–"), r.RecordedAtUtc, r.PupilConsent ? r.PupilConsentOn : null)).ToList();
        var latest = records.Count > 0 ? ReadAnswers(records[0].AnswersJson) : Enumerable.Repeat<string?>(null, Areas.Count).ToList();
        var kurators = await KuratorsAsync(pupil.Header.SchoolId, cancellationToken);
        var openTask = await OpenTask(caseId).AnyAsync(cancellationToken);
        await audit.RecordAsync(userId, ViewedAction, facts.PupilId, pupil.Header.SchoolId,
            $"Ärende {caseId}: Bilaga 2 Skolsocial kartläggning ({versions.Count} versioner)", cancellationToken);
        return new KartlaggningOverview(caseId, access, pupil.Header, facts.OpenedOn, facts.Step, facts.ClosedOn is null, Today,
            versions, latest, kurators, openTask);
    }

    /// <summary>
    /// Checks the form: the date done (a real date, not in the future, not before the case opened), the kurator (one of
    /// the school's skolkuratorer or the recorder), at least one answer and none over <see cref="MaxAnswerLength"/>,
    /// and the pupil's approval with its date (not before the kartläggning, not in the future).
    /// </summary>
    public static IReadOnlyList<KartlaggningError> Validate(KartlaggningSubmission form, DateOnly today, DateOnly caseOpenedOn,
        IReadOnlyCollection<string> allowedKurators, out DateOnly doneOn, out DateOnly? consentOn)
    {
        var errors = new List<KartlaggningError>();
        doneOn = default;
        consentOn = null;
        if (string.IsNullOrWhiteSpace(form.DoneOn))
            errors.Add(new(DoneOnField, "Ange datum då kartläggningen gjordes, till exempel " + Iso(today) + "."));
        else if (!TryDate(form.DoneOn, out doneOn))
            errors.Add(new(DoneOnField, "Datumet för kartläggningen finns inte. Skriv det som år-månad-dag, till exempel " + Iso(today) + "."));
        else if (doneOn > today)
            errors.Add(new(DoneOnField, "Datumet för kartläggningen kan inte vara senare än i dag. Ange dagen då samtalet hölls."));
        else if (doneOn < caseOpenedOn)
            errors.Add(new(DoneOnField, $"Datumet för kartläggningen kan inte vara före {SwedishDates.Short(caseOpenedOn)}, dagen då ärendet öppnades."));

        if (string.IsNullOrWhiteSpace(form.DoneByUserId) || !allowedKurators.Contains(form.DoneByUserId))
            errors.Add(new(DoneByField, "Välj vilken skolkurator som gjorde kartläggningen."));

        var answers = form.Answers.Select(a => string.IsNullOrWhiteSpace(a) ? null : a.Trim()).ToList();
        for (var i = 0; i < answers.Count; i++)
            if (answers[i] is { Length: > MaxAnswerLength } tooLong)
                errors.Add(new(AnswerField(i), $"Svaret om ”{Areas[i].Question}” får vara högst {MaxAnswerLength} tecken. Det är {tooLong.Length} tecken – korta det."));
        if (answers.All(a => a is null))
            errors.Add(new(AnswerField(0), "Skriv vad som kom fram i samtalet under minst ett av områdena."));

        var hasConsentDate = !string.IsNullOrWhiteSpace(form.PupilConsentOn);
        if (form.PupilConsent)
        {
            if (!hasConsentDate)
                errors.Add(new(ConsentOnField, "Ange datum då eleven godkände kartläggningen."));
            else if (!TryDate(form.PupilConsentOn, out var on))
                errors.Add(new(ConsentOnField, "Datumet för elevens godkännande finns inte. Skriv det som år-månad-dag, till exempel " + Iso(today) + "."));
            else if (on > today)
                errors.Add(new(ConsentOnField, "Datumet för elevens godkännande kan inte vara senare än i dag."));
            else if (doneOn != default && on < doneOn)
                errors.Add(new(ConsentOnField, "Eleven kan inte ha godkänt kartläggningen före dagen då den gjordes. Ändra datumet."));
            else
                consentOn = on;
        }
        else if (hasConsentDate)
        {
            errors.Add(new(ConsentField, "Kryssa i att eleven har godkänt kartläggningen, eller ta bort datumet för godkännandet."));
        }
        return errors;
    }

    /// <summary>
    /// Records a new version; null when the user may not (404). Throws <see cref="KartlaggningException"/> with Swedish
    /// messages when the form is wrong, the case is closed or someone else saved a version since the form was opened.
    /// </summary>
    public async Task<KartlaggningSaved?> RecordAsync(int caseId, string userId, KartlaggningSubmission form, CancellationToken cancellationToken = default)
    {
        if (!await MayReadAsync(caseId, userId, cancellationToken)) return null;
        var facts = await CaseFactsAsync(caseId, cancellationToken);
        if (facts.ClosedOn is not null)
            throw new KartlaggningException([new(FormField, "Ärendet är avslutat. En kartläggning kan inte registreras i ett avslutat ärende.")]);
        var allowed = (await KuratorsAsync(facts.SchoolId, cancellationToken)).Select(k => k.UserId).Append(userId).ToHashSet();
        var today = Today;
        var errors = Validate(form, today, facts.OpenedOn, allowed, out var doneOn, out var consentOn);
        if (errors.Count > 0) throw new KartlaggningException(errors);

        var current = await db.Kartlaggningar.Where(k => k.CaseId == caseId).MaxAsync(k => (int?)k.Version, cancellationToken) ?? 0;
        if (form.BasedOnVersion < 0)
            throw new KartlaggningException([new(FormField,
                "Formuläret saknar uppgift om vilken version det bygger på. Dina svar finns kvar i formuläret – spara igen.")]);
        if (current != form.BasedOnVersion)
            throw new KartlaggningException([new(FormField,
                $"Någon annan har sparat version {current} av kartläggningen medan du skrev. Dina svar finns kvar i formuläret – läs den senaste versionen och spara igen.")]);

        var version = current + 1;
        var now = clock.GetUtcNow().UtcDateTime;
        var doneByName = (await NamesAsync([form.DoneByUserId!], cancellationToken)).GetValueOrDefault(form.DoneByUserId!, "okänd");
        var @case = await db.Cases.SingleAsync(c => c.Id == caseId, cancellationToken);
        @case.Version++;
        db.Kartlaggningar.Add(new KartlaggningRecord
        {
            CaseId = caseId, Version = version, DoneOn = doneOn, DoneByUserId = form.DoneByUserId!,
            AnswersJson = JsonSerializer.Serialize(form.Answers.Select(a => string.IsNullOrWhiteSpace(a) ? null : a.Trim()).ToList()),
            PupilConsent = consentOn is not null, PupilConsentOn = consentOn, RecordedByUserId = userId, RecordedAtUtc = now,
        });
        db.CaseEvents.Add(new CaseEvent
        {
            CaseId = caseId, On = doneOn, AtUtc = now, Kind = CaseEventKind.KartlaggningRecorded, UserId = userId,
            Text = $"Skolsocial kartläggning (bilaga 2) gjord {SwedishDates.Short(doneOn)} av {doneByName}, version {version}.",
        });
        var task = await OpenTask(caseId).FirstOrDefaultAsync(cancellationToken);
        if (task is not null)
        {
            task.Status = CaseTaskStatus.Done;
            task.DoneOn = doneOn < task.RaisedOn ? task.RaisedOn : doneOn;
            task.DoneAtUtc = now;
            task.DoneByUserId = userId;
            task.Note = TaskNote;
            db.CaseEvents.Add(new CaseEvent
            {
                CaseId = caseId, On = task.DoneOn.Value, AtUtc = now, Kind = CaseEventKind.TaskDone, UserId = userId,
                Text = $"Uppgift {task.Code} klar: {TaskNote}.",
            });
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another save of the same case won the version number or the case's version: nothing of this one is kept.
            db.ChangeTracker.Clear();
            throw new KartlaggningException([new(FormField,
                "Någon annan sparade kartläggningen samtidigt. Dina svar finns kvar i formuläret – läs den senaste versionen och spara igen.")]);
        }
        await audit.RecordAsync(userId, RecordedAction, facts.PupilId, facts.SchoolId,
            $"Ärende {caseId}: Bilaga 2 Skolsocial kartläggning version {version}" + (task is null ? "" : $", uppgift {TaskCatalog.S4Skolsocial} klar"),
            cancellationToken);
        return new KartlaggningSaved(version, task is not null);
    }

    /// <summary>The blank Bilaga 2 to print.</summary>
    public Task<RenderedDocument?> RenderBlankAsync(int caseId, string userId, CancellationToken cancellationToken = default) =>
        RenderAsync(caseId, userId, "blankett", cancellationToken, (_, created) =>
            new("Bilaga2-skolsocial-kartlaggning-blankett.pdf", SkolsocialKartlaggningDocument.Render(new KartlaggningModel(null, created))));

    /// <summary>Bilaga 2 prefilled with the pupil and the case's figures, to write on.</summary>
    public Task<RenderedDocument?> RenderPrefilledAsync(int caseId, string userId, CancellationToken cancellationToken = default) =>
        RenderAsync(caseId, userId, "ifylld med elevens uppgifter", cancellationToken, (pupil, created) =>
            new($"Bilaga2-skolsocial-kartlaggning-{DocumentFormat.FileNamePart(pupil.Header.ExternalId)}-{DocumentFormat.Date(pupil.Figures.To)}.pdf",
                SkolsocialKartlaggningDocument.Render(new KartlaggningModel(pupil.Header, created) { Figures = pupil.Figures })));

    /// <summary>A recorded version with its answers; null when not found or not allowed.</summary>
    public async Task<RenderedDocument?> RenderVersionAsync(int caseId, int version, string userId, CancellationToken cancellationToken = default)
    {
        var record = await db.Kartlaggningar.AsNoTracking().SingleOrDefaultAsync(k => k.CaseId == caseId && k.Version == version, cancellationToken);
        if (record is null) return null;
        var names = await NamesAsync([record.DoneByUserId], cancellationToken);
        return await RenderAsync(caseId, userId, $"version {version}", cancellationToken, (pupil, created) =>
            new($"Bilaga2-skolsocial-kartlaggning-{DocumentFormat.FileNamePart(pupil.Header.ExternalId)}-version-{version}.pdf",
                SkolsocialKartlaggningDocument.Render(new KartlaggningModel(pupil.Header, created, ReadAnswers(record.AnswersJson))
                {
                    DoneOn = record.DoneOn, DoneByName = names.GetValueOrDefault(record.DoneByUserId), Version = version,
                    PupilConsentOn = record.PupilConsent ? record.PupilConsentOn : null,
                })));
    }

    private async Task<RenderedDocument?> RenderAsync(int caseId, string userId, string what, CancellationToken cancellationToken,
        Func<PupilDocumentData, DateTime, RenderedDocument> render)
    {
        if (!await MayReadAsync(caseId, userId, cancellationToken)) return null;
        var facts = await CaseFactsAsync(caseId, cancellationToken);
        var pupil = (await data.ForPupilAsync(facts.PupilId, SwedishTime.Yesterday(clock), cancellationToken))!;
        var file = render(pupil, clock.GetUtcNow().UtcDateTime);
        await audit.RecordAsync(userId, DownloadedAction, facts.PupilId, facts.SchoolId,
            $"Ärende {caseId}: Bilaga 2 Skolsocial kartläggning, {what} ({file.FileName})", cancellationToken);
        return file;
    }

    public static IReadOnlyList<string?> ReadAnswers(string json)
    {
        var stored = JsonSerializer.Deserialize<List<string?>>(json) ?? [];
        return Enumerable.Range(0, Areas.Count).Select(i => i < stored.Count ? stored[i] : null).ToList();
    }

    private sealed record CaseFacts(int PupilId, int SchoolId, DateOnly OpenedOn, int Step, DateOnly? ClosedOn);

    private Task<CaseFacts> CaseFactsAsync(int caseId, CancellationToken cancellationToken) =>
        db.Cases.AsNoTracking().Where(c => c.Id == caseId)
            .Select(c => new CaseFacts(c.PupilId, c.Pupil!.SchoolId, c.OpenedOn, c.Step, c.ClosedOn))
            .SingleAsync(cancellationToken);

    private async Task<IReadOnlyList<KartlaggningKurator>> KuratorsAsync(int schoolId, CancellationToken cancellationToken)
    {
        var rows = await db.Users.AsNoTracking()
            .Where(u => db.RoleAssignments.Any(a => a.UserId == u.Id && a.SchoolId == schoolId && a.Role == StaffRoles.Skolkurator))
            .Select(u => new KartlaggningKurator(u.Id, u.DisplayName))
            .ToListAsync(cancellationToken);
        return rows.OrderBy(k => k.Name, StringComparer.Create(DocumentFormat.Swedish, false)).ToList();
    }

    private IQueryable<CaseTask> OpenTask(int caseId) =>
        db.Tasks.Where(t => t.CaseId == caseId && t.Code == TaskCatalog.S4Skolsocial && t.Status == CaseTaskStatus.Open);

    private async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string> userIds, CancellationToken cancellationToken)
    {
        var ids = userIds.Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
    }

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
