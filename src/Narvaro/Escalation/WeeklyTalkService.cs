using Microsoft.EntityFrameworkCore;
using Narvaro.Access;
using Narvaro.Audit;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation.Rules;

namespace Narvaro.Escalation;

/// <summary>One mentee on a week's list: the week's absence and the talks logged.</summary>
public sealed record WeeklyTalkItem(
    int PupilId, string ExternalId, string Name, string ClassName,
    int LessonsWithAbsence, int AbsentMinutes, int InvalidMinutes, int ReportedMinutes,
    WeeklyTalk? Logged, IReadOnlyList<WeeklyTalk> EarlierTalks);

/// <summary>The week's list for one mentor.</summary>
public sealed record WeeklyTalkWeek(IsoWeek Week, DateOnly Today, IReadOnlyList<WeeklyTalkItem> Pupils, IReadOnlyDictionary<string, string> StaffNames)
{
    /// <summary>The name of who saved a talk or version, for the history.</summary>
    public string NameOf(string? userId) =>
        userId is not null && StaffNames.TryGetValue(userId, out var name) ? name : "okänd användare";
}

/// <summary>What the mentor writes about a talk.</summary>
public sealed record WeeklyTalkInput(
    DateOnly? HeldOn, TalkParticipants? WithWhom, string? Note, string? AgreedActions, DateOnly? NextFollowUp, int? Version = null);

/// <summary>The field names of <see cref="WeeklyTalkInput"/> a validation message belongs to.</summary>
public static class WeeklyTalkFields
{
    public const string HeldOn = nameof(WeeklyTalkInput.HeldOn);
    public const string WithWhom = nameof(WeeklyTalkInput.WithWhom);
    public const string Note = nameof(WeeklyTalkInput.Note);
    public const string AgreedActions = nameof(WeeklyTalkInput.AgreedActions);
    public const string NextFollowUp = nameof(WeeklyTalkInput.NextFollowUp);
    public const string Version = nameof(WeeklyTalkInput.Version);
}

public abstract record WeeklyTalkSaveResult
{
    /// <summary>Saved; <paramref name="CompletedTasks"/> S5-WEEKLY tasks were marked done.</summary>
    public sealed record Saved(WeeklyTalk Talk, bool Edited, int CompletedTasks) : WeeklyTalkSaveResult;
    /// <summary>Nothing saved: messages per field, in Swedish, saying how to fix them.</summary>
    public sealed record Invalid(IReadOnlyList<KeyValuePair<string, string>> Errors) : WeeklyTalkSaveResult;
    /// <summary>Not the user's mentee (or no such pupil): answer 404, nothing saved.</summary>
    public sealed record NotFound : WeeklyTalkSaveResult;
}

/// <summary>
/// Step 2: each week, the mentor's list of mentees who had absence in a week, and the log of the talks held about it.
/// Logging a talk also completes the open S5-WEEKLY task it follows up (<see cref="WeeklyTalkRule.CompletesWeeklyFollowUp"/>).
/// Editing keeps the earlier version. Every view and change is audited.
/// </summary>
public sealed class WeeklyTalkService(NarvaroDbContext db, CaseService cases, AuditTrail audit, TimeProvider clock)
{
    public const string ViewedAction = "Veckosamtal visat";
    public const string LoggedAction = "Veckosamtal loggat";
    public const string EditedAction = "Veckosamtal ändrat";

    /// <summary>How many earlier talks per pupil the list shows.</summary>
    public const int EarlierTalksShown = 10;

    public DateOnly Today => SwedishTime.Today(clock);

    /// <summary>The mentees of <paramref name="mentorId"/> with absence in <paramref name="week"/>; audited per pupil shown.</summary>
    public async Task<WeeklyTalkWeek> WeekAsync(string mentorId, IsoWeek week, CancellationToken cancellationToken = default)
    {
        var items = await ListAsync(mentorId, week, cancellationToken);
        foreach (var item in items)
            await audit.RecordAsync(mentorId, ViewedAction, item.PupilId, await SchoolOfAsync(item.PupilId, cancellationToken),
                $"Vecka {week}", cancellationToken);
        var userIds = items.SelectMany(i => (i.Logged is null ? i.EarlierTalks : i.EarlierTalks.Append(i.Logged)))
            .SelectMany(t => t.EarlierVersions.Select(v => v.SavedByUserId).Append(t.MentorUserId))
            .OfType<string>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName.Length > 0 ? u.DisplayName : u.Email ?? u.Id, cancellationToken);
        return new WeeklyTalkWeek(week, Today, items, names);
    }

    /// <summary>The mentees of <paramref name="mentorId"/> with absence in <paramref name="week"/> (not audited).</summary>
    public async Task<List<WeeklyTalkItem>> ListAsync(string mentorId, IsoWeek week, CancellationToken cancellationToken = default)
    {
        var (from, to) = (week.Monday, week.Sunday);
        // The week's minutes from the day summaries; absent minutes are every reported type's (leave included).
        var rows = await StaffAccess.Mentees(db, mentorId).AsNoTracking()
            .Select(p => new
            {
                p.Id, p.ExternalId, p.FirstName, p.LastName, ClassName = p.Class!.Name,
                Absent = db.AttendanceDays.Where(d => d.PupilId == p.Id && d.Date >= from && d.Date <= to)
                    .Sum(d => (int?)(d.ValidMinutes + d.InvalidMinutes + d.LeaveMinutes + d.LateMinutes)) ?? 0,
                Invalid = db.AttendanceDays.Where(d => d.PupilId == p.Id && d.Date >= from && d.Date <= to)
                    .Sum(d => (int?)d.InvalidMinutes) ?? 0,
                Reported = db.AttendanceDays.Where(d => d.PupilId == p.Id && d.Date >= from && d.Date <= to)
                    .Sum(d => (int?)d.ReportedMinutes) ?? 0,
            })
            .ToListAsync(cancellationToken);
        var listed = rows.Where(r => WeeklyTalkRule.Applies(r.Absent)).ToList();
        // How many lessons had absence is a count of lessons, not in the summaries: read only for the pupils listed.
        var listedIds = listed.Select(r => r.Id).ToList();
        var lessonsWithAbsence = listedIds.Count == 0 ? new Dictionary<int, int>() : await db.Attendance.AsNoTracking()
            .Where(a => listedIds.Contains(a.PupilId) && a.Date >= from && a.Date <= to
                && a.Type != AttendanceType.NotReported && a.AbsentMinutes > 0)
            .GroupBy(a => a.PupilId)
            .Select(g => new { PupilId = g.Key, Lessons = g.Count() })
            .ToDictionaryAsync(x => x.PupilId, x => x.Lessons, cancellationToken);
        var talks = await db.WeeklyTalks.AsNoTracking().Include(t => t.EarlierVersions)
            .Where(t => listedIds.Contains(t.PupilId))
            .ToListAsync(cancellationToken);
        return listed
            .OrderBy(r => r.ClassName).ThenBy(r => r.LastName).ThenBy(r => r.FirstName)
            .Select(r =>
            {
                var mine = talks.Where(t => t.PupilId == r.Id).ToList();
                foreach (var talk in mine) talk.EarlierVersions.Sort((a, b) => b.Version.CompareTo(a.Version));
                return new WeeklyTalkItem(r.Id, r.ExternalId, $"{r.FirstName} {r.LastName}", r.ClassName,
                    lessonsWithAbsence.GetValueOrDefault(r.Id), r.Absent, r.Invalid, r.Reported,
                    mine.SingleOrDefault(t => t.WeekStart == from),
                    mine.Where(t => t.WeekStart != from).OrderByDescending(t => t.WeekStart).Take(EarlierTalksShown).ToList());
            })
            .ToList();
    }

    /// <summary>Checks a talk's fields; the messages say how to fix them. Empty when the talk may be saved.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Validate(IsoWeek week, WeeklyTalkInput input)
    {
        var errors = new List<KeyValuePair<string, string>>();
        void Add(string field, string message) => errors.Add(new(field, message));
        var today = Today;
        if (input.HeldOn is not { } heldOn)
            Add(WeeklyTalkFields.HeldOn, "Skriv datumet då samtalet hölls, till exempel " + today.ToString("yyyy-MM-dd") + ".");
        else if (heldOn > today)
            Add(WeeklyTalkFields.HeldOn, $"Datumet för samtalet kan inte vara senare än i dag ({SwedishDates.Short(today)}). Logga samtalet när det har hållits.");
        else if (heldOn < week.Monday)
            Add(WeeklyTalkFields.HeldOn, $"Samtalet om vecka {week.Week} kan inte ha hållits före veckans början ({SwedishDates.Short(week.Monday)}). Ändra datumet eller välj en annan vecka.");
        if (input.WithWhom is not { } withWhom || !Enum.IsDefined(withWhom))
            Add(WeeklyTalkFields.WithWhom, "Välj vem du hade samtalet med: eleven, vårdnadshavaren eller båda.");
        if (string.IsNullOrWhiteSpace(input.Note))
            Add(WeeklyTalkFields.Note, "Skriv kort vad ni pratade om.");
        else if (input.Note.Trim().Length > WeeklyTalkRule.MaxTextLength)
            Add(WeeklyTalkFields.Note, $"Texten om vad ni pratade om får vara högst {WeeklyTalkRule.MaxTextLength} tecken. Den är {input.Note.Trim().Length} tecken, korta den.");
        if (input.AgreedActions is { } actions && actions.Trim().Length > WeeklyTalkRule.MaxTextLength)
            Add(WeeklyTalkFields.AgreedActions, $"Överenskomna åtgärder får vara högst {WeeklyTalkRule.MaxTextLength} tecken. Texten är {actions.Trim().Length} tecken, korta den.");
        if (input.NextFollowUp is { } next && input.HeldOn is { } held && next < held)
            Add(WeeklyTalkFields.NextFollowUp, $"Nästa uppföljning kan inte vara före samtalet ({SwedishDates.Short(held)}). Välj ett senare datum eller lämna fältet tomt.");
        return errors;
    }

    /// <summary>
    /// Logs the talk with <paramref name="pupilId"/> about <paramref name="week"/>, or edits the one already logged
    /// (its old values become a <see cref="WeeklyTalkVersion"/>); completes the S5-WEEKLY task the talk follows up.
    /// Only the pupil's mentor may; anyone else gets <see cref="WeeklyTalkSaveResult.NotFound"/> and nothing changes.
    /// </summary>
    /// <param name="unreadableInput">The caller could not read some field (a date that is not a date): check, save nothing.</param>
    public async Task<WeeklyTalkSaveResult> SaveAsync(string mentorId, int pupilId, IsoWeek week, WeeklyTalkInput input,
        bool unreadableInput = false, CancellationToken cancellationToken = default)
    {
        if (await StaffAccess.PupilAccessAsync(db, mentorId, pupilId, cancellationToken) != PupilAccessLevel.Mentor)
            return new WeeklyTalkSaveResult.NotFound();
        var errors = Validate(week, input).ToList();
        var talk = await db.WeeklyTalks.SingleOrDefaultAsync(w => w.PupilId == pupilId && w.WeekStart == week.Monday, cancellationToken);
        if (talk is not null && input.Version is { } version && version != talk.Version)
            errors.Add(new(WeeklyTalkFields.Version,
                "Samtalet har ändrats av någon annan sedan du öppnade sidan. Läs den senaste versionen nedan och gör din ändring igen."));
        if (errors.Count > 0 || unreadableInput) return new WeeklyTalkSaveResult.Invalid(errors);

        var now = clock.GetUtcNow().UtcDateTime;
        var heldOn = input.HeldOn!.Value;
        var edited = talk is not null;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (talk is null)
        {
            talk = new WeeklyTalk { PupilId = pupilId, WeekStart = week.Monday, Version = 1 };
            db.WeeklyTalks.Add(talk);
        }
        else
        {
            db.WeeklyTalkVersions.Add(new WeeklyTalkVersion
            {
                WeeklyTalkId = talk.Id, Version = talk.Version, HeldOn = talk.HeldOn, WithWhom = talk.WithWhom, Note = talk.Note,
                AgreedActions = talk.AgreedActions, NextFollowUp = talk.NextFollowUp,
                SavedByUserId = talk.MentorUserId, SavedAtUtc = talk.LoggedAtUtc,
            });
            talk.Version++;
        }
        talk.HeldOn = heldOn;
        talk.WithWhom = input.WithWhom;
        talk.Note = input.Note!.Trim();
        talk.AgreedActions = string.IsNullOrWhiteSpace(input.AgreedActions) ? null : input.AgreedActions.Trim();
        talk.NextFollowUp = input.NextFollowUp;
        talk.MentorUserId = mentorId;
        talk.LoggedAtUtc = now;
        await db.SaveChangesAsync(cancellationToken);

        var completed = await CompleteWeeklyFollowUpAsync(pupilId, mentorId, week, heldOn, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await audit.RecordAsync(mentorId, edited ? EditedAction : LoggedAction, pupilId, await SchoolOfAsync(pupilId, cancellationToken),
            $"Vecka {week}, version {talk.Version}" + (completed > 0 ? $", {TaskCatalog.S5Weekly} klar" : ""), cancellationToken);
        return new WeeklyTalkSaveResult.Saved(talk, edited, completed);
    }

    private async Task<int> CompleteWeeklyFollowUpAsync(int pupilId, string mentorId, IsoWeek week, DateOnly heldOn, CancellationToken cancellationToken)
    {
        var open = await db.Tasks
            .Where(t => t.PupilId == pupilId && t.Code == TaskCatalog.S5Weekly && t.Status == CaseTaskStatus.Open)
            .ToListAsync(cancellationToken);
        var followedUp = open.Where(t => WeeklyTalkRule.CompletesWeeklyFollowUp(t.RaisedOn, week, heldOn)).ToList();
        foreach (var task in followedUp)
            await cases.CompleteTaskAsync(task.Id, mentorId, $"Veckosamtal vecka {week.Week} ({week.DatesText()}) loggat.", heldOn, cancellationToken);
        return followedUp.Count;
    }


    private Task<int?> SchoolOfAsync(int pupilId, CancellationToken cancellationToken) =>
        db.Pupils.Where(p => p.Id == pupilId).Select(p => (int?)p.SchoolId).SingleOrDefaultAsync(cancellationToken);
}
