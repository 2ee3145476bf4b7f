using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Staff;

namespace Narvaro.Ss12000;

/// <param name="Lessons">Attendance rows written, including <paramref name="NotReportedLessons"/>.</param>
/// <param name="NotReportedLessons">Rows written as ej_rapporterad for lessons that ended without an attendance record.</param>
/// <param name="NotAttendanceEvents">Events skipped because their activity is not attendance-reported (Provaktivitet, Läraraktivitet, Övrigt).</param>
public sealed record Ss12000SourceSummary(
    string Source, int Schools, int Pupils, int NewPupils, int Lessons, int NotReportedLessons, int CancelledLessons, int NotAttendanceEvents,
    int NewMentorAccounts);

public sealed record Ss12000ImportSummary(DateOnly From, DateOnly To, IReadOnlyList<Ss12000SourceSummary> Sources);

/// <summary>
/// Imports schools, classes, pupils, mentors and attendance for a date range from the configured SS 12000 sources.
/// Everything is fetched and validated first; only then is it written, all sources in one transaction. Any failure
/// before the commit leaves the database as it was and throws <see cref="Ss12000Exception"/> with a Swedish reason.
/// Running it twice for the same range changes nothing the second time.
/// </summary>
public sealed class Ss12000Import(
    NarvaroDbContext db, Ss12000ClientFactory clients, IOptions<Ss12000Options> options, TimeProvider clock, ILogger<Ss12000Import> logger,
    Audit.AuditTrail audit)
{
    /// <summary>The audit entry of an import that was written (the run: web page, nightly job or command).</summary>
    public const string AuditAction = "SS 12000-import";

    public IReadOnlyList<Ss12000SourceOptions> Sources => options.Value.Sources;

    public async Task<Ss12000ImportSummary> ImportAsync(DateOnly from, DateOnly to, string? sourceName = null, CancellationToken cancellationToken = default)
    {
        if (to < from)
            throw new Ss12000Exception($"Slutdatumet {to:yyyy-MM-dd} ligger före startdatumet {from:yyyy-MM-dd}.");
        var sources = options.Value.Sources
            .Where(s => sourceName is null || string.Equals(s.Name, sourceName, StringComparison.OrdinalIgnoreCase)).ToList();
        if (sources.Count == 0)
            throw new Ss12000Exception(sourceName is null
                ? "Inga SS 12000-källor är konfigurerade (Ss12000:Sources)."
                : $"Det finns ingen SS 12000-källa som heter \"{sourceName}\".");

        var batches = new List<(Ss12000SourceOptions Source, Ss12000Batch Batch)>();
        foreach (var source in sources)
        {
            Ss12000Snapshot snapshot;
            try
            {
                snapshot = await Ss12000Fetch.SnapshotAsync(clients.Create(source), from, to, cancellationToken);
            }
            catch (Ss12000Exception ex)
            {
                // The client's reason already names the source, the request and the fault.
                throw new Ss12000Exception($"{ex.Message} Hämtningen avbröts och ingenting har ändrats i databasen.", ex);
            }
            // Lessons without a record count as not reported only once they have ended, as of the end of this fetch.
            var mapped = Ss12000Mapper.Map(snapshot, from, to, reportedBefore: clock.GetUtcNow());
            if (!mapped.Succeeded)
                throw new Ss12000Exception(
                    $"Uppgifterna från SS 12000-källan \"{source.Name}\" avvisades på grund av {mapped.Errors.Count} fel. Ingenting har ändrats i databasen.",
                    details: mapped.Errors);
            batches.Add((source, mapped.Batch!));
        }

        var summaries = await WriteAsync(batches, cancellationToken);
        logger.LogInformation("SS 12000 import {From}–{To}: {Summary}", from, to, string.Join("; ", summaries));
        await audit.RecordAsync(null, AuditAction, details: $"{from:yyyy-MM-dd} – {to:yyyy-MM-dd}: " + string.Join("; ", summaries.Select(s =>
                $"{s.Source}: {s.Schools} skolor, {s.Pupils} elever ({s.NewPupils} nya), {s.Lessons} lektioner, {s.NewMentorAccounts} nya mentorskonton")),
            cancellationToken: CancellationToken.None);
        return new Ss12000ImportSummary(from, to, summaries);
    }

    private async Task<List<Ss12000SourceSummary>> WriteAsync(
        List<(Ss12000SourceOptions Source, Ss12000Batch Batch)> batches, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var summaries = new List<Ss12000SourceSummary>();
            foreach (var (source, batch) in batches)
                summaries.Add(await WriteSourceAsync(source, batch, cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return summaries;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task<Ss12000SourceSummary> WriteSourceAsync(Ss12000SourceOptions source, Ss12000Batch batch, CancellationToken cancellationToken)
    {
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Name == source.OrganisationName, cancellationToken)
            ?? db.Organisations.Add(new Organisation { Name = source.OrganisationName }).Entity;

        var codes = batch.Schools.Select(s => s.SchoolUnitCode).ToList();
        var schools = await db.Schools.Where(s => codes.Contains(s.SchoolUnitCode))
            .ToDictionaryAsync(s => s.SchoolUnitCode, StringComparer.Ordinal, cancellationToken);
        foreach (var row in batch.Schools)
        {
            // An existing school keeps its organisation; only its name follows the source.
            if (!schools.TryGetValue(row.SchoolUnitCode, out var school))
                schools.Add(row.SchoolUnitCode, school = db.Schools.Add(new School { Organisation = organisation, SchoolUnitCode = row.SchoolUnitCode, Name = row.Name }).Entity);
            school.Name = row.Name;
        }

        var schoolIds = schools.Values.Where(s => s.Id != 0).Select(s => s.Id).ToList();
        // Class names compare case-insensitively, as SQL Server's unique index does.
        var classes = (await db.Classes.Where(c => schoolIds.Contains(c.SchoolId)).ToListAsync(cancellationToken))
            .ToDictionary(c => (c.SchoolId, c.Name.ToUpperInvariant()));
        var classesByNewSchool = new Dictionary<(School, string), SchoolClass>();

        var mentors = await MentorAccounts.FindOrCreateAsync(db, batch.Pupils.Select(p => p.MentorEmail).OfType<string>(), cancellationToken);

        var externalIds = batch.Pupils.Select(p => p.ExternalId).ToList();
        var pupils = await db.Pupils.Where(p => externalIds.Contains(p.ExternalId))
            .ToDictionaryAsync(p => p.ExternalId, StringComparer.Ordinal, cancellationToken);
        var newPupils = 0;
        foreach (var row in batch.Pupils)
        {
            var school = schools[row.SchoolUnitCode];
            SchoolClass? schoolClass;
            if (school.Id != 0) classes.TryGetValue((school.Id, row.ClassName.ToUpperInvariant()), out schoolClass);
            else classesByNewSchool.TryGetValue((school, row.ClassName.ToUpperInvariant()), out schoolClass);
            if (schoolClass is null)
            {
                schoolClass = db.Classes.Add(new SchoolClass { School = school, Name = row.ClassName }).Entity;
                if (school.Id != 0) classes.Add((school.Id, row.ClassName.ToUpperInvariant()), schoolClass);
                else classesByNewSchool.Add((school, row.ClassName.ToUpperInvariant()), schoolClass);
            }

            // The mentor relation is per pupil; it grants no role and no school (StaffAccess).
            var mentor = row.MentorEmail is null ? null : mentors[MentorAccounts.Key(row.MentorEmail)].User;
            if (row.MentorEmail is not null && mentors[MentorAccounts.Key(row.MentorEmail)].IsNew) MentorAccounts.BelongTo(mentor, school);

            if (!pupils.TryGetValue(row.ExternalId, out var pupil))
            {
                pupil = db.Pupils.Add(new Pupil { ExternalId = row.ExternalId, FirstName = row.FirstName, LastName = row.LastName, GradeLevel = row.GradeLevel }).Entity;
                pupils.Add(row.ExternalId, pupil);
                newPupils++;
            }
            pupil.UpdateFromImport(row.FirstName, row.LastName, row.GradeLevel, school, schoolClass, mentor);
            if (row.PersonalIdentityNumber is not null)
                pupil.PersonalIdentityNumber = row.PersonalIdentityNumber;
            pupil.ProtectedIdentity = row.ProtectedIdentity;
        }
        await db.SaveChangesAsync(cancellationToken);

        // Attendance may name pupils imported earlier (by CSV or another source) as well as those just written.
        var lessonPupils = batch.Lessons.Select(l => l.ExternalId).Distinct().Where(id => !pupils.ContainsKey(id)).ToList();
        var known = await db.Pupils.Where(p => lessonPupils.Contains(p.ExternalId))
            .ToDictionaryAsync(p => p.ExternalId, p => p.Id, StringComparer.Ordinal, cancellationToken);
        var unknown = lessonPupils.Where(id => !known.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
            throw new Ss12000Exception(
                $"Närvaroposterna från SS 12000-källan \"{source.Name}\" gäller {unknown.Count} {(unknown.Count == 1 ? "elev" : "elever")} som varken finns i källans elevlista eller i Närvaro. Ingenting har ändrats i databasen.",
                details: unknown.Take(Ss12000Mapper.MaxErrors).Select(id => $"Okänd elev: {id}").ToList());
        foreach (var (externalId, pupil) in pupils) known[externalId] = pupil.Id;

        await AttendanceWriter.UpsertAsync(db, batch.Lessons.Select(l => new AttendanceRecord
        {
            PupilId = known[l.ExternalId],
            Date = l.Date,
            Start = l.Start,
            End = l.End,
            ScheduledMinutes = (int)(l.End - l.Start).TotalMinutes,
            Subject = l.Subject,
            AbsentMinutes = l.AbsentMinutes,
            Type = l.Type,
        }), cancellationToken);

        return new Ss12000SourceSummary(source.Name, batch.Schools.Count, batch.Pupils.Count, newPupils, batch.Lessons.Count,
            batch.NotReportedLessons, batch.CancelledLessons, batch.NotAttendanceEvents, mentors.Values.Count(m => m.IsNew));
    }
}
