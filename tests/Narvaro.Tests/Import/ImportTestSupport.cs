using System.Text;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Import;
using Narvaro.Staff;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Import;

/// <summary>CSV test files built from lines.</summary>
public static class Csv
{
    public const string PupilHeader = "skolenhetskod;skola;klass;elev_id;fornamn;efternamn;arskurs;mentor_epost";
    public const string AttendanceHeader = "elev_id;datum;start;slut;amne;franvaro_min;typ";

    public static string Text(params string[] lines) => string.Join("\n", lines) + "\n";

    public static MemoryStream Stream(string text, bool bom = false) =>
        new(bom ? [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)] : Encoding.UTF8.GetBytes(text));

    public static MemoryStream Lines(params string[] lines) => Stream(Text(lines));
}

/// <summary>
/// The seeded school every integration test starts from: Testkommun, Ekskolan (12345678) with class 7A,
/// pupils E1 (Åsa Öberg) and E2 (Bo Ek) with mentor anna.larsson@ekskolan.se, one attendance row for E1.
/// </summary>
public static class TestSchool
{
    public const string SchoolUnitCode = "12345678";
    public const string MentorEmail = "anna.larsson@ekskolan.se";
    public static readonly DateOnly SeededLessonDate = new(2026, 9, 1);

    public static async Task SeedAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var organisation = new Organisation { Name = "Testkommun" };
        var school = new School { Organisation = organisation, SchoolUnitCode = SchoolUnitCode, Name = "Ekskolan" };
        var schoolClass = new SchoolClass { School = school, Name = "7A" };
        var mentor = StaffAccounts.NewUser(MentorEmail, "Anna Larsson");
        db.Users.Add(mentor);
        var e1 = new Pupil { ExternalId = "E1", FirstName = "Åsa", LastName = "Öberg", GradeLevel = "7", School = school, Class = schoolClass, Mentor = mentor };
        db.Pupils.AddRange(e1,
            new Pupil { ExternalId = "E2", FirstName = "Bo", LastName = "Ek", GradeLevel = "7", School = school, Class = schoolClass, Mentor = mentor });
        db.Attendance.Add(new AttendanceRecord
        {
            Pupil = e1, Date = SeededLessonDate, Start = new TimeOnly(8, 0), End = new TimeOnly(9, 0),
            ScheduledMinutes = 60, Subject = "Matematik", AbsentMinutes = 0, Type = AttendanceType.Present,
        });
        await db.SaveChangesAsync();
    }
}

/// <summary>One seeded database shared by a class whose tests never change it (that is what they assert).</summary>
public sealed class SeededDatabaseFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        await TestSchool.SeedAsync(Database);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    public NarvaroDbContext CreateContext() => Database.CreateContext();
}

/// <summary>A rejected file, checked the same way for every importer.</summary>
public static class RejectedImport
{
    /// <summary>Runs preview and import; both must reject the same way, and the database must be byte-for-byte unchanged.</summary>
    public static async Task<ImportResult<T>> PreviewAndImportAsync<T>(SeededDatabaseFixture fixture, byte[] file,
        Func<NarvaroDbContext, Stream, Task<ImportResult<T>>> preview,
        Func<NarvaroDbContext, Stream, Task<ImportResult<T>>> import) where T : class
    {
        var before = await DatabaseDump.TakeAsync(fixture.Database);
        ImportResult<T> previewed, imported;
        await using (var db = fixture.CreateContext())
            previewed = await preview(db, new MemoryStream(file));
        await using (var db = fixture.CreateContext())
            imported = await import(db, new MemoryStream(file));

        Assert.False(imported.Succeeded);
        Assert.False(imported.Written);
        Assert.Null(imported.Summary);
        Assert.Equal(previewed.ErrorMessages(), imported.ErrorMessages());
        Assert.Equal(before, await DatabaseDump.TakeAsync(fixture.Database));
        return imported;
    }

    /// <summary>The file is rejected with <paramref name="expected"/>, alone or among other errors.</summary>
    public static void HasError<T>(ImportResult<T> result, ImportError expected, bool exactlyOne) where T : class
    {
        if (exactlyOne) Assert.Equal(expected, Assert.Single(result.Errors));
        else Assert.Contains(expected, result.Errors);
    }
}
