using Microsoft.EntityFrameworkCore;
using Narvaro.Access;
using Narvaro.Audit;
using Narvaro.Data;
using Narvaro.Documents;
using Narvaro.Domain;
using Narvaro.Escalation.Rules;

namespace Narvaro.Escalation;

/// <summary>
/// The rector's, the EHT's and the mentor's work in one case (/arende/{id}): the page scoped by <see cref="CaseAccess"/>,
/// giving a task to a named member of staff, completing a task, recording a report, step 7 and closing. Every change
/// checks the <see cref="AbsenceCase.Version"/> the person saw, adds a line to the timeline, raises the version and is
/// audited; every view is audited.
/// </summary>
public sealed class CaseWorkService(NarvaroDbContext db, CaseService cases, DocumentDataService documents, AuditTrail audit, TimeProvider clock)
{
    public const string ViewedAction = "Ärende visat";
    public const string AssignedAction = "Ärende: uppgift tilldelad";
    public const string CompletedAction = "Ärende: uppgift klarmarkerad";
    public const string ReportAction = "Ärende: anmälan registrerad";
    public const string ConcernAction = "Ärende: steg 7 registrerat";
    public const string ClosedAction = "Ärende: avslutat";

    public const int MaxRecipientLength = 200;
    public const int MaxReferenceLength = 200;
    public const int MaxClosingTextLength = 4000;

    public Task<CaseAccessLevel> AccessAsync(int caseId, string userId, CancellationToken cancellationToken = default) =>
        CaseAccess.LevelAsync(db, userId, caseId, cancellationToken);

    /// <summary>The page for a user with at least <see cref="CaseAccessLevel.Mentor"/>; null for an unknown case. Audited as a view.</summary>
    public async Task<CasePage?> PageAsync(int caseId, string userId, CaseAccessLevel access, CancellationToken cancellationToken = default)
    {
        if (access == CaseAccessLevel.None) return null;
        var c = await db.Cases.AsNoTracking().Where(x => x.Id == caseId)
            .Select(x => new
            {
                x.Id, x.Version, x.PupilId, x.Step, x.ContinuousInvalid, x.ConcernRemains, x.LateLevel, x.OpenedOn, x.ClosedOn,
                x.ClosingNote, x.ClosingReason, x.Pupil!.FirstName, x.Pupil.LastName, ClassName = x.Pupil.Class!.Name,
                SchoolName = x.Pupil.School!.Name, x.Pupil.SchoolId, x.Pupil.MentorId, x.Pupil.ProtectedIdentity,
                MentorName = x.Pupil.Mentor != null ? x.Pupil.Mentor.DisplayName : null,
                Policy = x.Pupil.School.Organisation!.Policy,
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (c is null) return null;
        var today = SwedishTime.Today(clock);
        var readsSecrets = access.ReadsSecrets();
        // The people named on the page, read by key once the case's rows are known (a correlated test per user would
        // read every account of the huvudman).
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.CaseId == caseId).ToListAsync(cancellationToken);
        var caseReports = await db.CaseReports.AsNoTracking().Where(r => r.CaseId == caseId).ToListAsync(cancellationToken);
        var events = await db.CaseEvents.AsNoTracking().Where(e => e.CaseId == caseId).ToListAsync(cancellationToken);
        var nameIds = tasks.SelectMany(t => new[] { t.DoneByUserId, t.AssigneeUserId })
            .Concat(events.Select(e => e.UserId))
            .Concat(caseReports.Select(r => r.RecordedByUserId))
            .OfType<string>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => nameIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        string? Name(string? id) => id is null ? null : names.GetValueOrDefault(id) ?? "Okänd användare";

        var rolesAtSchool = await db.RoleAssignments.Where(a => a.UserId == userId && a.SchoolId == c.SchoolId)
            .Select(a => a.Role).ToListAsync(cancellationToken);
        var fitting = new Dictionary<int, IReadOnlyList<StaffOption>>();
        if (access == CaseAccessLevel.Rector && c.ClosedOn is null)
        {
            foreach (var t in tasks.Where(t => t.Status == CaseTaskStatus.Open && TaskAssigneeRule.FittingRoles(t.Code, t.Role).Count > 0))
            {
                fitting[t.Id] = (await CaseAccess.FittingAssignees(db, c.SchoolId, t.Code, t.Role).AsNoTracking()
                        .Select(u => new { u.Id, u.DisplayName }).ToListAsync(cancellationToken))
                    .OrderBy(u => u.DisplayName, StringComparer.Create(new System.Globalization.CultureInfo("sv-SE"), false))
                    .Select(u => new StaffOption(u.Id, u.DisplayName)).ToList();
            }
        }
        var lines = tasks.Select(t => new CaseTaskLine(
                t.Id, t.Code, TaskCatalog.IsKnown(t.Code) ? TaskCatalog.Get(t.Code).Title : t.Code, RoleName(t.Role), Name(t.AssigneeUserId),
                t.RaisedOn, t.Due, t.Status == CaseTaskStatus.Done, t.DoneOn, Name(t.DoneByUserId), t.DoneAtUtc,
                readsSecrets || TaskOwnership.IsMentorTask(t.Role) ? t.Note : null,
                t.Status == CaseTaskStatus.Open && t.Due < today,
                c.ClosedOn is null && t.Status == CaseTaskStatus.Open && access >= CaseAccessLevel.StudentHealth
                    && !CaseService.IsContactTask(t.Code)
                    && TaskOwnership.IsOwner(t.Role, t.AssigneeUserId, userId, c.MentorId == userId, rolesAtSchool),
                fitting.GetValueOrDefault(t.Id) ?? [], t.AssigneeUserId))
            .ToList();
        var steps = lines.GroupBy(l => StepKey(l.Code))
            .OrderBy(g => StepOrder(g.Key))
            .Select(g => new CaseStepTasks(g.Key, StepHeading(g.Key, c.Policy.Kind),
                g.OrderBy(l => TaskCatalog.SortKey(l.Code)).ThenBy(l => l.RaisedOn).ToList()))
            .ToList();

        var reports = caseReports
            .OrderByDescending(r => r.ReportedOn).ThenByDescending(r => r.Id)
            .Select(r => new CaseReportLine(r.Id, r.Kind, KindName(r.Kind), r.ReportedOn, readsSecrets ? r.Recipient : KindName(r.Kind),
                readsSecrets ? r.Reference : null, Name(r.RecordedByUserId)))
            .ToList();
        var timeline = events.Select(e => new CaseTimelineEntry(e.On, e.AtUtc, e.Kind is CaseEventKind.ReportRecorded ? CaseTimelineKind.Report : CaseTimelineKind.Event,
                readsSecrets ? e.Text : MentorText(e), Name(e.UserId)))
            .Concat(tasks
                .Select(t => new CaseTimelineEntry(t.RaisedOn, DateTime.SpecifyKind(t.RaisedOn.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc),
                    CaseTimelineKind.Task, $"Uppgift {t.Code} skapad: {(TaskCatalog.IsKnown(t.Code) ? TaskCatalog.Get(t.Code).Title : t.Code)}. Senast {SwedishDates.Short(t.Due)}.",
                    null)))
            .OrderByDescending(e => e.On).ThenByDescending(e => e.AtUtc)
            .ToList();
        var kartlaggningDone = await db.Kartlaggningar.AnyAsync(k => k.CaseId == caseId, cancellationToken)
            || events.Any(e => e.Kind == CaseEventKind.KartlaggningRecorded);

        var figures = await documents.ForPupilAsync(c.PupilId, SwedishTime.Yesterday(clock), cancellationToken);
        var mayReadPupil = await StaffAccess.PupilAccessAsync(db, userId, c.PupilId, cancellationToken) != PupilAccessLevel.None;

        await audit.RecordAsync(userId, ViewedAction, c.PupilId, c.SchoolId,
            $"Ärende {caseId} ({AccessName(access)})", cancellationToken);
        return new CasePage(
            c.Id, c.Version, access, c.Policy.Kind, c.PupilId, $"{c.FirstName} {c.LastName}", c.ClassName, c.SchoolName, c.MentorName, mayReadPupil,
            c.Step, Narvarohjulet.PositionName(c.Policy.Kind, c.Step, c.ContinuousInvalid, c.ClosedOn is not null),
            c.ContinuousInvalid, c.ConcernRemains, c.OpenedOn, c.ClosedOn, c.ClosingNote, readsSecrets ? c.ClosingReason : null,
            Flags(c.ContinuousInvalid, c.LateLevel, c.ConcernRemains, c.ProtectedIdentity),
            figures?.Figures.AbsencePercent, figures?.Figures.InvalidPercent, figures?.Figures.From, figures?.Figures.To,
            steps, reports, timeline,
            MandatoryReportRule.Missing(c.Step, c.ContinuousInvalid, await RecordedKindsAsync(caseId, cancellationToken)),
            kartlaggningDone, today);
    }

    /// <summary>Gives an open task of the case to a named member of the pupil's school whose role fits (<see cref="TaskAssigneeRule"/>).</summary>
    public async Task<string> AssignAsync(int caseId, int version, int taskId, string? assigneeUserId, string userId,
        CancellationToken cancellationToken = default)
    {
        var (@case, schoolId) = await RectorCaseAsync(caseId, version, userId, cancellationToken);
        var task = await CaseTaskAsync(caseId, taskId, cancellationToken);
        if (task.Status == CaseTaskStatus.Done) throw new CaseWorkException(CaseService.AlreadyDone + " Den kan inte ges till någon.");
        if (string.IsNullOrWhiteSpace(assigneeUserId))
            throw new CaseWorkException("Välj vem som ska få uppgiften i listan.", CaseWorkField.Assignee);
        var assignee = await db.Users.AsNoTracking().Where(u => u.Id == assigneeUserId).Select(u => new { u.Id, u.DisplayName })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new CaseWorkException("Personen finns inte. Välj någon i listan över skolans personal.", CaseWorkField.Assignee);
        var roles = await db.RoleAssignments.Where(a => a.UserId == assignee.Id && a.SchoolId == schoolId).Select(a => a.Role)
            .ToListAsync(cancellationToken);
        if (!TaskAssigneeRule.CanAssign(task.Code, task.Role, true, roles))
        {
            var fitting = string.Join(" eller ", TaskAssigneeRule.FittingRoles(task.Code, task.Role).Select(r => StaffRoles.DisplayName(r).ToLowerInvariant()));
            throw new CaseWorkException(fitting.Length == 0
                ? "Uppgiften kan inte ges till någon annan."
                : $"{assignee.DisplayName} kan inte få uppgiften: den ges till en {fitting} på elevens skola. Välj någon i listan.", CaseWorkField.Assignee);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        task.AssigneeUserId = assignee.Id;
        task.AssignedByUserId = userId;
        task.AssignedAtUtc = now;
        AddEvent(@case, CaseEventKind.TaskAssigned, $"Uppgift {task.Code} given till {assignee.DisplayName}.", userId);
        await SaveAsync(@case, cancellationToken);
        await audit.RecordAsync(userId, AssignedAction, task.PupilId, schoolId, $"Ärende {caseId}, uppgift {task.Id} ({task.Code}) till {assignee.Id}",
            cancellationToken);
        return $"Uppgiften är given till {assignee.DisplayName}. Den syns nu under hens Mina uppgifter.";
    }

    /// <summary>Completes a task of the case that is the user's (<see cref="TaskOwnership"/>), with the date and a note (<see cref="CaseService.CompleteTaskAsync"/>).</summary>
    public async Task<string> CompleteTaskAsync(int caseId, int taskId, string userId, DateOnly doneOn, string? note,
        CancellationToken cancellationToken = default)
    {
        var facts = await db.Cases.Where(c => c.Id == caseId).Select(c => new { c.Pupil!.SchoolId, c.Pupil.MentorId, c.ClosedOn })
            .SingleOrDefaultAsync(cancellationToken) ?? throw new CaseWorkException("Ärendet finns inte.");
        if (facts.ClosedOn is not null) throw new CaseWorkException("Ärendet är avslutat. Uppgifter kan inte klarmarkeras längre.");
        var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId && t.CaseId == caseId, cancellationToken)
            ?? throw new CaseWorkException("Uppgiften finns inte i det här ärendet.");
        if (task.Status == CaseTaskStatus.Done) throw new CaseWorkException(CaseService.AlreadyDone);
        var roles = await db.RoleAssignments.Where(a => a.UserId == userId && a.SchoolId == facts.SchoolId).Select(a => a.Role)
            .ToListAsync(cancellationToken);
        if (CaseService.IsContactTask(task.Code)
            || !TaskOwnership.IsOwner(task.Role, task.AssigneeUserId, userId, facts.MentorId == userId, roles))
            throw new CaseWorkException("Uppgiften är inte din. Bara den som har uppgiften kan klarmarkera den.");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await cases.CompleteTaskAsync(taskId, userId, note, doneOn, cancellationToken);
        }
        catch (CaseActionException e)
        {
            db.ChangeTracker.Clear();
            throw new CaseWorkException(e.Message, e.Field switch
            {
                TaskField.DoneOn => CaseWorkField.DoneOn,
                TaskField.Note => CaseWorkField.Note,
                _ => CaseWorkField.None,
            });
        }
        await db.Cases.Where(c => c.Id == caseId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Version, c => c.Version + 1), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await audit.RecordAsync(userId, CompletedAction, task.PupilId, facts.SchoolId,
            $"Ärende {caseId}, uppgift {taskId} ({task.Code}) klar {doneOn:yyyy-MM-dd}", cancellationToken);
        return $"Uppgiften {task.Code} är klarmarkerad.";
    }

    /// <summary>
    /// Records a report the rector made (to skolchef, socialtjänst or the huvudman) and completes the task it answers
    /// (<see cref="ReportCompletesTaskRule"/>).
    /// </summary>
    public async Task<string> RecordReportAsync(int caseId, int version, ReportInput input, string userId,
        CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(input.Kind)) throw new CaseWorkException("Välj vem anmälan gjordes till.", CaseWorkField.ReportKind);
        var (@case, schoolId) = await RectorCaseAsync(caseId, version, userId, cancellationToken);
        var today = SwedishTime.Today(clock);
        if (input.ReportedOn > today)
            throw new CaseWorkException("Datumet kan inte vara senare än i dag. Ange dagen då anmälan gjordes.", CaseWorkField.ReportedOn);
        if (input.ReportedOn < @case.OpenedOn)
            throw new CaseWorkException($"Datumet kan inte vara före {SwedishDates.Short(@case.OpenedOn)}, dagen då ärendet öppnades.",
                CaseWorkField.ReportedOn);
        var recipient = input.Recipient?.Trim();
        if (string.IsNullOrEmpty(recipient))
            throw new CaseWorkException("Skriv vem som tog emot anmälan, till exempel ”Skolchef Anna Berg”.", CaseWorkField.Recipient);
        if (recipient.Length > MaxRecipientLength)
            throw new CaseWorkException($"Mottagaren får vara högst {MaxRecipientLength} tecken – korta den.", CaseWorkField.Recipient);
        var reference = string.IsNullOrWhiteSpace(input.Reference) ? null : input.Reference.Trim();
        if (reference is { Length: > MaxReferenceLength })
            throw new CaseWorkException($"Referensen får vara högst {MaxReferenceLength} tecken – korta den.", CaseWorkField.Reference);

        var earlier = await db.CaseReports.Where(r => r.CaseId == caseId).Select(r => r.Kind).ToListAsync(cancellationToken);
        var tasks = await db.Tasks.Where(t => t.CaseId == caseId).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        db.CaseReports.Add(new CaseReport
        {
            CaseId = caseId, Kind = input.Kind, ReportedOn = input.ReportedOn, Recipient = recipient, Reference = reference,
            TaskCode = ReportCompletesTaskRule.AnsweredCode(input.Kind, @case.ContinuousInvalid, @case.ConcernRemains,
                tasks.Select(t => t.Code).ToList()),
            RecordedByUserId = userId, RecordedAtUtc = now,
        });
        var text = $"{Capitalised(MandatoryReportRule.Name(input.Kind))} gjord {SwedishDates.Short(input.ReportedOn)} (till {recipient}{(reference is null ? "" : ", ref " + reference)}).";
        AddEvent(@case, CaseEventKind.ReportRecorded, text, userId, input.ReportedOn);
        var completed = new List<string>();
        foreach (var code in ReportCompletesTaskRule.CodesCompleted(input.Kind, @case.ContinuousInvalid, @case.ConcernRemains, earlier))
        {
            foreach (var task in tasks.Where(t => t.Code == code && t.Status == CaseTaskStatus.Open))
            {
                task.Status = CaseTaskStatus.Done;
                task.DoneOn = input.ReportedOn;
                task.DoneAtUtc = now;
                task.DoneByUserId = userId;
                task.Note = text;
                AddEvent(@case, CaseEventKind.TaskDone, $"Uppgift {task.Code} klar: {text}", userId, input.ReportedOn);
                completed.Add(task.Code);
            }
        }
        await SaveAsync(@case, cancellationToken);
        await audit.RecordAsync(userId, ReportAction, @case.PupilId, schoolId,
            $"Ärende {caseId}: {input.Kind} {input.ReportedOn:yyyy-MM-dd}{(completed.Count == 0 ? "" : ", klar: " + string.Join(", ", completed))}",
            cancellationToken);
        return completed.Count == 0
            ? $"{Capitalised(MandatoryReportRule.Name(input.Kind))} är registrerad."
            : $"{Capitalised(MandatoryReportRule.Name(input.Kind))} är registrerad och uppgiften {string.Join(" och ", completed)} är klar.";
    }

    /// <summary>Step 7, "oron kvarstår" (<see cref="CaseService.RecordConcernAsync"/>).</summary>
    public async Task<string> RecordConcernAsync(int caseId, int version, string userId, CancellationToken cancellationToken = default)
    {
        var (@case, schoolId) = await RectorCaseAsync(caseId, version, userId, cancellationToken);
        if (!ConcernRemainsRule.CanRecord(@case.IsOpen, @case.ConcernRemains))
            throw new CaseWorkException("Oro för frånvaro kvarstår är redan registrerat i ärendet.");
        @case.Version++;
        await ThroughCaseServiceAsync(() => cases.RecordConcernAsync(caseId, userId, SwedishTime.Today(clock), cancellationToken));
        await audit.RecordAsync(userId, ConcernAction, @case.PupilId, schoolId, $"Ärende {caseId}: steg 7", cancellationToken);
        return "Steg 7 är registrerat: oro för frånvaro kvarstår. Uppgiften S7-CONCERN är skapad.";
    }

    /// <summary>
    /// Closes the case with a note. With a mandatory report not recorded (<see cref="MandatoryReportRule"/>) a reason is
    /// required and kept in <see cref="AbsenceCase.ClosingReason"/>.
    /// </summary>
    public async Task<string> CloseAsync(int caseId, int version, string? note, string? reason, string userId,
        CancellationToken cancellationToken = default)
    {
        var (@case, schoolId) = await RectorCaseAsync(caseId, version, userId, cancellationToken);
        if (string.IsNullOrWhiteSpace(note))
            throw new CaseWorkException("Skriv en kommentar om varför ärendet avslutas.", CaseWorkField.ClosingNote);
        if (note.Trim().Length > MaxClosingTextLength)
            throw new CaseWorkException($"Kommentaren får vara högst {MaxClosingTextLength} tecken – korta den.", CaseWorkField.ClosingNote);
        var recorded = await RecordedKindsAsync(caseId, cancellationToken);
        var missing = MandatoryReportRule.Missing(@case.Step, @case.ContinuousInvalid, recorded);
        var trimmedReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (missing.Count > 0 && trimmedReason is null)
            throw new CaseWorkException(
                $"Ärendet saknar {string.Join(" och ", missing.Select(MandatoryReportRule.Name))}. Skriv varför ärendet avslutas ändå, eller registrera anmälan först.",
                CaseWorkField.ClosingReason);
        if (trimmedReason is { Length: > MaxClosingTextLength })
            throw new CaseWorkException($"Skälet får vara högst {MaxClosingTextLength} tecken – korta det.", CaseWorkField.ClosingReason);
        @case.ClosingReason = missing.Count > 0 ? trimmedReason : null;
        @case.Version++;
        if (@case.ClosingReason is not null)
            AddEvent(@case, CaseEventKind.Note, $"Avslutat utan {string.Join(" och ", missing.Select(MandatoryReportRule.Name))}. Skäl: {@case.ClosingReason}", userId);
        await ThroughCaseServiceAsync(() => cases.CloseAsync(caseId, userId, SwedishTime.Today(clock), note, cancellationToken));
        await audit.RecordAsync(userId, ClosedAction, @case.PupilId, schoolId,
            $"Ärende {caseId} avslutat{(@case.ClosingReason is null ? "" : " med skäl")}", cancellationToken);
        return "Ärendet är avslutat.";
    }

    /// <summary>The reports recorded on the case, and those its done report tasks stand for (<see cref="MandatoryReportRule.KindsDoneBy"/>).</summary>
    private async Task<List<CaseReportKind>> RecordedKindsAsync(int caseId, CancellationToken cancellationToken)
    {
        var kinds = await db.CaseReports.Where(r => r.CaseId == caseId).Select(r => r.Kind).ToListAsync(cancellationToken);
        var done = await db.Tasks.Where(t => t.CaseId == caseId && t.Status == CaseTaskStatus.Done).Select(t => t.Code).ToListAsync(cancellationToken);
        return kinds.Concat(done.SelectMany(MandatoryReportRule.KindsDoneBy)).Distinct().ToList();
    }

    /// <summary>The open case for the rector, checked against the version the rector saw; tracked, with its school.</summary>
    private async Task<(AbsenceCase Case, int SchoolId)> RectorCaseAsync(int caseId, int version, string userId, CancellationToken cancellationToken)
    {
        if (await CaseAccess.LevelAsync(db, userId, caseId, cancellationToken) != CaseAccessLevel.Rector)
            throw new CaseWorkException("Bara rektor kan göra det här i ärendet.");
        var @case = await db.Cases.SingleAsync(c => c.Id == caseId, cancellationToken);
        if (@case.Version != version) throw new StaleCaseException();
        if (!@case.IsOpen) throw new CaseWorkException("Ärendet är avslutat och kan inte ändras.");
        var schoolId = await db.Pupils.Where(p => p.Id == @case.PupilId).Select(p => p.SchoolId).SingleAsync(cancellationToken);
        return (@case, schoolId);
    }

    private async Task<CaseTask> CaseTaskAsync(int caseId, int taskId, CancellationToken cancellationToken) =>
        await db.Tasks.SingleOrDefaultAsync(t => t.Id == taskId && t.CaseId == caseId, cancellationToken)
        ?? throw new CaseWorkException("Uppgiften finns inte i det här ärendet.", CaseWorkField.Assignee);

    /// <summary>Raises the version and saves; a concurrent change of the same version (EF's concurrency token) is refused.</summary>
    private Task SaveAsync(AbsenceCase @case, CancellationToken cancellationToken)
    {
        @case.Version++;
        return ThroughCaseServiceAsync(() => db.SaveChangesAsync(cancellationToken));
    }

    private async Task ThroughCaseServiceAsync(Func<Task> save)
    {
        try
        {
            await save();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new StaleCaseException();
        }
        catch (CaseActionException e)
        {
            db.ChangeTracker.Clear();
            throw new CaseWorkException(e.Message);
        }
    }

    private void AddEvent(AbsenceCase @case, CaseEventKind kind, string text, string userId, DateOnly? on = null) =>
        db.CaseEvents.Add(new CaseEvent
        {
            CaseId = @case.Id, On = on ?? SwedishTime.Today(clock), AtUtc = clock.GetUtcNow().UtcDateTime, Kind = kind, Text = text, UserId = userId,
        });

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    public static string KindName(CaseReportKind kind) => kind switch
    {
        CaseReportKind.Skolchef => "Skolchef",
        CaseReportKind.Socialtjanst => "Socialtjänst",
        CaseReportKind.Huvudman => "Huvudman (SL 7 kap. 19 a §)",
        _ => kind.ToString(),
    };

    private static string RoleName(string role) => Enum.TryParse<TaskRole>(role, out var parsed) ? parsed.DisplayName() : role;

    private static string AccessName(CaseAccessLevel access) => access switch
    {
        CaseAccessLevel.Rector => "rektor",
        CaseAccessLevel.StudentHealth => "elevhälsan",
        _ => "mentor",
    };

    /// <summary>What the mentor reads of a timeline line: the elevhälsa's records only as "done".</summary>
    private static string MentorText(CaseEvent e) => e.Kind switch
    {
        CaseEventKind.KartlaggningRecorded => "Skolsocial kartläggning gjord.",
        CaseEventKind.EhtEvaluation => "Utvärdering på EHT gjord.",
        CaseEventKind.ReportRecorded => "Anmälan gjord.",
        CaseEventKind.SstReferral => "Skolsociala teamet kontaktat.",
        CaseEventKind.Note or CaseEventKind.TaskDone or CaseEventKind.Closed => e.Text.Split(':')[0] + ".",
        _ => e.Text,
    };

    /// <summary>Where a task sits on the staircase (staircase-rules.md).</summary>
    public static string StepKey(string code) => TaskCatalog.IsKnown(code) ? TaskCatalog.Get(code).Step : "?";

    private static int StepOrder(string key) => key switch
    {
        "1" => 1, "3" => 3, "4" => 4, "5" => 5, "M" => 6, "L1" => 7, "L2" => 8, "7" => 9, _ => 10,
    };

    private static string StepHeading(string key, PolicyKind kind) => key switch
    {
        "M" => "M – ogiltig sammanhängande frånvaro mer än 2 veckor",
        "L1" or "L2" => $"Sena ankomster ({key})",
        "7" => "Steg 7 – oron kvarstår",
        "3" or "4" or "5" when kind == PolicyKind.Narvarohjulet =>
            $"{Narvarohjulet.StageOf(int.Parse(key, System.Globalization.CultureInfo.InvariantCulture), false, false).DisplayName()} (steg {key})",
        _ => $"Steg {key}",
    };

    private static IReadOnlyList<string> Flags(bool continuousInvalid, int lateLevel, bool concernRemains, bool protectedIdentity)
    {
        var flags = new List<string>();
        if (continuousInvalid) flags.Add("M – ogiltig sammanhängande frånvaro mer än 2 veckor, anmäls till skolchef och socialtjänst");
        if (lateLevel >= 2) flags.Add("Sena ankomster (L2) – anmäls till rektor och EHT");
        else if (lateLevel == 1) flags.Add("Sena ankomster (L1) – vårdnadshavare kontaktas");
        if (concernRemains) flags.Add("Oro kvarstår (steg 7) – orosanmälan");
        if (protectedIdentity) flags.Add("Skyddad identitet");
        return flags;
    }
}
