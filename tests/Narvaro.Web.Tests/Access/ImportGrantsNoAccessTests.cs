using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Access;
using Narvaro.Data;
using Narvaro.Documents;
using Narvaro.Domain;
using Narvaro.Import;
using Narvaro.Web.Tests.Infrastructure;

namespace Narvaro.Web.Tests.Access;

/// <summary>
/// The leak a review found: a skolkurator of Ekskolan named as mentor of one Björkskolan pupil in a pupil file was
/// given the Mentor role and a membership at Björkskolan, and with it Björkskolan's EHT documents. Access is now per
/// (user, role, school) assignment and the import grants none: the kurator reaches the one mentee and nothing else.
/// </summary>
public sealed class ImportGrantsNoAccessTests : IClassFixture<NarvaroWebFactory>
{
    private readonly NarvaroWebFactory _factory;

    public ImportGrantsNoAccessTests(NarvaroWebFactory factory) => _factory = factory;

    [Fact]
    public async Task PupilImport_NamingAKuratorOfAnotherSchoolAsMentor_GivesNoAccessToThatSchoolsEhtDocuments()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var kommun = await _factory.AddOrganisationAsync($"Ekstads kommun {suffix}");
        var ekskolan = await _factory.AddSchoolAsync(kommun, $"Ekskolan {suffix}", pupils: 1);
        var bjorkskolan = await _factory.AddSchoolAsync(kommun, $"Björkskolan {suffix}", pupils: 2);
        var kuratorEmail = $"kurator.{suffix}@ekskolan.test";
        var kurator = await _factory.AddStaffAsync(kuratorEmail, "Kim Kurator", StaffRoles.Skolkurator, ekskolan);

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        var bjorkPupils = await db.Pupils.Where(p => p.SchoolId == bjorkskolan.Id).OrderBy(p => p.Id).ToListAsync();
        var mentee = bjorkPupils[0];
        var other = bjorkPupils[1];
        var className = await db.Classes.Where(c => c.Id == mentee.ClassId).Select(c => c.Name).SingleAsync();

        // Björkskolan's EHT documents (Bilaga 2) for both pupils, as the nightly run attaches them at step 4.
        var documentOfOther = await AttachKartlaggningAsync(scope.ServiceProvider, db, other);
        var documentOfMentee = await AttachKartlaggningAsync(scope.ServiceProvider, db, mentee);

        var file = string.Join('\n',
            "skolenhetskod;skola;klass;elev_id;fornamn;efternamn;arskurs;mentor_epost",
            $"{bjorkskolan.SchoolUnitCode};{bjorkskolan.Name};{className};{mentee.ExternalId};{mentee.FirstName};{mentee.LastName};{mentee.GradeLevel};{kuratorEmail}") + "\n";
        var result = await new PupilImporter(db).ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(file)));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));

        // The model: mentor of the one pupil; Skolkurator at Ekskolan only; no new assignment, no global role.
        await using var check = _factory.Services.CreateAsyncScope();
        var checkDb = check.ServiceProvider.GetRequiredService<NarvaroDbContext>();
        Assert.Equal(kurator.Id, (await checkDb.Pupils.SingleAsync(p => p.Id == mentee.Id)).MentorId);
        Assert.Equal([ekskolan.Id], await StaffAccess.SchoolsOf(checkDb, kurator.Id).Select(s => s.Id).ToListAsync());
        Assert.Equal(["Skolkurator Ekskolan " + suffix],
            await checkDb.RoleAssignments.Where(a => a.UserId == kurator.Id).Select(a => a.Role + " " + a.School!.Name).ToListAsync());
        Assert.False(await checkDb.UserRoles.AnyAsync(r => r.UserId == kurator.Id));

        // Through the app: Björkskolan's EHT document of another pupil is not found; the mentee's forms are the mentor's.
        var client = _factory.CreateBrowser();
        await client.LogInOrFailAsync(kuratorEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/dokument/{documentOfOther}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/dokument/{documentOfMentee}")).StatusCode);
    }

    private static async Task<int> AttachKartlaggningAsync(IServiceProvider services, NarvaroDbContext db, Pupil pupil)
    {
        var asOf = new DateOnly(2026, 10, 30);
        var absenceCase = new AbsenceCase { PupilId = pupil.Id, OpenedOn = asOf, Step = 4 };
        db.Cases.Add(absenceCase);
        await db.SaveChangesAsync();
        var rendered = await services.GetRequiredService<PupilDocuments>().RenderAsync(CaseDocumentKind.Bilaga2Kartlaggning, pupil.Id, asOf);
        var document = new CaseDocument
        {
            CaseId = absenceCase.Id, Kind = CaseDocumentKind.Bilaga2Kartlaggning, Step = 4, FileName = rendered!.FileName,
            Content = rendered.Content, SizeBytes = rendered.Content.Length, Sha256 = rendered.Sha256, AsOf = asOf, CreatedAtUtc = DateTime.UtcNow,
        };
        db.CaseDocuments.Add(document);
        await db.SaveChangesAsync();
        return document.Id;
    }
}
