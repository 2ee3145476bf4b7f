using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Web.Tests.Infrastructure;
using static Narvaro.Web.Tests.Import.ImportUploadClient;

namespace Narvaro.Web.Tests.Import;

/// <summary>
/// An administrator imports into their own huvudman only (#12: administration is scoped to the admin's huvudman): a
/// pupil file naming another huvudman's school, or an attendance file with another huvudman's pupil, is refused with
/// the line, and nothing changes.
/// </summary>
public sealed class ImportStaysInTheHuvudmanTests(ImportUploadFixture fixture) : IClassFixture<ImportUploadFixture>
{
    private const string PupilHeader = "skolenhetskod;skola;klass;elev_id;fornamn;efternamn;arskurs;mentor_epost";
    private const string AttendanceHeader = "elev_id;datum;start;slut;amne;franvaro_min;typ";

    private NarvaroWebFactory Factory => fixture.Factory;

    private async Task<(HttpClient Admin, School Foreign, Pupil ForeignPupil)> WorldAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var own = await Factory.AddOrganisationAsync($"Egen {suffix}");
        var other = await Factory.AddOrganisationAsync($"Annan {suffix}");
        await Factory.AddSchoolAsync(own, $"Egen skola {suffix}", 1);
        var foreign = await Factory.AddSchoolAsync(other, $"Annan skola {suffix}", 1);
        var email = $"admin.{suffix}@skola.test";
        var admin = await Factory.AddStaffAsync(email, "Ada Admin", StaffRoles.Mentor);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
            await Narvaro.Access.RoleGrants.GrantAsync(db, admin.Id, StaffRoles.Admin, null, own.Id, "test", DateTime.UtcNow);
            await db.SaveChangesAsync();
        }
        var client = Factory.CreateBrowser();
        await client.LogInOrFailAsync(email);
        await using var read = Factory.Services.CreateAsyncScope();
        var pupil = await read.ServiceProvider.GetRequiredService<NarvaroDbContext>().Pupils.AsNoTracking().SingleAsync(p => p.SchoolId == foreign.Id);
        return (client, foreign, pupil);
    }

    private async Task<(int Pupils, int Schools, int Attendance)> CountsAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        return (await db.Pupils.CountAsync(), await db.Schools.CountAsync(), await db.Attendance.CountAsync());
    }

    [Fact]
    public async Task PupilFile_NamingAnotherHuvudmansSchoolOrPupil_IsRefusedWithTheLine_NothingChanged()
    {
        var (client, foreign, foreignPupil) = await WorldAsync();
        var before = await CountsAsync();
        var newCode = Random.Shared.Next(10_000_000, 99_999_999);

        var id = await client.UploadOrFailAsync("Pupils", "elever.csv", Csv(
            PupilHeader,
            $"{newCode};Ny skola;7A;ny-{newCode};Åsa;Öberg;7;",
            $"{foreign.SchoolUnitCode};{foreign.Name};7A;intrang-{newCode};Bo;Ek;7;",
            $"{newCode};Ny skola;7A;{foreignPupil.ExternalId};Elev;Nummer 1;7;"));
        var preview = await client.PreviewPageAsync(id);

        Assert.Contains("Filen kan inte importeras", preview);
        Assert.Contains($"<li>Rad 3: skolenhetskod {foreign.SchoolUnitCode} hör till en annan huvudman. Du kan bara importera till din egen huvudmans skolor.</li>", preview);
        Assert.Contains($"<li>Rad 4: elev_id \"{foreignPupil.ExternalId}\" hör till en annan huvudman. Du kan bara importera din egen huvudmans elever.</li>", preview);
        Assert.DoesNotContain("Rad 2:", preview);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task AttendanceFile_WithAnotherHuvudmansPupil_IsAnUnknownPupil_NothingWritten()
    {
        var (client, _, foreignPupil) = await WorldAsync();
        var before = await CountsAsync();

        var id = await client.UploadOrFailAsync("Attendance", "narvaro.csv", Csv(
            AttendanceHeader,
            $"{foreignPupil.ExternalId};2026-09-01;08:00;09:00;Matematik;;ogiltig"));
        var preview = await client.PreviewPageAsync(id);

        Assert.Contains($"<li>Rad 2: okänd elev: elev_id \"{foreignPupil.ExternalId}\" finns inte. Importera elevfilen först.</li>", preview);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/import")).StatusCode);
        Assert.Equal(before, await CountsAsync());
    }
}
