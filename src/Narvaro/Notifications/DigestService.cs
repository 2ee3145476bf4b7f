using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Narvaro.Access;
using Narvaro.Audit;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.Escalation.Rules;

namespace Narvaro.Notifications;

/// <summary>One line of a digest: what the task is called in an e-mail (<see cref="DigestWordingRule"/>), whose, and where it is.</summary>
public sealed record DigestLine(int TaskId, string Title, string PupilName, DateOnly Due, bool Overdue);

/// <summary>What one run did, for the log and the tests.</summary>
public sealed record DigestRunResult(DateOnly On, bool Enabled, int Sent, int AlreadySent, int Failed)
{
    public static DigestRunResult Disabled(DateOnly on) => new(on, false, 0, 0, 0);
}

/// <summary>
/// The daily e-mail digest: each active member of staff with an e-mail address gets one mail a day listing their open
/// tasks that are new (raised since their last digest, at first since yesterday) or overdue — the same tasks as
/// Mina uppgifter (<see cref="StaffAccess.OwnTasks"/>). Names and links only: titles that reveal health or social
/// matters are replaced (<see cref="DigestWordingRule"/>) and no absence figures are written. The (user, day) row in
/// DigestDeliveries is claimed before sending, so a second run or a second node sends nobody two digests; a failed send
/// gives the claim back so a retry can send.
/// </summary>
public sealed class DigestService(
    NarvaroDbContext db, IMailSender sender, IOptions<SmtpOptions> options, AuditTrail audit, TimeProvider clock, ILogger<DigestService> logger)
{
    /// <summary>However long since a user's last digest, "new" looks back at most this many days.</summary>
    public const int MaxLookBackDays = 7;

    public const string AuditAction = "Daglig sammanställning e-postad";

    /// <summary>After this many failed sends in a row the server is taken to be down: the run stops, and the retry sends the rest.</summary>
    public const int MaxFailuresInARow = 3;

    private static readonly int NoIndex = 0;

    public async Task<DigestRunResult> SendDailyAsync(CancellationToken cancellationToken = default)
    {
        var today = SwedishTime.Today(clock);
        var smtp = options.Value;
        if (!smtp.Enabled)
        {
            logger.LogInformation("No task digest sent for {Day}: Smtp:Host is not set, so e-mail is off.", today);
            return DigestRunResult.Disabled(today);
        }

        var recipients = await RecipientsAsync(today, cancellationToken);
        int sent = 0, already = 0, failed = 0, failedInARow = 0;
        foreach (var user in recipients)
        {
            if (failedInARow >= MaxFailuresInARow)
            {
                // Each attempt waits up to Smtp:TimeoutSeconds; do not wait that long for every member of staff.
                logger.LogWarning("The task digest for {Day} stops after {Failures} failed sends in a row; the job's retry sends the rest.", today, failedInARow);
                break;
            }
            db.ChangeTracker.Clear();
            var since = user.LastDigestOn is { } last ? last : today.AddDays(-1);
            if (since < today.AddDays(-MaxLookBackDays)) since = today.AddDays(-MaxLookBackDays);
            var lines = await LinesAsync(user.Id, today, since, cancellationToken);
            if (lines.Count == 0) continue;

            var claim = new DigestDelivery { UserId = user.Id, On = today, TaskCount = lines.Count, SentAtUtc = clock.GetUtcNow().UtcDateTime };
            if (!await ClaimAsync(claim, cancellationToken))
            {
                already++;
                continue;
            }
            try
            {
                await sender.SendAsync(Compose(user.Email, user.Name, lines, smtp), cancellationToken);
            }
            catch (Exception e)
            {
                // The mail may not have left: give the day back so the job's retry (or tomorrow's run) can send it.
                logger.LogWarning(e, "The task digest to user {UserId} for {Day} could not be sent; the claim is removed so a retry sends it.", user.Id, today);
                db.DigestDeliveries.Remove(claim);
                await db.SaveChangesAsync(CancellationToken.None);
                failed++;
                failedInARow++;
                if (e is OperationCanceledException) throw;
                continue;
            }
            sent++;
            failedInARow = 0;
            await audit.RecordAsync(user.Id, AuditAction,
                details: $"Daglig e-post med {lines.Count} uppgifter (uppgift {string.Join(", ", lines.Select(l => l.TaskId))})",
                cancellationToken: CancellationToken.None);
        }
        logger.LogInformation("Task digest for {Day}: {Sent} sent, {Already} already sent, {Failed} failed.", today, sent, already, failed);
        return new DigestRunResult(today, true, sent, already, failed);
    }

    /// <summary>The subject: "Närvaro: 3 nya och 5 försenade uppgifter" (a part with 0 left out; the noun follows the last number).</summary>
    public static string Subject(int newCount, int overdueCount)
    {
        var parts = new List<string>();
        if (newCount > 0) parts.Add($"{newCount} {(newCount == 1 ? "ny" : "nya")}");
        if (overdueCount > 0) parts.Add($"{overdueCount} {(overdueCount == 1 ? "försenad" : "försenade")}");
        var last = overdueCount > 0 ? overdueCount : newCount;
        return $"Närvaro: {string.Join(" och ", parts)} {(last == 1 ? "uppgift" : "uppgifter")}";
    }

    /// <summary>The mail for one person: per task its e-mail title, the pupil's name and the link to the task page.</summary>
    public static OutgoingMail Compose(string toAddress, string toName, IReadOnlyList<DigestLine> lines, SmtpOptions smtp)
    {
        var overdue = lines.Where(l => l.Overdue).ToList();
        var fresh = lines.Where(l => !l.Overdue).ToList();
        var subject = Subject(fresh.Count, overdue.Count);
        var myTasks = smtp.Link("/mina-uppgifter");
        const string footer = "Det här är ett automatiskt meddelande från Närvaro. E-posten innehåller bara namn och länkar; "
            + "logga in i Närvaro för att se och göra uppgifterna.";

        var text = new StringBuilder();
        text.Append("Hej ").Append(toName).AppendLine("!").AppendLine();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>").Append(Encode(subject)).Append("</title></head><body>");
        html.Append("<p>Hej ").Append(Encode(toName)).Append("!</p>");
        foreach (var (heading, group) in new[] { ("Försenade uppgifter", overdue), ("Nya uppgifter", fresh) })
        {
            if (group.Count == 0) continue;
            text.AppendLine(heading);
            html.Append("<h2>").Append(Encode(heading)).Append("</h2><ul>");
            foreach (var line in group)
            {
                var link = smtp.Link($"/uppgift/{line.TaskId}");
                text.Append("- ").Append(line.Title).Append(" – ").AppendLine(line.PupilName).Append("  ").AppendLine(link);
                html.Append("<li><a href=\"").Append(Encode(link)).Append("\">").Append(Encode(line.Title)).Append("</a> – ")
                    .Append(Encode(line.PupilName)).Append("</li>");
            }
            text.AppendLine();
            html.Append("</ul>");
        }
        text.Append("Alla dina uppgifter: ").AppendLine(myTasks).AppendLine().AppendLine(footer);
        html.Append("<p><a href=\"").Append(Encode(myTasks)).Append("\">Alla dina uppgifter i Närvaro</a></p><p>")
            .Append(Encode(footer)).Append("</p></body></html>");
        return new OutgoingMail(toAddress, toName, subject, text.ToString(), html.ToString());
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private sealed record Recipient(string Id, string Email, string Name, DateOnly? LastDigestOn);

    /// <summary>
    /// Members of staff with an e-mail address, not locked out (Identity's lockout is how an account is shut), who may own
    /// a task (mentor, a school role, or named on a task) and have no digest today yet.
    /// </summary>
    private async Task<IReadOnlyList<Recipient>> RecipientsAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var schoolRoles = StaffRoles.SchoolRoles;
        var users = await db.Users.AsNoTracking()
            .Where(u => u.Email != null && u.Email != "")
            .Where(u => db.Pupils.Any(p => p.MentorId == u.Id)
                || db.RoleAssignments.Any(a => a.UserId == u.Id && a.SchoolId != null && schoolRoles.Contains(a.Role))
                || db.Tasks.Any(t => t.AssigneeUserId == u.Id))
            .OrderBy(u => u.Id)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.LockoutEnabled, u.LockoutEnd })
            .ToListAsync(cancellationToken);
        var last = await db.DigestDeliveries.AsNoTracking()
            .GroupBy(d => d.UserId)
            .Select(g => new { UserId = g.Key, On = g.Max(d => d.On) })
            .ToDictionaryAsync(d => d.UserId, d => d.On, cancellationToken);
        return users
            // LockoutEnd is compared here: SQLite cannot compare DateTimeOffset in SQL.
            .Where(u => !(u.LockoutEnabled && u.LockoutEnd is { } end && end > now))
            .Where(u => !last.TryGetValue(u.Id, out var on) || on < today)
            .Select(u => new Recipient(u.Id, u.Email!, string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email! : u.DisplayName,
                last.TryGetValue(u.Id, out var on) ? on : null))
            .ToList();
    }

    /// <summary>The user's open tasks that are overdue or raised on or after <paramref name="since"/>, as Mina uppgifter owns them.</summary>
    private async Task<IReadOnlyList<DigestLine>> LinesAsync(string userId, DateOnly today, DateOnly since, CancellationToken cancellationToken)
    {
        var open = CaseTaskStatus.Open;
        var tasks = await StaffAccess.OwnTasks(db, userId).AsNoTracking()
            // "+ 0" as in MyTasksService: the tasks are found by pupil, never through IX_Tasks_Status_Due.
            .Where(t => (int)t.Status + NoIndex == (int)open && (t.Due < today || t.RaisedOn >= since))
            .Select(t => new { t.Id, t.Code, t.Due, t.RaisedOn, t.Pupil!.FirstName, t.Pupil.LastName })
            .ToListAsync(cancellationToken);
        var swedish = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("sv-SE"), false);
        return tasks
            .Select(t => new DigestLine(t.Id, DigestWordingRule.MailTitle(t.Code), $"{t.FirstName} {t.LastName}", t.Due, t.Due < today))
            .OrderBy(l => l.Due).ThenBy(l => l.PupilName, swedish).ThenBy(l => l.TaskId)
            .ToList();
    }

    /// <summary>Inserts the (user, day) row; false when another run holds it already (the unique index refused it).</summary>
    private async Task<bool> ClaimAsync(DigestDelivery claim, CancellationToken cancellationToken)
    {
        db.DigestDeliveries.Add(claim);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.Entry(claim).State = EntityState.Detached;
            if (await db.DigestDeliveries.AnyAsync(d => d.UserId == claim.UserId && d.On == claim.On, cancellationToken))
            {
                logger.LogInformation("The task digest to user {UserId} for {Day} is sent by another run.", claim.UserId, claim.On);
                return false;
            }
            throw;
        }
    }
}
