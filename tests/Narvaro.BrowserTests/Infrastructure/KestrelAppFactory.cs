using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Narvaro.Access;
using Narvaro.Data;
using Narvaro.Domain;

namespace Narvaro.BrowserTests.Infrastructure;

/// <summary>
/// The real app on real Kestrel (127.0.0.1, a free port) over a temp SQLite file that the app migrates itself,
/// with its own upload folder, so a real browser can drive it.
/// </summary>
public sealed class KestrelAppFactory : WebApplicationFactory<Program>
{
    public const string Password = "ett-långt-testlösenord";
    /// <summary>Small, so an oversized upload is cheap to send.</summary>
    public const long MaxUploadBytes = 64 * 1024;

    public string DatabasePath { get; } = TempPath("narvaro-browser", ".db");
    public string KeysPath { get; } = TempPath("narvaro-browser-keys", "");
    public string UploadPath { get; } = TempPath("narvaro-browser-uploads", "");

    /// <summary>The address Kestrel listens on, e.g. http://127.0.0.1:41234.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    private static string TempPath(string prefix, string extension) =>
        Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}{extension}");

    public void Start()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Development serves the static web assets (site.css) from the project, as `dotnet run` does.
        builder.UseEnvironment("Development");
        // Every test client signs in from the same address, many times: the sign-in throttle's own tests set low limits.
        builder.UseSetting("SignIn:PerAddressPermitLimit", "100000");
        builder.UseSetting("SignIn:PerAccountPermitLimit", "100000");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Narvaro", new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Demo:SeedWhenEmpty", "false");
        builder.UseSetting("DataProtection:KeysPath", KeysPath);
        builder.UseSetting("Jobs:RunServer", "false");
        builder.UseSetting("Import:UploadPath", UploadPath);
        builder.UseSetting("Import:MaxUploadBytes", MaxUploadBytes.ToString());
        // One SS 12000 source, so the admin page lists it; nothing here ever fetches from it.
        builder.UseSetting("Ss12000:Sources:0:Name", Ss12000SourceName);
        builder.UseSetting("Ss12000:Sources:0:BaseUrl", "https://skolsystem.test/ss12000/v2");
        builder.UseSetting("Ss12000:Sources:0:TokenEndpoint", "https://skolsystem.test/oauth2/token");
        builder.UseSetting("Ss12000:Sources:0:ClientId", "narvaro-test");
        builder.UseSetting("Ss12000:Sources:0:ClientSecret", Ss12000Secret);
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
    }

    /// <summary>Extra configuration for one test class's app, applied last; set before <see cref="Start"/>.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    public const string Ss12000SourceName = "Skolsystemet";
    public const string Ss12000Secret = "hemlig-klientnyckel-som-aldrig-visas";

    /// <summary>
    /// Grants the user the role at the school with this unit code (skolchef and administratör: over its huvudman);
    /// without a school, over the first huvudman, made here when the database has none.
    /// </summary>
    public async Task AssignAsync(StaffUser user, string role, string? schoolUnitCode = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        if (schoolUnitCode is not null)
        {
            var school = await db.Schools.SingleAsync(s => s.SchoolUnitCode == schoolUnitCode);
            await RoleGrants.GrantAsync(db, user.Id, role, school.Id, null, "test", DateTime.UtcNow);
        }
        else
        {
            var organisation = await db.Organisations.OrderBy(o => o.Id).FirstOrDefaultAsync()
                ?? db.Organisations.Add(new Organisation { Name = "Testkommun" }).Entity;
            await db.SaveChangesAsync();
            await RoleGrants.GrantAsync(db, user.Id, role, null, organisation.Id, "test", DateTime.UtcNow);
        }
        await db.SaveChangesAsync();
    }

    public async Task<StaffUser> AddStaffAsync(string email, string displayName, string role)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser { UserName = email, Email = email, DisplayName = displayName, EmailConfirmed = true };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        return user;
    }

    /// <summary>A school with one class and pupils with the given elev_id.</summary>
    public async Task AddPupilsAsync(params string[] externalIds)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        var organisation = new Organisation { Name = "Testkommun" };
        var school = new School { Organisation = organisation, Name = "Ekskolan", SchoolUnitCode = "12345678" };
        var schoolClass = new SchoolClass { School = school, Name = "7A" };
        db.Classes.Add(schoolClass);
        foreach (var id in externalIds)
            db.Pupils.Add(new Pupil
            {
                ExternalId = id, FirstName = "Elev", LastName = id, GradeLevel = "7", School = school, Class = schoolClass,
            });
        await db.SaveChangesAsync();
    }

    public async Task<T> WithDatabaseAsync<T>(Func<NarvaroDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<NarvaroDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            File.Delete(DatabasePath + suffix);
        foreach (var directory in new[] { KeysPath, UploadPath })
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
    }
}
