using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Narvaro.Access;
using Narvaro.Audit;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Escalation.Rules;

namespace Narvaro.StudentHealth;

/// <summary>The fields of the SST page a <see cref="SstException"/> can point at.</summary>
public enum SstField
{
    None,
    GuardianConsentOn,
    GuardianConsentMethod,
    PupilConsentOn,
    PupilConsentMethod,
    ReferredOn,
    StartedOn,
    BoosterMeetingOn,
    EndedOn,
    ClosingEvaluation,
    Outcome,
}

/// <summary>An SST change that cannot be made; the message is Swedish and says how to fix it. Nothing was changed.</summary>
public sealed class SstException(string message, SstField field = SstField.None) : Exception(message)
{
    public SstField Field { get; } = field;
}

/// <summary>The referral as the page shows it, with names and the clock.</summary>
public sealed record SstReferralView(
    int Version,
    DateOnly? GuardianConsentOn, ConsentMethod? GuardianConsentMethod, string? GuardianConsentBy,
    DateOnly? PupilConsentOn, ConsentMethod? PupilConsentMethod, string? PupilConsentBy,
    DateOnly? ReferredOn, string? ReferredBy,
    DateOnly? StartedOn, DateOnly? BoosterMeetingOn, DateOnly? EndedOn, string? ClosingEvaluation, SstOutcome? Outcome);

/// <summary>What /arende/{id}/sst shows.</summary>
public sealed record SstOverview(
    int CaseId,
    CaseAccessLevel Access,
    string PupilName,
    string ClassName,
    string SchoolName,
    int Step,
    bool ContinuousInvalid,
    bool CaseOpen,
    DateOnly CaseOpenedOn,
    DateOnly Today,
    SstReferralView? Referral,
    SstClockState State,
    DateOnly? EndsOn,
    int? DaysLeft)
{
    public bool CanEdit => Access == CaseAccessLevel.Rector && CaseOpen;
    /// <summary>Step 5 or M: the plan's condition for a referral.</summary>
    public bool AtStepForSst => Step >= 5 || ContinuousInvalid;
    public int Version => Referral?.Version ?? 0;
}

/// <summary>One school's (or the huvudman's, <see cref="SchoolId"/> null) SST figures for one calendar year, without names.</summary>
public sealed record SstYearFollowUp(
    int Year,
    int? SchoolId,
    string SchoolName,
    int Referrals,
    int WithBothConsents,
    int Started,
    int Ended,
    double? MedianDays,
    double? MeanDays,
    IReadOnlyDictionary<SstOutcome, int> Outcomes);

/// <summary>A referral's dates, as the group-level follow-up reads them (no pupil).</summary>
public sealed record SstFollowUpRow(int SchoolId, string SchoolName, DateOnly? GuardianConsentOn, DateOnly? PupilConsentOn,
    DateOnly? ReferredOn, DateOnly? StartedOn, DateOnly? EndedOn, SstOutcome? Outcome);

/// <summary>
/// Step 5, skolsociala teamet: the rector records the written consents of guardian and pupil (date, how, by whom), sends
/// the referral only with both (<see cref="SstConsentRule"/>), which completes the case's S5-SST task; the start date
/// starts the six-month clock (<see cref="SstClockRule"/>); a booster meeting; the closing with its evaluation and
/// outcome. Every change is checked against the referral's <see cref="SstReferral.Version"/>, logged on the case and
/// audited. The EHT of the school reads; the mentor and everyone else are answered as if the case did not exist.
/// </summary>
public sealed class SstService(NarvaroDbContext db, AuditTrail audit, TimeProvider clock)
{
    public const string ViewedAction = "Skolsociala teamet visat";
    public const string ChangedAction = "Skolsociala teamet ändrat";
    public const int MaxEvaluationLength = 4000;
    public const string StaleMessage =
        "Remissen har ändrats av någon annan sedan du öppnade sidan. Ingenting sparades – läs det som nu är registrerat och gör ändringen igen.";

    public DateOnly Today => SwedishTime.Today(clock);

    public async Task<CaseAccessLevel> AccessAsync(int caseId, string userId, CancellationToken cancellationToken = default) =>
        await CaseAccess.LevelAsync(db, userId, caseId, cancellationToken);

    /// <summary>The page for the rector and the EHT of the school; null (404) for anyone else.</summary>
    public async Task<SstOverview?> OverviewAsync(int caseId, string userId, CancellationToken cancellationToken = default)
    {
        var access = await AccessAsync(caseId, userId, cancellationToken);
        if (!access.ReadsSecrets()) return null;
        var facts = await db.Cases.AsNoTracking().Where(c => c.Id == caseId)
            .Select(c => new
            {
                c.PupilId, Name = c.Pupil!.FirstName + " " + c.Pupil.LastName, ClassName = c.Pupil.Class!.Name, c.Pupil.SchoolId,
                SchoolName = c.Pupil.School!.Name, c.Step, c.ContinuousInvalid, c.ClosedOn, c.OpenedOn,
            })
            .SingleAsync(cancellationToken);
        var referral = await db.SstReferrals.AsNoTracking().SingleOrDefaultAsync(s => s.CaseId == caseId, cancellationToken);
        var today = Today;
        SstReferralView? view = null;
        if (referral is not null)
        {
            var ids = new[] { referral.GuardianConsentRecordedByUserId, referral.PupilConsentRecordedByUserId, referral.ReferredByUserId }
                .OfType<string>().Distinct().ToList();
            var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
            string? Name(string? id) => id is null ? null : names.GetValueOrDefault(id);
            view = new SstReferralView(referral.Version,
                referral.GuardianConsentOn, referral.GuardianConsentMethod, Name(referral.GuardianConsentRecordedByUserId),
                referral.PupilConsentOn, referral.PupilConsentMethod, Name(referral.PupilConsentRecordedByUserId),
                referral.ReferredOn, Name(referral.ReferredByUserId),
                referral.StartedOn, referral.BoosterMeetingOn, referral.EndedOn, referral.ClosingEvaluation, referral.Outcome);
        }
        var state = SstClockRule.StateOn(referral?.StartedOn, referral?.EndedOn, today);
        DateOnly? endsOn = referral?.StartedOn is { } start ? SstClockRule.EndOf(start) : null;
        int? daysLeft = referral?.StartedOn is { } s ? SstClockRule.DaysLeft(s, today) : null;
        await audit.RecordAsync(userId, ViewedAction, facts.PupilId, facts.SchoolId,
            $"Ärende {caseId}: remiss till skolsociala teamet ({SstClockRule.StateName(state)})", cancellationToken);
        return new SstOverview(caseId, access, facts.Name, facts.ClassName, facts.SchoolName, facts.Step, facts.ContinuousInvalid,
            facts.ClosedOn is null, facts.OpenedOn, today, view, state, endsOn, daysLeft);
    }

    /// <summary>The guardian's (or guardians') written consent. Each change returns its timeline text; null when the user is not the school's rector (404).</summary>
    public Task<string?> RecordGuardianConsentAsync(int caseId, string userId, int version, DateOnly on, ConsentMethod method,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(caseId, userId, version, create: true, cancellationToken, (referral, @case) =>
        {
            if (referral.GuardianConsentOn is not null)
                throw new SstException("Vårdnadshavarens samtycke är redan registrerat. Ingenting ändrades.");
            CheckConsent(on, method, @case, SstField.GuardianConsentOn, SstField.GuardianConsentMethod);
            (referral.GuardianConsentOn, referral.GuardianConsentMethod, referral.GuardianConsentRecordedByUserId) = (on, method, userId);
            return $"Skriftligt samtycke från vårdnadshavare registrerat ({SwedishDates.Short(on)}, {MethodName(method)}).";
        });

    /// <summary>The pupil's written consent.</summary>
    public Task<string?> RecordPupilConsentAsync(int caseId, string userId, int version, DateOnly on, ConsentMethod method,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(caseId, userId, version, create: true, cancellationToken, (referral, @case) =>
        {
            if (referral.PupilConsentOn is not null)
                throw new SstException("Elevens samtycke är redan registrerat. Ingenting ändrades.");
            CheckConsent(on, method, @case, SstField.PupilConsentOn, SstField.PupilConsentMethod);
            (referral.PupilConsentOn, referral.PupilConsentMethod, referral.PupilConsentRecordedByUserId) = (on, method, userId);
            return $"Skriftligt samtycke från eleven registrerat ({SwedishDates.Short(on)}, {MethodName(method)}).";
        });

    /// <summary>Sends the referral: only with both consents; completes the case's open S5-SST task.</summary>
    public Task<string?> ReferAsync(int caseId, string userId, int version, DateOnly on, CancellationToken cancellationToken = default) =>
        ChangeAsync(caseId, userId, version, create: true, cancellationToken, (referral, @case) =>
        {
            if (referral.ReferredOn is not null)
                throw new SstException($"Remissen är redan skickad ({SwedishDates.Short(referral.ReferredOn.Value)}). Ingenting ändrades.");
            if (SstConsentRule.MissingMessage(referral.GuardianConsentOn, referral.PupilConsentOn) is { } missing)
                throw new SstException(missing, SstField.ReferredOn);
            NotFuture(on, SstField.ReferredOn, "Remissens datum");
            var latestConsent = referral.GuardianConsentOn!.Value > referral.PupilConsentOn!.Value ? referral.GuardianConsentOn.Value : referral.PupilConsentOn.Value;
            if (on < latestConsent)
                throw new SstException($"Remissen kan inte skickas före {SwedishDates.Short(latestConsent)}, då det sista samtycket gavs. Ändra datumet.", SstField.ReferredOn);
            (referral.ReferredOn, referral.ReferredByUserId) = (on, userId);
            var task = db.Tasks.Local.FirstOrDefault(t => t.CaseId == @case.Id && t.Code == TaskCatalog.S5Sst && t.Status == CaseTaskStatus.Open);
            if (task is not null)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                (task.Status, task.DoneOn, task.DoneAtUtc, task.DoneByUserId, task.Note) =
                    (CaseTaskStatus.Done, on < task.RaisedOn ? task.RaisedOn : on, now, userId, "Remiss till skolsociala teamet skickad");
                db.CaseEvents.Add(new CaseEvent
                {
                    CaseId = @case.Id, On = task.DoneOn.Value, AtUtc = now, Kind = CaseEventKind.TaskDone, UserId = userId,
                    Text = $"Uppgift {task.Code} klar: {task.Note}.",
                });
            }
            return $"Remiss till skolsociala teamet skickad {SwedishDates.Short(on)}.";
        });

    /// <summary>The intervention's start: not before the referral; starts the six-month clock.</summary>
    public Task<string?> StartAsync(int caseId, string userId, int version, DateOnly on, CancellationToken cancellationToken = default) =>
        ChangeAsync(caseId, userId, version, create: false, cancellationToken, (referral, _) =>
        {
            if (referral.ReferredOn is not { } referred)
                throw new SstException("Skicka remissen först. Insatsen kan starta först när remissen är skickad.", SstField.StartedOn);
            if (referral.StartedOn is not null)
                throw new SstException($"Insatsens startdatum är redan registrerat ({SwedishDates.Short(referral.StartedOn.Value)}). Ingenting ändrades.");
            if (on < referred)
                throw new SstException($"Startdatumet kan inte vara före {SwedishDates.Short(referred)}, då remissen skickades. Ändra datumet.", SstField.StartedOn);
            if (on > Today.AddYears(1))
                throw new SstException("Startdatumet kan ligga högst ett år fram i tiden. Ändra datumet.", SstField.StartedOn);
            referral.StartedOn = on;
            return $"Insatsen från skolsociala teamet startar {SwedishDates.Short(on)} och pågår till {SwedishDates.Short(SstClockRule.EndOf(on))}.";
        });

    /// <summary>A booster meeting ("boosterträff"), booked after the start; may be moved.</summary>
    public Task<string?> BookBoosterAsync(int caseId, string userId, int version, DateOnly on, CancellationToken cancellationToken = default) =>
        ChangeAsync(caseId, userId, version, create: false, cancellationToken, (referral, _) =>
        {
            if (referral.StartedOn is not { } started)
                throw new SstException("Registrera insatsens startdatum först.", SstField.BoosterMeetingOn);
            if (on < started)
                throw new SstException($"Boosterträffen kan inte vara före {SwedishDates.Short(started)}, då insatsen startade. Ändra datumet.", SstField.BoosterMeetingOn);
            if (on > Today.AddYears(2))
                throw new SstException("Boosterträffen kan ligga högst två år fram i tiden. Ändra datumet.", SstField.BoosterMeetingOn);
            referral.BoosterMeetingOn = on;
            return $"Boosterträff med skolsociala teamet bokad {SwedishDates.Short(on)}.";
        }, allowWhenEnded: true);

    /// <summary>Closes the intervention with an end date, the closing evaluation and its outcome.</summary>
    public Task<string?> CloseAsync(int caseId, string userId, int version, DateOnly on, string? evaluation, SstOutcome? outcome,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(caseId, userId, version, create: false, cancellationToken, (referral, _) =>
        {
            if (referral.StartedOn is not { } started)
                throw new SstException("Registrera insatsens startdatum först. En insats som inte startat kan inte avslutas.", SstField.EndedOn);
            if (on < started)
                throw new SstException($"Slutdatumet kan inte vara före {SwedishDates.Short(started)}, då insatsen startade. Ändra datumet.", SstField.EndedOn);
            NotFuture(on, SstField.EndedOn, "Slutdatumet");
            var text = evaluation?.Trim();
            if (string.IsNullOrEmpty(text))
                throw new SstException("Skriv den avslutande utvärderingen: vad insatsen ledde till.", SstField.ClosingEvaluation);
            if (text.Length > MaxEvaluationLength)
                throw new SstException($"Utvärderingen får vara högst {MaxEvaluationLength} tecken. Den är {text.Length} tecken – korta den.", SstField.ClosingEvaluation);
            if (outcome is not { } result || !Enum.IsDefined(result))
                throw new SstException("Välj hur insatsen slutade.", SstField.Outcome);
            (referral.EndedOn, referral.ClosingEvaluation, referral.Outcome) = (on, text, result);
            return $"Insatsen från skolsociala teamet avslutad {SwedishDates.Short(on)} ({OutcomeName(result).ToLowerInvariant()}).";
        });

    /// <summary>
    /// The yearly group-level follow-up for the nämnd (Bilaga 4, "Uppföljning på gruppnivå"), without names: per school of
    /// the huvudman and in total, for calendar <paramref name="year"/>: referrals sent, of them with both consents,
    /// interventions started, ended, the ended ones' median and mean length in days, and their outcomes.
    /// </summary>
    public async Task<IReadOnlyList<SstYearFollowUp>> YearlyFollowUpAsync(int organisationId, int year, CancellationToken cancellationToken = default)
    {
        var rows = await db.SstReferrals.AsNoTracking()
            .Where(s => s.Case!.Pupil!.School!.OrganisationId == organisationId)
            .Select(s => new SstFollowUpRow(s.Case!.Pupil!.SchoolId, s.Case.Pupil.School!.Name, s.GuardianConsentOn, s.PupilConsentOn,
                s.ReferredOn, s.StartedOn, s.EndedOn, s.Outcome))
            .ToListAsync(cancellationToken);
        return Summarise(rows, year);
    }

    /// <summary>The pure part of <see cref="YearlyFollowUpAsync"/>: one row per school with any referral touching the year, then the total.</summary>
    public static IReadOnlyList<SstYearFollowUp> Summarise(IEnumerable<SstFollowUpRow> rows, int year)
    {
        static bool In(DateOnly? date, int year) => date?.Year == year;
        var relevant = rows.Where(r => In(r.ReferredOn, year) || In(r.StartedOn, year) || In(r.EndedOn, year)).ToList();
        SstYearFollowUp Of(int? schoolId, string name, IReadOnlyCollection<SstFollowUpRow> group)
        {
            var referred = group.Where(r => In(r.ReferredOn, year)).ToList();
            var ended = group.Where(r => In(r.EndedOn, year) && r.StartedOn is not null).ToList();
            var days = ended.Select(r => (double)(r.EndedOn!.Value.DayNumber - r.StartedOn!.Value.DayNumber)).Order().ToList();
            double? median = days.Count == 0 ? null
                : days.Count % 2 == 1 ? days[days.Count / 2] : (days[days.Count / 2 - 1] + days[days.Count / 2]) / 2;
            var outcomes = ended.Where(r => r.Outcome is not null).GroupBy(r => r.Outcome!.Value).ToDictionary(g => g.Key, g => g.Count());
            return new SstYearFollowUp(year, schoolId, name, referred.Count,
                referred.Count(r => r.GuardianConsentOn is not null && r.PupilConsentOn is not null),
                group.Count(r => In(r.StartedOn, year)), ended.Count, median, days.Count == 0 ? null : days.Average(), outcomes);
        }
        var result = relevant.GroupBy(r => (r.SchoolId, r.SchoolName))
            .OrderBy(g => g.Key.SchoolName, StringComparer.Create(CultureInfo.GetCultureInfo("sv-SE"), false))
            .Select(g => Of(g.Key.SchoolId, g.Key.SchoolName, g.ToList()))
            .ToList();
        result.Add(Of(null, "Totalt", relevant));
        return result;
    }

    public static string MethodName(ConsentMethod method) => method switch
    {
        ConsentMethod.Papper => "på papper",
        ConsentMethod.Post => "per post",
        ConsentMethod.Elektroniskt => "elektroniskt",
        _ => method.ToString(),
    };

    public static string OutcomeName(SstOutcome outcome) => outcome switch
    {
        SstOutcome.MalUppnatt => "Målen uppnådda",
        SstOutcome.DelvisUppnatt => "Målen delvis uppnådda",
        SstOutcome.EjUppnatt => "Målen inte uppnådda",
        SstOutcome.AvbrutetAvFamiljen => "Avbrutet av familjen",
        SstOutcome.Flyttat => "Eleven har flyttat",
        _ => outcome.ToString(),
    };

    /// <summary>
    /// Loads the case and its referral (made when <paramref name="create"/> and missing), checks the rector, the open
    /// case at step 5 or M, the version the form was shown with; applies <paramref name="change"/>, which returns the
    /// timeline text or throws; raises both versions, logs, saves and audits. Returns the text; null: not the school's rector (404).
    /// </summary>
    private async Task<string?> ChangeAsync(int caseId, string userId, int version, bool create, CancellationToken cancellationToken,
        Func<SstReferral, AbsenceCase, string> change, bool allowWhenEnded = false)
    {
        if (await AccessAsync(caseId, userId, cancellationToken) != CaseAccessLevel.Rector) return null;
        var @case = await db.Cases.Include(c => c.Pupil).SingleAsync(c => c.Id == caseId, cancellationToken);
        if (!@case.IsOpen)
            throw new SstException("Ärendet är avslutat. Remissen till skolsociala teamet kan inte ändras i ett avslutat ärende.");
        var referral = await db.SstReferrals.SingleOrDefaultAsync(s => s.CaseId == caseId, cancellationToken);
        if ((referral?.Version ?? 0) != version)
            throw new SstException(StaleMessage);
        if (referral is null)
        {
            if (!create)
                throw new SstException("Registrera samtyckena och skicka remissen först.");
            if (@case.Step < 5 && !@case.ContinuousInvalid)
                throw new SstException($"Ärendet är på steg {@case.Step}. Remiss till skolsociala teamet görs från steg 5 (mer än 20 % frånvaro) eller vid mer än två veckors sammanhängande ogiltig frånvaro (M).");
            referral = db.SstReferrals.Add(new SstReferral
            {
                CaseId = caseId, Version = 0, CreatedAtUtc = clock.GetUtcNow().UtcDateTime, CreatedByUserId = userId,
            }).Entity;
        }
        if (referral.EndedOn is not null && !allowWhenEnded)
            throw new SstException($"Insatsen avslutades {SwedishDates.Short(referral.EndedOn.Value)} och kan inte ändras.");
        await db.Tasks.Where(t => t.CaseId == caseId && t.Code == TaskCatalog.S5Sst && t.Status == CaseTaskStatus.Open).LoadAsync(cancellationToken);

        string text;
        try
        {
            text = change(referral, @case);
        }
        catch (SstException)
        {
            // Nothing half-made (a new referral, a task marked done) may be saved by a later SaveChanges of this request.
            db.ChangeTracker.Clear();
            throw;
        }
        referral.Version++;
        @case.Version++;
        db.CaseEvents.Add(new CaseEvent
        {
            CaseId = caseId, On = Today, AtUtc = clock.GetUtcNow().UtcDateTime, Kind = CaseEventKind.SstReferral, UserId = userId, Text = text,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent change won (the versions are concurrency tokens, the referral is unique per case): keep nothing of this one.
            db.ChangeTracker.Clear();
            throw new SstException(StaleMessage);
        }
        await audit.RecordAsync(userId, ChangedAction, @case.PupilId, @case.Pupil!.SchoolId, $"Ärende {caseId}: {text}", cancellationToken);
        return text;
    }

    private void CheckConsent(DateOnly on, ConsentMethod method, AbsenceCase @case, SstField dateField, SstField methodField)
    {
        if (!Enum.IsDefined(method))
            throw new SstException("Välj hur samtycket gavs: på papper, per post eller elektroniskt.", methodField);
        NotFuture(on, dateField, "Samtyckets datum");
        if (on < @case.OpenedOn)
            throw new SstException($"Samtyckets datum kan inte vara före {SwedishDates.Short(@case.OpenedOn)}, då ärendet öppnades. Ändra datumet.", dateField);
    }

    private void NotFuture(DateOnly on, SstField field, string what)
    {
        if (on > Today)
            throw new SstException($"{what} kan inte vara senare än i dag. Ange dagen då det gjordes.", field);
    }
}
