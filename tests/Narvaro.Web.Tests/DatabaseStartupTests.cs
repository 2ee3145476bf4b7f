using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Demo;
using Narvaro.Domain;
using Narvaro.Web.Infrastructure;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests;

/// <summary>Database:MigrateOnStartup and Demo:SeedWhenEmpty decide what happens before the app serves.</summary>
public sealed class DatabaseStartupTests
{
    [Fact]
    public async Task Startup_WithMigrateOnStartupFalse_LeavesTheSchemaAlone_AndHealthReportsIt()
    {
        // An empty database on every provider (the factory's own server database is a copy of the migrated template).
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await using var factory = NarvaroWebFactory.With(database, settings: new Dictionary<string, string?>
        {
            ["Database:MigrateOnStartup"] = "false",
        });

        var response = await factory.CreateBrowser().GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task Startup_WithSeedWhenEmpty_ButPupilsPresent_DoesNotSeed()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateContext())
        {
            var school = new School
            {
                Organisation = new Organisation { Name = "Befintlig kommun" },
                Name = "Befintliga skolan",
                SchoolUnitCode = "12345678",
            };
            var schoolClass = new SchoolClass { School = school, Name = "1A" };
            db.Pupils.Add(new Pupil
            {
                ExternalId = "elev-1", FirstName = "Ella", LastName = "Elev", GradeLevel = "1",
                School = school, Class = schoolClass,
            });
            await db.SaveChangesAsync();
        }

        await using var factory = NarvaroWebFactory.With(database, settings: new Dictionary<string, string?>
        {
            ["Demo:SeedWhenEmpty"] = "true",
        });
        var response = await factory.CreateBrowser().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        Assert.Equal(1, await context.Pupils.CountAsync());
        Assert.Equal(1, await context.Schools.CountAsync());
        Assert.Empty(await context.Users.ToListAsync());
    }

    [Fact]
    public void DemoLoginPrinter_ListsEveryLoginWithSwedishRoleSchoolAndPassword()
    {
        var result = new DemoSeedResult(
            Schools: 2, Classes: 6, Pupils: 600, Guardians: 900, StaffUsers: 3, AttendanceRows: 72_000,
            From: new DateOnly(2026, 10, 12), To: new DateOnly(2026, 11, 20),
            Logins:
            [
                new DemoLogin("rektor@ekbacken.demo", StaffRoles.Rektor, "Ekbackens skola"),
                new DemoLogin("skolskoterska@ekbacken.demo", StaffRoles.Skolskoterska, "Ekbackens skola"),
                new DemoLogin("admin@narvaro.demo", StaffRoles.Admin, ""),
            ],
            Elapsed: TimeSpan.FromSeconds(3));
        var output = new StringWriter();

        DemoLoginPrinter.Write(output, result);

        var lines = output.ToString().Split(Environment.NewLine);
        Assert.Contains(lines, l => l.Contains("600 elever") && l.Contains("2026-10-12") && l.Contains("2026-11-20"));
        Assert.Contains(lines, l => l.Contains($"Lösenord för alla: {DemoSeeder.DemoPassword}"));
        Assert.Contains(lines, l => l.Contains("rektor@ekbacken.demo") && l.Contains("Rektor") && l.Contains("Ekbackens skola"));
        Assert.Contains(lines, l => l.Contains("skolskoterska@ekbacken.demo") && l.Contains("Skolsköterska") && l.Contains("Ekbackens skola"));
        Assert.Contains(lines, l => l.Contains("admin@narvaro.demo") && l.Contains("Administratör"));
    }
}
