using Microsoft.EntityFrameworkCore;
using Narvaro.Access;
using Narvaro.Domain;
using Narvaro.Import;
using Narvaro.Staff;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Import;

/// <summary>A pupil file in the documented format, into an empty database or one with schools already.</summary>
public class ImportingAPupilFileTests
{
    [Fact]
    public async Task Documented_format_into_an_empty_database_creates_organisation_school_classes_and_pupils()
    {
        await using var database = await TestDatabase.CreateAsync();
        var csv = Csv.Lines(
            Csv.PupilHeader,
            "12345678;Ekskolan;7A;E1;Åsa;Öberg;7;anna.larsson@ekskolan.se",
            "12345678;Ekskolan;FA;E2;Bo;Ek;F;",
            "87654321;Björkskolan;9C;E3;Cecilia;Lund;9;");

        ImportResult<PupilImportSummary> result;
        await using (var db = database.CreateContext())
            result = await new PupilImporter(db).ImportAsync(csv);

        Assert.True(result.Succeeded, string.Join("\n", result.ErrorMessages()));
        Assert.True(result.Written);
        Assert.Equal(new PupilImportSummary(Rows: 3, NewPupils: 3, UpdatedPupils: 0, NewSchools: 2, NewClasses: 3, NewMentorAccounts: 1), result.Summary);
        await using var check = database.CreateContext();
        var organisation = Assert.Single(await check.Organisations.ToListAsync());
        Assert.Equal(PupilImporter.DefaultOrganisationName, organisation.Name);
        var schools = await check.Schools.OrderBy(s => s.SchoolUnitCode).ToListAsync();
        Assert.Equal(["12345678 Ekskolan", "87654321 Björkskolan"], schools.Select(s => $"{s.SchoolUnitCode} {s.Name}"));
        Assert.All(schools, s => Assert.Equal(organisation.Id, s.OrganisationId));
        var pupils = await check.Pupils.Include(p => p.Class).Include(p => p.School).Include(p => p.Mentor).OrderBy(p => p.ExternalId).ToListAsync();
        Assert.Equal(
            ["E1 Åsa Öberg 7 Ekskolan 7A anna.larsson@ekskolan.se", "E2 Bo Ek F Ekskolan FA -", "E3 Cecilia Lund 9 Björkskolan 9C -"],
            pupils.Select(p => $"{p.ExternalId} {p.FullName} {p.GradeLevel} {p.School!.Name} {p.Class!.Name} {p.Mentor?.Email ?? "-"}"));
        Assert.All(pupils, p => Assert.Null(p.PersonalIdentityNumber));
    }

    [Fact]
    public async Task With_bom_quoted_fields_crlf_and_reordered_header_the_values_are_read_exactly()
    {
        await using var database = await TestDatabase.CreateAsync();
        var text = "ELEV_ID;fornamn;efternamn;arskurs;mentor_epost;skolenhetskod;skola;klass;personnummer\r\n"
            + "E1;\"Anna \"\"Nisse\"\"\";\"Berg; Holm\";\"7\";;12345678;\"Ekskolan, Trosa\";7A;811218-9876\r\n";

        ImportResult<PupilImportSummary> result;
        await using (var db = database.CreateContext())
            result = await new PupilImporter(db).ImportAsync(Csv.Stream(text, bom: true));

        Assert.True(result.Succeeded, string.Join("\n", result.ErrorMessages()));
        await using var check = database.CreateContext();
        var pupil = await check.Pupils.Include(p => p.School).SingleAsync();
        Assert.Equal("Anna \"Nisse\"", pupil.FirstName);
        Assert.Equal("Berg; Holm", pupil.LastName);
        Assert.Equal("Ekskolan, Trosa", pupil.School!.Name);
        Assert.Equal("811218-9876", pupil.PersonalIdentityNumber);
        Assert.Null(pupil.MentorId);
    }

    [Fact]
    public async Task An_existing_organisation_gets_the_new_schools()
    {
        await using var database = await TestDatabase.CreateAsync();
        await TestSchool.SeedAsync(database);

        await using (var db = database.CreateContext())
        {
            var result = await new PupilImporter(db).ImportAsync(Csv.Lines(Csv.PupilHeader, "87654321;Björkskolan;9C;E3;Cecilia;Lund;9;"));
            Assert.True(result.Succeeded);
        }

        await using var check = database.CreateContext();
        var organisation = Assert.Single(await check.Organisations.ToListAsync());
        Assert.Equal("Testkommun", organisation.Name);
        Assert.Equal(organisation.Id, (await check.Schools.SingleAsync(s => s.SchoolUnitCode == "87654321")).OrganisationId);
    }

    [Fact]
    public async Task Preview_tells_what_would_happen_and_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await TestSchool.SeedAsync(database);
        var before = await DatabaseDump.TakeAsync(database);
        var csv = Csv.Lines(
            Csv.PupilHeader,
            "12345678;Ekskolan;7A;E1;Åsa;Öberg;8;anna.larsson@ekskolan.se",
            "12345678;Ekskolan;7B;E5;Dan;Berg;7;ny.mentor@ekskolan.se",
            "87654321;Björkskolan;9C;E6;Eva;Holm;9;");

        ImportResult<PupilImportSummary> result;
        await using (var db = database.CreateContext())
        {
            result = await new PupilImporter(db).PreviewAsync(csv);
            Assert.False(db.ChangeTracker.HasChanges());
        }

        Assert.True(result.Succeeded);
        Assert.False(result.Written);
        Assert.Equal(new PupilImportSummary(Rows: 3, NewPupils: 2, UpdatedPupils: 1, NewSchools: 1, NewClasses: 2, NewMentorAccounts: 1), result.Summary);
        Assert.Equal(before, await DatabaseDump.TakeAsync(database));
    }
}

/// <summary>The same pupils imported again after the school administration system changed them.</summary>
public class ReimportingPupilsTests
{
    [Fact]
    public async Task A_renamed_pupil_who_moved_class_and_year_is_updated_not_duplicated()
    {
        await using var database = await TestDatabase.CreateAsync();
        await TestSchool.SeedAsync(database);

        ImportResult<PupilImportSummary> result;
        await using (var db = database.CreateContext())
            result = await new PupilImporter(db).ImportAsync(Csv.Lines(Csv.PupilHeader, "12345678;Ekskolan;8B;E1;Åsa;Lind;8;"));

        Assert.Equal(new PupilImportSummary(Rows: 1, NewPupils: 0, UpdatedPupils: 1, NewSchools: 0, NewClasses: 1, NewMentorAccounts: 0), result.Summary);
        await using var check = database.CreateContext();
        Assert.Equal(2, await check.Pupils.CountAsync());
        var pupil = await check.Pupils.Include(p => p.Class).SingleAsync(p => p.ExternalId == "E1");
        Assert.Equal("Åsa Lind", pupil.FullName);
        Assert.Equal("8B", pupil.Class!.Name);
        Assert.Equal("8", pupil.GradeLevel);
        Assert.Null(pupil.MentorId);
        // The pupil's attendance follows the pupil.
        Assert.Equal(1, await check.Attendance.CountAsync(a => a.PupilId == pupil.Id));
    }

    [Fact]
    public async Task A_pupil_who_moved_school_is_moved_and_the_school_rename_is_taken_from_the_file()
    {
        await using var database = await TestDatabase.CreateAsync();
        await TestSchool.SeedAsync(database);

        await using (var db = database.CreateContext())
        {
            var result = await new PupilImporter(db).ImportAsync(Csv.Lines(
                Csv.PupilHeader,
                "87654321;Björkskolan;7A;E1;Åsa;Öberg;7;",
                "12345678;Ekskolan Trosa;7a;E2;Bo;Ek;7;"));
            Assert.True(result.Succeeded);
            Assert.Equal(1, result.Summary!.NewClasses); // 7A at Björkskolan; "7a" is Ekskolan's existing 7A
        }

        await using var check = database.CreateContext();
        var pupils = await check.Pupils.Include(p => p.School).Include(p => p.Class).OrderBy(p => p.ExternalId).ToListAsync();
        Assert.Equal(["E1 Björkskolan 7A", "E2 Ekskolan Trosa 7A"], pupils.Select(p => $"{p.ExternalId} {p.School!.Name} {p.Class!.Name}"));
        Assert.Equal(pupils[0].SchoolId, pupils[0].Class!.SchoolId);
    }

    [Fact]
    public async Task Personnummer_is_changed_only_when_the_column_is_present()
    {
        await using var database = await TestDatabase.CreateAsync();
        const string withNumber = Csv.PupilHeader + ";personnummer";

        await ImportAsync(database, withNumber, "12345678;Ekskolan;7A;E1;Åsa;Öberg;7;;20121212-1212");
        Assert.Equal("20121212-1212", await NumberAsync(database));

        await ImportAsync(database, Csv.PupilHeader, "12345678;Ekskolan;7A;E1;Åsa;Öberg;7;");
        Assert.Equal("20121212-1212", await NumberAsync(database));

        await ImportAsync(database, withNumber, "12345678;Ekskolan;7A;E1;Åsa;Öberg;7;;");
        Assert.Null(await NumberAsync(database));

        static async Task ImportAsync(TestDatabase database, string header, string row)
        {
            await using var db = database.CreateContext();
            Assert.True((await new PupilImporter(db).ImportAsync(Csv.Lines(header, row))).Succeeded);
        }

        static async Task<string?> NumberAsync(TestDatabase database)
        {
            await using var db = database.CreateContext();
            return await db.Pupils.Select(p => p.PersonalIdentityNumber).SingleAsync();
        }
    }

    [Fact]
    public async Task Importing_the_same_file_twice_changes_nothing_the_second_time()
    {
        await using var database = await TestDatabase.CreateAsync();
        var text = Csv.Text(Csv.PupilHeader, "12345678;Ekskolan;7A;E1;Åsa;Öberg;7;anna.larsson@ekskolan.se", "12345678;Ekskolan;7B;E2;Bo;Ek;7;bertil@ekskolan.se");
        await using (var db = database.CreateContext())
            await new PupilImporter(db).ImportAsync(Csv.Stream(text));
        var afterFirst = await DatabaseDump.TakeAsync(database);

        ImportResult<PupilImportSummary> second;
        await using (var db = database.CreateContext())
            second = await new PupilImporter(db).ImportAsync(Csv.Stream(text));

        Assert.Equal(new PupilImportSummary(Rows: 2, NewPupils: 0, UpdatedPupils: 2, NewSchools: 0, NewClasses: 0, NewMentorAccounts: 0), second.Summary);
        Assert.Equal(afterFirst, await DatabaseDump.TakeAsync(database));
    }
}

/// <summary>Mentors named by e-mail in the pupil file become staff accounts.</summary>
public class MentorsFromPupilFileTests
{
    [Fact]
    public async Task A_new_mentor_gets_an_account_without_password_and_is_mentor_of_the_pupils_only()
    {
        await using var database = await TestDatabase.CreateAsync();

        await using (var db = database.CreateContext())
        {
            var result = await new PupilImporter(db).ImportAsync(Csv.Lines(
                Csv.PupilHeader,
                "12345678;Ekskolan;7A;E1;Åsa;Öberg;7;Karin.Ny@Trosa.se",
                "12345678;Ekskolan;7A;E2;Bo;Ek;7;karin.ny@trosa.se",
                "87654321;Björkskolan;9C;E3;Cecilia;Lund;9;karin.ny@trosa.se"));
            Assert.Equal(1, result.Summary!.NewMentorAccounts);
        }

        await using var check = database.CreateContext();
        var user = await check.Users.SingleAsync();
        Assert.Equal("Karin.Ny@Trosa.se", user.Email);
        Assert.Equal("KARIN.NY@TROSA.SE", user.NormalizedEmail);
        Assert.Null(user.PasswordHash);
        Assert.False(user.EmailConfirmed);
        Assert.Equal([StaffRoles.Mentor], await StaffAccess.RolesAsync(check, user.Id));
        Assert.Empty(await check.RoleAssignments.ToListAsync());
        Assert.Empty(await StaffAccess.SchoolsOf(check, user.Id).ToListAsync());
        Assert.Equal(3, await check.Pupils.CountAsync(p => p.MentorId == user.Id));
    }

    [Fact]
    public async Task An_existing_account_named_as_mentor_keeps_exactly_the_assignments_it_had()
    {
        await using var database = await TestDatabase.CreateAsync();
        await TestSchool.SeedAsync(database);
        string rektorId;
        await using (var db = database.CreateContext())
        {
            var rektor = StaffAccounts.NewUser("rektor@ekskolan.se", "Rut Rektor", password: "Hemligt-lösen-1");
            db.Users.Add(rektor);
            await db.SaveChangesAsync();
            var ekskolan = await db.Schools.SingleAsync(s => s.SchoolUnitCode == TestSchool.SchoolUnitCode);
            await RoleGrants.GrantAsync(db, rektor.Id, StaffRoles.Rektor, ekskolan.Id, null, "test", DateTime.UtcNow);
            await db.SaveChangesAsync();
            rektorId = rektor.Id;
        }
        var text = Csv.Text(
            Csv.PupilHeader,
            "12345678;Ekskolan;7A;E1;Åsa;Öberg;7;REKTOR@ekskolan.se",
            "87654321;Björkskolan;9C;E3;Cecilia;Lund;9;anna.larsson@ekskolan.se");

        for (var i = 0; i < 2; i++)
        {
            await using var db = database.CreateContext();
            var result = await new PupilImporter(db).ImportAsync(Csv.Stream(text));
            Assert.Equal(0, result.Summary!.NewMentorAccounts);
        }

        await using var check = database.CreateContext();
        Assert.Equal(2, await check.Users.CountAsync());
        Assert.Equal([StaffRoles.Rektor, StaffRoles.Mentor], await StaffAccess.RolesAsync(check, rektorId));
        Assert.NotNull((await check.Users.SingleAsync(u => u.Id == rektorId)).PasswordHash);
        var assignments = await check.RoleAssignments.Include(a => a.User).Include(a => a.School)
            .Select(a => a.User!.Email + " " + a.Role + " " + a.School!.Name).ToListAsync();
        Assert.Equal(["rektor@ekskolan.se Rektor Ekskolan"], assignments);
        Assert.Equal(rektorId, (await check.Pupils.SingleAsync(p => p.ExternalId == "E1")).MentorId);
    }
}
