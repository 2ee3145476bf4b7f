using Microsoft.EntityFrameworkCore;
using Narvaro.Absence;
using Narvaro.Access;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Escalation.Rules;

namespace Narvaro.StudentHealth;

/// <summary>
/// The EHT's work (/eht): the schools where the user sits in the elevhälsoteam or is rector, the school's meeting dates
/// (set by the rector), the agenda of the next meeting (<see cref="EhtAgendaRule"/>) with each case's figures before and
/// since the last evaluation, the cases at step 4 or higher, the skolsocial kartläggningar commissioned and done, and the
/// recording of an evaluation (S4-EHT). Cases are reached through <see cref="CaseAccess"/> only. A fixed number of
/// queries per page: attendance is read once for the agenda's pupils by (pupil, date).
/// </summary>
public sealed class EhtService(NarvaroDbContext db, TimeProvider clock)
{
    /// <summary>The longest text each field of an evaluation keeps.</summary>
    public const int MaxTextLength = 2000;

    /// <summary>How far ahead the rector may set a meeting date.</summary>
    public const int MaxDaysAhead = 400;

    public const string EventText = "EHT-utvärdering registrerad.";

    /// <summary>The roles that sit in the EHT: the rector together with elevhälsan.</summary>
    public static readonly IReadOnlyList<string> EhtRoles = [StaffRoles.Rektor, .. StaffRoles.StudentHealth];

    private static readonly System.Globalization.CultureInfo Swedish = System.Globalization.CultureInfo.GetCultureInfo("sv-SE");

    public async Task<IReadOnlyList<EhtSchool>> SchoolsAsync(string userId, CancellationToken cancellationToken = default)
    {
        var schools = await StaffAccess.SchoolsWhere(db, userId, EhtRoles).AsNoTracking()
            .Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken);
        var rectorOf = await StaffAccess.SchoolsWhere(db, userId, [StaffRoles.Rektor]).Select(s => s.Id).ToListAsync(cancellationToken);
        var byName = StringComparer.Create(Swedish, false);
        return schools.OrderBy(s => s.Name, byName).Select(s => new EhtSchool(s.Id, s.Name, rectorOf.Contains(s.Id))).ToList();
    }

    /// <summary>The page of one of the user's schools (the first when <paramref name="schoolId"/> is null); null when it is not theirs.</summary>
    public async Task<EhtOverview?> OverviewAsync(string userId, int? schoolId, CancellationToken cancellationToken = default)
    {
        var schools = await SchoolsAsync(userId, cancellationToken);
        var school = schoolId is { } id ? schools.SingleOrDefault(s => s.Id == id) : schools.FirstOrDefault();
        if (school is null) return null;
        var today = SwedishTime.Today(clock);

        var meetings = await db.EhtMeetings.AsNoTracking().Where(m => m.SchoolId == school.Id && m.On >= today)
            .OrderBy(m => m.On)
            .Select(m => new EhtMeetingRow(m.Id, m.On, db.EhtEvaluations.Any(e => e.MeetingId == m.Id)))
            .ToListAsync(cancellationToken);
        var next = EhtAgendaRule.NextMeeting(meetings.Select(m => m.On), today);
        if (next is null)
        {
            // No date set by the rector ahead: the huvudman's meeting weekday (policy), if any.
            var policy = await db.Schools.AsNoTracking().Where(s => s.Id == school.Id)
                .Select(s => new { s.Organisation!.Policy.EhtMeetingDay, s.Organisation.Policy.EhtMeetingEveryWeeks }).SingleAsync(cancellationToken);
            next = Narvaro.Escalation.Rules.EhtMeetingDayRule.NextMeeting(today, policy.EhtMeetingDay, policy.EhtMeetingEveryWeeks);
        }

        var cases = await CaseRowsAsync(CaseAccess.StudentHealthCases(db, userId)
            .Where(c => c.Pupil!.SchoolId == school.Id && c.ClosedOn == null && c.Step >= EhtAgendaRule.FromStep), today, cancellationToken);
        var caseIds = cases.Select(c => c.Row.CaseId).ToList();

        var agenda = new List<EhtAgendaRow>();
        if (next is { } meeting)
        {
            var onAgenda = cases.Where(c => c.Evaluation is { } e && EhtAgendaRule.IsOnAgenda(true, c.Row.Step, true, e.Due, meeting)).ToList();
            var figures = await FiguresAsync(onAgenda.Select(c => c.Row).ToList(), school.Id, today.AddDays(-1), cancellationToken);
            agenda = onAgenda.OrderBy(c => c.Evaluation!.Due).ThenBy(c => c.Row.PupilName, StringComparer.Create(Swedish, false))
                .Select(c => new EhtAgendaRow(c.Row, c.Evaluation!, figures.GetValueOrDefault(c.Row.CaseId)))
                .ToList();
        }

        var nullableIds = caseIds.Select(i => (int?)i).ToList();
        var commissionedTasks = nullableIds.Count == 0 ? [] : await db.Tasks.AsNoTracking()
            .Where(t => t.CaseId != null && nullableIds.Contains(t.CaseId) && t.Code == TaskCatalog.S4Skolsocial)
            .Select(t => new { CaseId = t.CaseId!.Value, t.Status, t.RaisedOn, t.Due, Assignee = t.AssigneeUserId == null ? null : db.Users.Where(u => u.Id == t.AssigneeUserId).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        var rowOf = cases.ToDictionary(c => c.Row.CaseId, c => c.Row);
        var commissioned = commissionedTasks.Where(t => t.Status == CaseTaskStatus.Open)
            .OrderBy(t => t.Due)
            .Select(t => new KartlaggningCommissioned(t.CaseId, rowOf[t.CaseId].PupilName, rowOf[t.CaseId].ClassName, t.RaisedOn, t.Due, t.Due < today, t.Assignee))
            .ToList();
        var done = caseIds.Count == 0 ? [] : await db.Kartlaggningar.AsNoTracking()
            .Where(k => caseIds.Contains(k.CaseId))
            .Select(k => new { k.CaseId, k.Version, k.DoneOn, k.PupilConsent, By = db.Users.Where(u => u.Id == k.DoneByUserId).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        var doneRows = done.GroupBy(k => k.CaseId).Select(g => g.MaxBy(k => k.Version)!)
            .OrderByDescending(k => k.DoneOn)
            .Select(k => new KartlaggningDone(k.CaseId, rowOf[k.CaseId].PupilName, rowOf[k.CaseId].ClassName, k.Version, k.DoneOn, k.By ?? "", k.PupilConsent))
            .ToList();

        var list = cases.Select(c => c.Row)
            .OrderByDescending(r => r.ContinuousInvalid).ThenByDescending(r => r.Step).ThenBy(r => r.PupilName, StringComparer.Create(Swedish, false))
            .ToList();
        var lastMeeting = await db.EhtMeetings.Where(m => m.SchoolId == school.Id && m.On < today)
            .MaxAsync(m => (DateOnly?)m.On, cancellationToken);
        return new EhtOverview(today, school, schools, next, meetings, agenda, list, commissioned, doneRows, lastMeeting);
    }

    /// <summary>The evaluation page of a case; null when the user does not reach its elevhälsa records (404).</summary>
    public async Task<EhtCasePage?> CasePageAsync(string userId, int caseId, CancellationToken cancellationToken = default)
    {
        var level = await CaseAccess.LevelAsync(db, userId, caseId, cancellationToken);
        if (!level.ReadsSecrets()) return null;
        var today = SwedishTime.Today(clock);
        var rows = await CaseRowsAsync(db.Cases.Where(c => c.Id == caseId), today, cancellationToken);
        var (row, evaluation) = (rows[0].Row, rows[0].Evaluation);
        var facts = await db.Cases.AsNoTracking().Where(c => c.Id == caseId)
            .Select(c => new { c.Version, c.ClosedOn, c.Pupil!.SchoolId, SchoolName = c.Pupil.School!.Name })
            .SingleAsync(cancellationToken);
        var figures = await FiguresAsync([row], facts.SchoolId, today.AddDays(-1), cancellationToken);
        var next = await db.EhtMeetings.Where(m => m.SchoolId == facts.SchoolId && m.On >= today)
            .OrderBy(m => m.On).Select(m => (DateOnly?)m.On).FirstOrDefaultAsync(cancellationToken);
        var evaluations = await db.EhtEvaluations.AsNoTracking().Where(e => e.CaseId == caseId)
            .OrderByDescending(e => e.On).ThenByDescending(e => e.Id)
            .Select(e => new EhtEvaluationRow(e.Id, e.On, e.MeetingId != null, e.Participants, e.Tried, e.Effect, e.NextStep,
                e.AbsencePercentBefore, e.AbsencePercentAfter,
                db.Users.Where(u => u.Id == e.RecordedByUserId).Select(u => u.DisplayName).FirstOrDefault() ?? ""))
            .ToListAsync(cancellationToken);
        return new EhtCasePage(today, row, facts.SchoolId, facts.SchoolName, facts.Version, facts.ClosedOn is null, evaluation,
            figures.GetValueOrDefault(caseId), next, evaluations);
    }

    /// <summary>Why no evaluation can be recorded in a case; null when one can.</summary>
    public static string? RefusalReason(bool isOpen, int step) =>
        !isOpen ? "Ärendet är avslutat. En EHT-utvärdering kan bara registreras i ett öppet ärende."
        : step < EhtAgendaRule.FromStep
            ? $"Ärendet är på steg {step}. EHT utvärderar insatserna från steg {EhtAgendaRule.FromStep} i handlingsplanen, så en EHT-utvärdering kan inte registreras här."
            : null;

    /// <summary>
    /// Records an evaluation (S4-EHT): checks the fields, completes the open S4-EHT task, logs "EHT-utvärdering
    /// registrerad" on the timeline (without the notes) and raises the case's version. The version posted must be the
    /// case's current one, so a second submit of the same form is told the case has changed and adds nothing.
    /// Returns the evaluation's id. The caller has checked the user reaches the case.
    /// </summary>
    public async Task<int> RecordEvaluationAsync(string userId, int caseId, EhtEvaluationInput input, CancellationToken cancellationToken = default)
    {
        var @case = await db.Cases.Include(c => c.Pupil).SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken)
            ?? throw new EhtActionException("Ärendet finns inte.");
        if (RefusalReason(@case.IsOpen, @case.Step) is { } reason) throw new EhtActionException(reason);
        if (@case.Version != input.Version)
            throw new EhtActionException("Ärendet har ändrats sedan du öppnade sidan (till exempel har utvärderingen redan registrerats). Läs sidan igen innan du registrerar.");
        var today = SwedishTime.Today(clock);
        if (input.On > today)
            throw new EhtActionException("Datumet kan inte vara senare än i dag. Ange dagen då EHT höll utvärderingen.", EhtField.On);
        if (input.On < @case.OpenedOn)
            throw new EhtActionException($"Datumet kan inte vara före {SwedishDates.Short(@case.OpenedOn)}, dagen då ärendet öppnades.", EhtField.On);
        var participants = Required(input.Participants, "Skriv vilka som deltog i utvärderingen.", EhtField.Participants);
        var tried = Required(input.Tried, "Skriv vilka insatser som har prövats.", EhtField.Tried);
        var effect = Required(input.Effect, "Skriv vilken effekt ni ser i siffrorna före och efter.", EhtField.Effect);
        var nextStep = Required(input.NextStep, "Skriv vad nästa steg är.", EhtField.NextStep);
        if (await db.EhtEvaluations.AnyAsync(e => e.CaseId == caseId && e.On == input.On, cancellationToken))
            throw new EhtActionException($"En EHT-utvärdering av ärendet är redan registrerad den {SwedishDates.Short(input.On)}.", EhtField.On);

        var last = await db.EhtEvaluations.Where(e => e.CaseId == caseId && e.On < input.On).MaxAsync(e => (DateOnly?)e.On, cancellationToken);
        var row = new EhtCaseRow(caseId, @case.PupilId, "", "", @case.Step, false, 0, false, @case.OpenedOn, last, []);
        var figures = (await FiguresAsync([row], @case.Pupil!.SchoolId, input.On.AddDays(-1), cancellationToken)).GetValueOrDefault(caseId);
        var meetingId = await db.EhtMeetings.Where(m => m.SchoolId == @case.Pupil.SchoolId && m.On == input.On)
            .Select(m => (int?)m.Id).SingleOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var evaluation = new EhtEvaluation
        {
            CaseId = caseId, MeetingId = meetingId, On = input.On, Participants = participants, Tried = tried, Effect = effect, NextStep = nextStep,
            AbsencePercentBefore = figures is null ? null : Round(figures.Before.AbsencePercent),
            AbsencePercentAfter = figures is null ? null : Round(figures.After.AbsencePercent),
            RecordedByUserId = userId, RecordedAtUtc = now,
        };
        db.EhtEvaluations.Add(evaluation);
        db.CaseEvents.Add(new CaseEvent { CaseId = caseId, On = input.On, AtUtc = now, Kind = CaseEventKind.EhtEvaluation, Text = EventText, UserId = userId });
        @case.Version++;

        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var task = await db.Tasks.SingleOrDefaultAsync(t => t.CaseId == caseId && t.Code == TaskCatalog.S4Eht && t.Status == CaseTaskStatus.Open, cancellationToken);
        if (task is not null)
        {
            // Claimed in the database first, as CaseService does: of two requests at once, one completes it.
            var claimed = await db.Tasks.Where(t => t.Id == task.Id && t.Status == CaseTaskStatus.Open)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, CaseTaskStatus.Done), cancellationToken);
            if (claimed == 0) throw Changed();
            (task.Status, task.DoneOn, task.DoneAtUtc, task.DoneByUserId, task.Note) = (CaseTaskStatus.Done, input.On, now, userId, EventText);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Changed();
        }
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        return evaluation.Id;

        EhtActionException Changed()
        {
            db.ChangeTracker.Clear();
            return new EhtActionException("Ärendet har ändrats sedan du öppnade sidan (till exempel har utvärderingen redan registrerats). Läs sidan igen innan du registrerar.");
        }
    }

    /// <summary>The rector sets a meeting date for the school's EHT. Only the school's rector may; the date is today or later.</summary>
    public async Task<int> AddMeetingAsync(string userId, int schoolId, DateOnly on, CancellationToken cancellationToken = default)
    {
        await RequireRectorAsync(userId, schoolId, cancellationToken);
        var today = SwedishTime.Today(clock);
        if (on < today)
            throw new EhtActionException("Mötesdatumet kan inte vara tidigare än i dag. Ange ett kommande datum.", EhtField.MeetingDate);
        if (on > today.AddDays(MaxDaysAhead))
            throw new EhtActionException($"Mötesdatumet kan vara högst {MaxDaysAhead} dagar fram, senast {SwedishDates.Short(today.AddDays(MaxDaysAhead))}.", EhtField.MeetingDate);
        if (await db.EhtMeetings.AnyAsync(m => m.SchoolId == schoolId && m.On == on, cancellationToken))
            throw new EhtActionException($"Det finns redan ett EHT-möte den {SwedishDates.Short(on)}.", EhtField.MeetingDate);
        var meeting = new EhtMeeting { SchoolId = schoolId, On = on, CreatedByUserId = userId, CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
        db.EhtMeetings.Add(meeting);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            throw new EhtActionException($"Det finns redan ett EHT-möte den {SwedishDates.Short(on)}.", EhtField.MeetingDate);
        }
        return meeting.Id;
    }

    /// <summary>The rector removes a coming meeting date that has no evaluations recorded at it. Returns its date.</summary>
    public async Task<DateOnly> RemoveMeetingAsync(string userId, int schoolId, int meetingId, CancellationToken cancellationToken = default)
    {
        await RequireRectorAsync(userId, schoolId, cancellationToken);
        var meeting = await db.EhtMeetings.SingleOrDefaultAsync(m => m.Id == meetingId && m.SchoolId == schoolId, cancellationToken)
            ?? throw new EhtActionException("Mötet finns inte. Det kan redan vara borttaget.");
        if (meeting.On < SwedishTime.Today(clock))
            throw new EhtActionException("Ett möte som redan har varit kan inte tas bort.");
        if (await db.EhtEvaluations.AnyAsync(e => e.MeetingId == meetingId, cancellationToken))
            throw new EhtActionException($"Mötet {SwedishDates.Short(meeting.On)} har registrerade utvärderingar och kan inte tas bort.");
        db.EhtMeetings.Remove(meeting);
        await db.SaveChangesAsync(cancellationToken);
        return meeting.On;
    }

    private async Task RequireRectorAsync(string userId, int schoolId, CancellationToken cancellationToken)
    {
        if (!await StaffAccess.HoldsAtSchoolAsync(db, userId, schoolId, [StaffRoles.Rektor], cancellationToken))
            throw new EhtForbiddenException();
    }

    private sealed record CaseWithEvaluation(EhtCaseRow Row, EhtTaskRow? Evaluation);

    /// <summary>The cases as rows with their open elevhälsa tasks and their open S4-EHT task: three queries.</summary>
    private async Task<List<CaseWithEvaluation>> CaseRowsAsync(IQueryable<AbsenceCase> query, DateOnly today, CancellationToken cancellationToken)
    {
        var cases = await query.AsNoTracking()
            .Select(c => new
            {
                c.Id, c.PupilId, c.Pupil!.FirstName, c.Pupil.LastName, ClassName = c.Pupil.Class!.Name, c.Step, c.ContinuousInvalid,
                c.LateLevel, c.ConcernRemains, c.OpenedOn,
            })
            .ToListAsync(cancellationToken);
        if (cases.Count == 0) return [];
        var ids = cases.Select(c => (int?)c.Id).ToList();
        var plainIds = cases.Select(c => c.Id).ToList();
        var mentor = nameof(TaskRole.Mentor);
        var rektor = nameof(TaskRole.Rektor);
        // Status is checked in memory: a condition on it would lead SQLite to the (Status, Due) index (as in EscalationQueueService).
        var tasks = (await db.Tasks.AsNoTracking()
            .Where(t => t.CaseId != null && ids.Contains(t.CaseId))
            .Select(t => new
            {
                t.Id, CaseId = t.CaseId!.Value, t.Code, t.Role, t.Due, t.Status,
                Assignee = t.AssigneeUserId == null ? null : db.Users.Where(u => u.Id == t.AssigneeUserId).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken)).Where(t => t.Status == CaseTaskStatus.Open).ToLookup(t => t.CaseId);
        var lastEvaluations = await db.EhtEvaluations.AsNoTracking().Where(e => plainIds.Contains(e.CaseId))
            .GroupBy(e => e.CaseId).Select(g => new { CaseId = g.Key, Last = g.Max(e => e.On) })
            .ToDictionaryAsync(e => e.CaseId, e => e.Last, cancellationToken);
        return cases.Select(c =>
        {
            var open = tasks[c.Id].OrderBy(t => t.Due).ThenBy(t => TaskCatalog.SortKey(t.Code))
                .Select(t => (t.Role, Row: new EhtTaskRow(t.Id, t.Code, Label(t.Code), RoleName(t.Role), t.Due, t.Due < today, t.Assignee)))
                .ToList();
            var health = open.Where(t => t.Role != mentor && t.Role != rektor).Select(t => t.Row).ToList();
            var row = new EhtCaseRow(c.Id, c.PupilId, $"{c.FirstName} {c.LastName}", c.ClassName, c.Step, c.ContinuousInvalid, c.LateLevel,
                c.ConcernRemains, c.OpenedOn, lastEvaluations.TryGetValue(c.Id, out var last) ? last : null, health);
            return new CaseWithEvaluation(row, open.Select(t => t.Row).FirstOrDefault(t => t.Code == TaskCatalog.S4Eht));
        }).ToList();
    }

    /// <summary>
    /// The figures of each case as of <paramref name="asOf"/>: one attendance read for all the pupils over the earliest
    /// "before" period through <paramref name="asOf"/>, by the attendance key (pupil, date).
    /// </summary>
    private async Task<Dictionary<int, EhtFigures>> FiguresAsync(IReadOnlyList<EhtCaseRow> rows, int schoolId, DateOnly asOf, CancellationToken cancellationToken)
    {
        var periods = rows.Select(r => (Row: r, Periods: EhtAgendaRule.Periods(EhtAgendaRule.Since(r.OpenedOn, r.LastEvaluationOn), asOf)))
            .Where(p => p.Periods is not null).ToList();
        if (periods.Count == 0) return [];
        var countLeave = await db.Schools.AsNoTracking().Where(s => s.Id == schoolId)
            .Select(s => s.Organisation!.Policy.CountApprovedLeave).SingleAsync(cancellationToken);
        var from = periods.Min(p => p.Periods!.Before.From);
        var days = (await PupilDaySums.PerPupilAndDayAsync(db, periods.Select(p => p.Row.PupilId).Distinct().ToList(), from, asOf, cancellationToken))
            .ToLookup(d => d.PupilId);
        return periods.ToDictionary(p => p.Row.CaseId, p =>
        {
            var pupilDays = days[p.Row.PupilId].OrderBy(d => d.Date).ToList();
            var window = p.Periods!;
            return new EhtFigures(window,
                AbsenceMeasuresCalculator.Fold(p.Row.PupilId, pupilDays.Where(d => window.Before.Contains(d.Date)), countLeave),
                AbsenceMeasuresCalculator.Fold(p.Row.PupilId, pupilDays.Where(d => window.After.Contains(d.Date)), countLeave));
        });
    }

    private static string Required(string? text, string message, EhtField field)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0) throw new EhtActionException(message, field);
        if (trimmed.Length > MaxTextLength)
            throw new EhtActionException($"Texten får vara högst {MaxTextLength} tecken. Den är {trimmed.Length} tecken – korta den.", field);
        return trimmed;
    }

    private static decimal Round(double percent) => Math.Round((decimal)percent, 3);

    private static string Label(string code) => TaskCatalog.IsKnown(code) ? TaskCatalog.Get(code).Title : code;

    private static string RoleName(string role) => Enum.TryParse<TaskRole>(role, out var r) ? r.DisplayName() : role;
}

/// <summary>The user may read the page but not do this (only the rector sets meeting dates): 403.</summary>
public sealed class EhtForbiddenException() : Exception("Only the school's rector may do this.");
