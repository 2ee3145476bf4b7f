using Microsoft.EntityFrameworkCore;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Staff;

namespace Narvaro.Import;

/// <summary>
/// Imports pupils.csv, upserting pupils by elev_id together with their school, class and mentor. The whole file is
/// validated first; a file with any error changes nothing. Pupils missing from the file are left as they are.
/// </summary>
public sealed class PupilImporter(NarvaroDbContext db)
{
    public static readonly IReadOnlyList<string> Columns =
        ["skolenhetskod", "skola", "klass", "elev_id", "fornamn", "efternamn", "arskurs", "mentor_epost"];
    public static readonly IReadOnlyList<string> OptionalColumns = ["personnummer"];

    /// <summary>The organisation created when the database has none.</summary>
    public const string DefaultOrganisationName = "Huvudman";

    // Column lengths from the entity configurations.
    private const int MaxSchoolName = 200, MaxClassName = 50, MaxExternalId = 64, MaxName = 100;

    /// <summary>
    /// Validates the file and tells what an import would do, without writing. With <paramref name="organisationId"/> (an
    /// administrator's huvudman) a row of a school or pupil of another huvudman is an error, and new schools are that
    /// huvudman's; without it (the narvaro command, run by the operator) the whole database.
    /// </summary>
    public Task<ImportResult<PupilImportSummary>> PreviewAsync(Stream csv, CancellationToken cancellationToken = default,
        int? organisationId = null) =>
        RunAsync(csv, write: false, organisationId, cancellationToken);

    /// <summary>Validates the file and, only if it has no error at all, writes every change in one transaction.</summary>
    public Task<ImportResult<PupilImportSummary>> ImportAsync(Stream csv, CancellationToken cancellationToken = default,
        int? organisationId = null) =>
        RunAsync(csv, write: true, organisationId, cancellationToken);

    private sealed record PupilRow(
        int Line, string SchoolUnitCode, string SchoolName, string ClassName, string ExternalId,
        string FirstName, string LastName, string GradeLevel, string? MentorEmail,
        bool HasPersonalIdentityColumn, string? PersonalIdentityNumber);

    private async Task<ImportResult<PupilImportSummary>> RunAsync(Stream csv, bool write, int? organisationId,
        CancellationToken cancellationToken)
    {
        var errors = new ImportErrorCollector();
        var rows = new List<PupilRow>();
        var firstLineOfPupil = new Dictionary<string, int>(StringComparer.Ordinal);
        var schoolNames = new Dictionary<string, (string Name, int Line)>(StringComparer.Ordinal);
        await foreach (var csvRow in CsvFile.ReadRowsAsync(csv, Columns, OptionalColumns, errors, cancellationToken))
        {
            var row = Validate(csvRow, errors);
            if (row is null) continue;
            if (!firstLineOfPupil.TryAdd(row.ExternalId, row.Line))
            {
                errors.Add(row.Line, $"elev_id \"{ImportValidation.Shown(row.ExternalId)}\" finns redan på rad {firstLineOfPupil[row.ExternalId]}.");
                continue;
            }
            if (!schoolNames.TryAdd(row.SchoolUnitCode, (row.SchoolName, row.Line))
                && schoolNames[row.SchoolUnitCode].Name != row.SchoolName)
            {
                var (name, line) = schoolNames[row.SchoolUnitCode];
                errors.Add(row.Line,
                    $"skolenhetskod {row.SchoolUnitCode} har skolnamnet \"{ImportValidation.Shown(name)}\" på rad {line} men \"{ImportValidation.Shown(row.SchoolName)}\" här. En skolenhet ska ha samma namn på alla rader.");
                continue;
            }
            rows.Add(row);
        }
        if (errors.Count == 0 && organisationId is { } scope)
            await RefuseOtherHuvudmansAsync(rows, scope, errors, cancellationToken);
        if (errors.Count > 0)
            return ImportResult<PupilImportSummary>.Rejected(errors);

        var summary = await ApplyAsync(rows, organisationId, cancellationToken);
        if (write)
            await db.SaveChangesAsync(cancellationToken); // one SaveChanges is one transaction
        db.ChangeTracker.Clear();
        return ImportResult<PupilImportSummary>.Accepted(summary, write);
    }

    private static PupilRow? Validate(CsvRow row, ImportErrorCollector errors)
    {
        var line = row.LineNumber;
        var errorsBefore = errors.Count;
        var v = row.Values;

        var schoolUnitCode = v[0]!;
        if (!ImportValidation.IsSchoolUnitCode(schoolUnitCode))
            errors.Add(line, $"skolenhetskod \"{ImportValidation.Shown(schoolUnitCode)}\" ska vara 8 siffror.");
        var schoolName = Required(v[1]!, "skola", MaxSchoolName);
        var className = Required(v[2]!, "klass", MaxClassName);
        var externalId = Required(v[3]!, "elev_id", MaxExternalId);
        var firstName = Required(v[4]!, "fornamn", MaxName);
        var lastName = Required(v[5]!, "efternamn", MaxName);
        var gradeLevel = ImportValidation.NormalizeGradeLevel(v[6]!);
        if (gradeLevel is null)
            errors.Add(line, $"arskurs \"{ImportValidation.Shown(v[6])}\" ska vara F eller 1–9.");
        var mentorEmail = v[7]!.Length == 0 ? null : v[7];
        if (mentorEmail is not null && !ImportValidation.IsEmail(mentorEmail))
            errors.Add(line, $"mentor_epost \"{ImportValidation.Shown(mentorEmail)}\" är inte en giltig e-postadress. Lämna fältet tomt om eleven saknar mentor.");
        var personalIdentityNumber = string.IsNullOrEmpty(v[8]) ? null : v[8];
        if (personalIdentityNumber is not null && !ImportValidation.IsPersonalIdentityNumber(personalIdentityNumber))
            errors.Add(line, "personnummer är inte giltigt. Ange 10 eller 12 siffror, gärna med - före de fyra sista, med rätt kontrollsiffra.");

        return errors.Count > errorsBefore
            ? null
            : new PupilRow(line, schoolUnitCode, schoolName, className, externalId, firstName, lastName, gradeLevel!,
                mentorEmail, v[8] is not null, personalIdentityNumber);

        string Required(string value, string column, int maxLength)
        {
            if (value.Length == 0)
                errors.Add(line, $"{column} saknas.");
            else if (value.Length > maxLength)
                errors.Add(line, $"{column} får vara högst {maxLength} tecken.");
            return value;
        }
    }

    /// <summary>An administrator imports into their own huvudman only: schools and pupils of another are errors at their line.</summary>
    private async Task RefuseOtherHuvudmansAsync(List<PupilRow> rows, int organisationId, ImportErrorCollector errors,
        CancellationToken cancellationToken)
    {
        var codes = rows.Select(r => r.SchoolUnitCode).Distinct().ToList();
        var foreignSchools = (await db.Schools.Where(s => codes.Contains(s.SchoolUnitCode) && s.OrganisationId != organisationId)
            .Select(s => s.SchoolUnitCode).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var externalIds = rows.Select(r => r.ExternalId).ToList();
        var foreignPupils = (await db.Pupils.Where(p => externalIds.Contains(p.ExternalId) && p.School!.OrganisationId != organisationId)
            .Select(p => p.ExternalId).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (foreignSchools.Contains(row.SchoolUnitCode))
                errors.Add(row.Line, $"skolenhetskod {row.SchoolUnitCode} hör till en annan huvudman. Du kan bara importera till din egen huvudmans skolor.");
            else if (foreignPupils.Contains(row.ExternalId))
                errors.Add(row.Line, $"elev_id \"{ImportValidation.Shown(row.ExternalId)}\" hör till en annan huvudman. Du kan bara importera din egen huvudmans elever.");
        }
    }

    /// <summary>Loads what the rows touch, applies them to tracked entities and counts what changes.</summary>
    private async Task<PupilImportSummary> ApplyAsync(List<PupilRow> rows, int? organisationId, CancellationToken cancellationToken)
    {
        var schools = await db.Schools.ToDictionaryAsync(s => s.SchoolUnitCode, StringComparer.Ordinal, cancellationToken);
        var schoolsById = schools.Values.ToDictionary(s => s.Id);
        // SQL Server compares class names case-insensitively; matching the same way keeps the unique index satisfied.
        var classes = new Dictionary<School, Dictionary<string, SchoolClass>>();
        foreach (var schoolClass in await db.Classes.ToListAsync(cancellationToken))
            ClassesOf(schoolsById[schoolClass.SchoolId]).Add(schoolClass.Name, schoolClass);

        var externalIds = rows.Select(r => r.ExternalId).ToList();
        var pupils = await db.Pupils.Where(p => externalIds.Contains(p.ExternalId))
            .ToDictionaryAsync(p => p.ExternalId, StringComparer.Ordinal, cancellationToken);

        var mentors = await MentorAccounts.FindOrCreateAsync(db, rows.Select(r => r.MentorEmail).OfType<string>(), cancellationToken);

        Organisation? organisation = null;
        int newPupils = 0, newSchools = 0, newClasses = 0;
        foreach (var row in rows)
        {
            if (!schools.TryGetValue(row.SchoolUnitCode, out var school))
            {
                organisation ??= await db.Organisations.Where(o => organisationId == null || o.Id == organisationId)
                        .OrderBy(o => o.Id).FirstOrDefaultAsync(cancellationToken)
                    ?? db.Organisations.Add(new Organisation { Name = DefaultOrganisationName }).Entity;
                school = new School { Organisation = organisation, SchoolUnitCode = row.SchoolUnitCode, Name = row.SchoolName };
                db.Schools.Add(school);
                schools.Add(row.SchoolUnitCode, school);
                newSchools++;
            }
            school.Name = row.SchoolName;

            if (!ClassesOf(school).TryGetValue(row.ClassName, out var schoolClass))
            {
                schoolClass = new SchoolClass { School = school, Name = row.ClassName };
                db.Classes.Add(schoolClass);
                ClassesOf(school).Add(row.ClassName, schoolClass);
                newClasses++;
            }

            // The mentor relation is per pupil; it grants no role and no school (StaffAccess).
            var mentor = row.MentorEmail is null ? null : mentors[MentorAccounts.Key(row.MentorEmail)].User;
            if (row.MentorEmail is not null && mentors[MentorAccounts.Key(row.MentorEmail)].IsNew) MentorAccounts.BelongTo(mentor, school);

            if (!pupils.TryGetValue(row.ExternalId, out var pupil))
            {
                pupil = new Pupil
                {
                    ExternalId = row.ExternalId, FirstName = row.FirstName, LastName = row.LastName, GradeLevel = row.GradeLevel,
                };
                db.Pupils.Add(pupil);
                pupils.Add(row.ExternalId, pupil);
                newPupils++;
            }
            pupil.UpdateFromImport(row.FirstName, row.LastName, row.GradeLevel, school, schoolClass, mentor);
            if (row.HasPersonalIdentityColumn)
                pupil.PersonalIdentityNumber = row.PersonalIdentityNumber;
        }

        return new PupilImportSummary(rows.Count, newPupils, rows.Count - newPupils, newSchools, newClasses,
            mentors.Values.Count(m => m.IsNew));

        Dictionary<string, SchoolClass> ClassesOf(School school)
        {
            if (!classes.TryGetValue(school, out var byName))
                classes.Add(school, byName = new Dictionary<string, SchoolClass>(StringComparer.OrdinalIgnoreCase));
            return byName;
        }
    }
}
