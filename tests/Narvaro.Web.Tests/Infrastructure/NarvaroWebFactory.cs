using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.Web.Tests.Infrastructure;

/// <summary>
/// The real app on the test run's database (<see cref="TestDatabase"/>: a temp SQLite file, or a fresh database on
/// PostgreSQL or SQL Server), migrated at start-up by the app itself (Database:MigrateOnStartup), without demo data.
/// Settings are overridden through configuration, so AddNarvaroDatabase is used unchanged.
/// </summary>
public class NarvaroWebFactory : WebApplicationFactory<Program>
{
    public const string Password = "ett-långt-testlösenord";

    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsDatabase;
    private readonly bool _ownsKeys;

    /// <summary>The database this node uses (shared with another node's factory when given to <see cref="With"/>).</summary>
    public TestDatabase Database { get; }
    /// <summary>The SQLite file (SQLite runs only).</summary>
    public string DatabasePath => Database.Path;
    public string ConnectionString => Database.ConnectionString;
    public string KeysPath { get; }

    public NarvaroWebFactory() : this(null, null, null) { }

    /// <summary>A factory with its own database and key ring unless given those of another node.</summary>
    /// <param name="database">Share a database with another factory (another web node); owned and removed when null.</param>
    /// <param name="keysPath">Share a data-protection key ring with another factory; owned and deleted when null.</param>
    /// <param name="settings">Extra configuration, applied last.</param>
    public static NarvaroWebFactory With(
        TestDatabase? database = null, string? keysPath = null, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(database, keysPath, settings);

    // xunit class fixtures need a single public constructor; other shapes go through With.
    private NarvaroWebFactory(TestDatabase? database, string? keysPath, IReadOnlyDictionary<string, string?>? settings)
    {
        _ownsDatabase = database is null;
        _ownsKeys = keysPath is null;
        // SQLite: an empty file the app migrates itself. A server: a copy of the migrated template (the app's own
        // migration then finds nothing to do), because migrating a server database per test class is slow.
        Database = database ?? TestDatabase.CreateAsync(migrate: !TestProvider.IsSqlite).GetAwaiter().GetResult();
        KeysPath = keysPath ?? NewTempPath("narvaro-web-keys", "");
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
    }

    public static string NewTempPath(string prefix, string extension) =>
        Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}{extension}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        // Every test client signs in from the same address, many times: the sign-in throttle's own tests set low limits.
        builder.UseSetting("SignIn:PerAddressPermitLimit", "100000");
        builder.UseSetting("SignIn:PerAccountPermitLimit", "100000");
        builder.UseSetting("Invitation:PermitLimit", "100000");
        builder.UseSetting("Database:Provider", Database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:Narvaro", ConnectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Demo:SeedWhenEmpty", "false");
        builder.UseSetting("DataProtection:KeysPath", KeysPath);
        // Hangfire keeps process-wide state; only the job tests (run alone) start a server.
        builder.UseSetting("Jobs:RunServer", "false");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);

        // Probe endpoints that exercise the policies and ISchoolAccess the way later features will.
        builder.ConfigureTestServices(services =>
            services.AddControllers().AddApplicationPart(typeof(NarvaroWebFactory).Assembly));
    }

    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public async Task<Organisation> AddOrganisationAsync(string name)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        var organisation = new Organisation { Name = name };
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync();
        return organisation;
    }

    /// <summary>A school with one class and <paramref name="pupils"/> pupils.</summary>
    public async Task<School> AddSchoolAsync(Organisation organisation, string name, int pupils)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        var school = new School
        {
            OrganisationId = organisation.Id,
            Name = name,
            SchoolUnitCode = Random.Shared.Next(10_000_000, 99_999_999).ToString(),
        };
        var schoolClass = new SchoolClass { School = school, Name = "7A" };
        db.Classes.Add(schoolClass);
        for (var i = 0; i < pupils; i++)
        {
            db.Pupils.Add(new Pupil
            {
                ExternalId = Guid.NewGuid().ToString("N"),
                FirstName = "Elev",
                LastName = $"Nummer {i + 1}",
                GradeLevel = "7",
                School = school,
                Class = schoolClass,
            });
        }
        await db.SaveChangesAsync();
        return school;
    }

    /// <summary>A member of staff who signs in with <see cref="Password"/>, created through Identity's UserManager.</summary>
    public async Task<StaffUser> AddStaffAsync(string email, string displayName, string role, params School[] schools) =>
        await AddStaffAsync(email, displayName, [role], schools);

    public async Task<StaffUser> AddStaffAsync(string email, string displayName, IReadOnlyList<string> roles, params School[] schools)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser { UserName = email, Email = email, DisplayName = displayName, EmailConfirmed = true };
        Succeeded(await users.CreateAsync(user, Password));
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        await TestAssignments.GrantAsync(db, user.Id, roles, schools.Select(s => s.Id).ToArray());
        return user;
    }

    /// <summary>Names the user mentor of the first <paramref name="count"/> pupils of the school (by id).</summary>
    public async Task MakeMentorAsync(StaffUser user, School school, int count)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        foreach (var pupil in await db.Pupils.Where(p => p.SchoolId == school.Id).OrderBy(p => p.Id).Take(count).ToListAsync())
            pupil.MentorId = user.Id;
        await db.SaveChangesAsync();
    }

    private static void Succeeded(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Database.Provider == DatabaseProvider.Sqlite)
            SqliteConnection.ClearAllPools();
        if (_ownsDatabase)
            await Database.DisposeAsync();
        if (_ownsKeys && Directory.Exists(KeysPath))
            Directory.Delete(KeysPath, recursive: true);
        GC.SuppressFinalize(this);
    }
}
