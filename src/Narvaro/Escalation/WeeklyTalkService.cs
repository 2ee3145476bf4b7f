using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation.Rules;

namespace Narvaro.Escalation;

public sealed record WeeklyTalkItem(int PupilId, string ExternalId, string Name, string ClassName, int AbsentMinutes, int ReportedMinutes, WeeklyTalk? Logged);

/// <summary>Step 2: each week, the mentor's list of mentees who had absence the week before, and the log of talks held.</summary>
public sealed class WeeklyTalkService(NarvaroDbContext db)
{
    /// <summary>The mentees of <paramref name="mentorId"/> with absence in the week before the week of <paramref name="date"/>.</summary>
    public async Task<List<WeeklyTalkItem>> ListAsync(string mentorId, DateOnly date, CancellationToken cancellationToken = default)
    {
        var (from, to) = WeeklyTalkRule.PreviousWeek(date);
        var week = WeeklyTalkRule.WeekStart(date);
        var rows = await db.Pupils.AsNoTracking()
            .Where(p => p.MentorId == mentorId)
            .Select(p => new
            {
                p.Id, p.ExternalId, p.FirstName, p.LastName, ClassName = p.Class!.Name,
                Absent = db.Attendance.Where(a => a.PupilId == p.Id && a.Date >= from && a.Date <= to && a.Type != AttendanceType.NotReported)
                    .Sum(a => (int?)a.AbsentMinutes) ?? 0,
                Reported = db.Attendance.Where(a => a.PupilId == p.Id && a.Date >= from && a.Date <= to && a.Type != AttendanceType.NotReported)
                    .Sum(a => (int?)a.ScheduledMinutes) ?? 0,
                Logged = db.WeeklyTalks.FirstOrDefault(w => w.PupilId == p.Id && w.WeekStart == week),
            })
            .ToListAsync(cancellationToken);
        return rows
            .Where(r => WeeklyTalkRule.Applies(r.Absent))
            .OrderBy(r => r.ClassName).ThenBy(r => r.LastName).ThenBy(r => r.FirstName)
            .Select(r => new WeeklyTalkItem(r.Id, r.ExternalId, $"{r.FirstName} {r.LastName}", r.ClassName, r.Absent, r.Reported, r.Logged))
            .ToList();
    }

    /// <summary>Logs (or updates) this week's talk with a mentee.</summary>
    public async Task LogAsync(int pupilId, string mentorId, DateOnly heldOn, string? note, CancellationToken cancellationToken = default)
    {
        var week = WeeklyTalkRule.WeekStart(heldOn);
        var talk = await db.WeeklyTalks.SingleOrDefaultAsync(w => w.PupilId == pupilId && w.WeekStart == week, cancellationToken);
        if (talk is null)
        {
            talk = new WeeklyTalk { PupilId = pupilId, WeekStart = week };
            db.WeeklyTalks.Add(talk);
        }
        talk.HeldOn = heldOn;
        talk.Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        talk.MentorUserId = mentorId;
        await db.SaveChangesAsync(cancellationToken);
    }
}
