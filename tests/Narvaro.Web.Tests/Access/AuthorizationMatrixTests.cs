using System.Net;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Narvaro.Access;
using Narvaro.Data;
using Narvaro.Documents;
using Narvaro.Domain;
using Narvaro.Escalation;
using Narvaro.StudentHealth;
using Narvaro.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Narvaro.Web.Tests.Access;

/// <summary>
/// The authorization matrix: every endpoint the running app maps (controllers, the Hangfire dashboard, health checks) is
/// requested by every kind of person — anonymous, each role at the pupil's school, each role at another school or
/// huvudman, and a user deactivated while signed in — and the answer is compared with <see cref="AuthorizationMatrix"/>.
/// An endpoint missing from the table fails, so a new page cannot ship unreviewed; a 500 always fails. Runs in the
/// Development and the Production environment.
/// </summary>
public sealed class AuthorizationMatrixTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EveryEndpoint_IsInTheMatrix_AndEveryRowIsAnEndpoint()
    {
        await using var factory = new NarvaroWebFactory();
        var endpoints = DiscoverEndpoints(factory);
        var rows = AuthorizationMatrix.Rows.Select(r => r.Endpoint).ToList();

        Assert.Equal(rows.Count, rows.Distinct().Count());
        var missing = endpoints.Except(rows).ToList();
        var stale = rows.Except(endpoints).ToList();
        Assert.True(missing.Count == 0,
            "Endpoints without a row in AuthorizationMatrix (review who may reach them and add a row):\n" + string.Join("\n", missing));
        Assert.True(stale.Count == 0, "Rows of AuthorizationMatrix that are no endpoint any more:\n" + string.Join("\n", stale));
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task EveryEndpoint_AnswersEveryone_AsTheMatrixSays(string environment)
    {
        await using var factory = NarvaroWebFactory.With(settings: new Dictionary<string, string?>
        {
            ["environment"] = environment,
            ["AllowedHosts"] = "localhost",
        });
        var world = await MatrixWorld.CreateAsync(factory);
        var clients = new Dictionary<Principal, HttpClient>();
        foreach (var principal in AuthorizationMatrix.Columns)
            clients[principal] = await world.SignedInAsync(principal);
        // Deactivated while signed in: the session ends at its next request, like a sign-out.
        var deactivated = await world.SignedInAsync(Principal.Rektor, world.DeactivatedEmail);
        await world.DeactivateAsync(world.DeactivatedEmail);

        var failures = new List<string>();
        var actualTable = new StringBuilder();
        // Rows that end the session (sign-out) run last.
        foreach (var row in AuthorizationMatrix.Rows.OrderBy(r => r.EndsSession))
        {
            var url = world.Resolve(row.SampleUrl);
            var actual = new List<string>();
            foreach (var (principal, index) in AuthorizationMatrix.Columns.Select((p, i) => (p, i)))
            {
                var outcome = await RequestAsync(clients[principal], row.Method, url);
                actual.Add(outcome);
                if (outcome == "500" || outcome != row.Expected[index])
                    failures.Add($"{row.Endpoint} ({url}) as {principal}: expected {row.Expected[index]}, got {outcome}");
            }
            var asDeactivated = await RequestAsync(deactivated, row.Method, url);
            if (asDeactivated != row.Expected[0])
                failures.Add($"{row.Endpoint} ({url}) as a deactivated user: expected {row.Expected[0]} as anonymous, got {asDeactivated}");
            actualTable.AppendLine($"        Row(\"{row.Endpoint}\", \"{row.SampleUrl}\", \"{string.Join(' ', actual)}\"),");
        }

        output.WriteLine($"{AuthorizationMatrix.Rows.Count} endpoints × {AuthorizationMatrix.Columns.Count + 1} people in {environment}:");
        output.WriteLine(actualTable.ToString());
        Assert.True(failures.Count == 0, $"{failures.Count} answers differ from the matrix in {environment}:\n" + string.Join("\n", failures));
    }

    /// <summary>One request as the person; the answer in the matrix's words (<see cref="AuthorizationMatrix"/>).</summary>
    private static async Task<string> RequestAsync(HttpClient client, string method, string url)
    {
        HttpResponseMessage response;
        if (method == "POST")
        {
            var token = await TokenAsync(client);
            response = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        }
        else
        {
            response = await client.GetAsync(url);
        }
        return Classify(response);
    }

    private static string Classify(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var location = response.Headers.Location?.OriginalString ?? "";
        if (status is >= 300 and < 400)
        {
            if (location.Contains("/konto/logga-in", StringComparison.Ordinal)) return "in";
            if (location.Contains("/konto/nekad", StringComparison.Ordinal)) return "403";
            return "3xx";
        }
        return status.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>An antiforgery token for the person's current identity, from the start page or the sign-in page.</summary>
    private static async Task<string> TokenAsync(HttpClient client)
    {
        var home = await client.GetAsync("/");
        if (home.StatusCode != HttpStatusCode.OK) home = await client.GetAsync("/konto/logga-in");
        return Browser.AntiforgeryToken(await home.Content.ReadAsStringAsync());
    }

    /// <summary>"METHOD /pattern" of every endpoint the app maps, without the test project's probe controllers.</summary>
    private static List<string> DiscoverEndpoints(WebApplicationFactory<Program> factory)
    {
        _ = factory.Server; // start the host
        var testAssembly = typeof(AuthorizationMatrixTests).Assembly;
        return factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ControllerActionDescriptor>()?.ControllerTypeInfo.Assembly != testAssembly)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : ["*"])
                .Select(m => $"{m} /{e.RoutePattern.RawText?.TrimStart('/')}"))
            .Distinct()
            .OrderBy(e => e, StringComparer.Ordinal)
            .ToList();
    }
}

/// <summary>
/// Two schools of one huvudman and a school of another, a case at step 5 with tasks, stored forms, a kartläggning and an
/// EHT meeting; a person of each kind. <see cref="Resolve"/> fills a sample URL's placeholders with these ids.
/// </summary>
internal sealed class MatrixWorld
{
    private readonly NarvaroWebFactory _factory;
    private readonly Dictionary<string, string> _values = new();
    private readonly Dictionary<Principal, string> _emails = new();

    private MatrixWorld(NarvaroWebFactory factory) => _factory = factory;

    public string DeactivatedEmail { get; private set; } = "";

    public string Resolve(string sampleUrl) =>
        _values.Aggregate(sampleUrl, (url, pair) => url.Replace("{" + pair.Key + "}", pair.Value, StringComparison.Ordinal));

    public async Task<HttpClient> SignedInAsync(Principal principal, string? email = null)
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = new Uri("https://localhost"),
        });
        if (principal != Principal.Anonymous) await client.LogInOrFailAsync(email ?? _emails[principal]);
        return client;
    }

    public async Task DeactivateAsync(string email)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException(email);
        user.DeactivatedAtUtc = DateTime.UtcNow;
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
    }

    public static async Task<MatrixWorld> CreateAsync(NarvaroWebFactory factory)
    {
        var w = new MatrixWorld(factory);
        var today = SwedishTime.Today(TimeProvider.System);
        var sjovik = await factory.AddOrganisationAsync("Sjövik");
        var bjork = await factory.AddSchoolAsync(sjovik, "Björkskolan", 3);
        var ek = await factory.AddSchoolAsync(sjovik, "Ekskolan", 1);
        var annan = await factory.AddOrganisationAsync("Annan kommun");
        var ask = await factory.AddSchoolAsync(annan, "Askskolan", 1);

        async Task<StaffUser> Staff(Principal principal, string email, string name, string role, School? school, Organisation? organisation)
        {
            var user = await factory.AddStaffAsync(email, name, StaffRoles.Mentor);
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
            if (role != StaffRoles.Mentor)
                await RoleGrants.GrantAsync(db, user.Id, role, school?.Id, school is null ? organisation!.Id : null, "test", DateTime.UtcNow);
            (await db.Users.SingleAsync(u => u.Id == user.Id)).OrganisationId = organisation?.Id ?? school!.OrganisationId;
            await db.SaveChangesAsync();
            if (principal != Principal.Anonymous) w._emails[principal] = email;
            return user;
        }

        var mentor = await Staff(Principal.Mentor, "mentor@bjork.test", "Maja Mentor", StaffRoles.Mentor, null, sjovik);
        var rektor = await Staff(Principal.Rektor, "rektor@bjork.test", "Rut Rektor", StaffRoles.Rektor, bjork, null);
        var kurator = await Staff(Principal.Kurator, "kurator@bjork.test", "Kim Kurator", StaffRoles.Skolkurator, bjork, null);
        await Staff(Principal.Skolchef, "skolchef@sjovik.test", "Sara Skolchef", StaffRoles.Skolchef, null, sjovik);
        await Staff(Principal.Admin, "admin@sjovik.test", "Adam Admin", StaffRoles.Admin, null, sjovik);
        var mentorB = await Staff(Principal.MentorOtherSchool, "mentor@ek.test", "Mats Mentor", StaffRoles.Mentor, null, sjovik);
        await Staff(Principal.RektorOtherSchool, "rektor@ek.test", "Rolf Rektor", StaffRoles.Rektor, ek, null);
        await Staff(Principal.KuratorOtherSchool, "kurator@ek.test", "Karin Kurator", StaffRoles.Skolkurator, ek, null);
        await Staff(Principal.SkolchefOtherHuvudman, "skolchef@annan.test", "Sven Skolchef", StaffRoles.Skolchef, null, annan);
        await Staff(Principal.AdminOtherHuvudman, "admin@annan.test", "Anna Admin", StaffRoles.Admin, null, annan);
        w.DeactivatedEmail = "inaktiverad@bjork.test";
        await Staff(Principal.Anonymous, w.DeactivatedEmail, "Ida Inaktiverad", StaffRoles.Rektor, bjork, null);
        // An account the admin rows act on (invite, grant, revoke, deactivate) without touching anyone who asks.
        var spare = await Staff(Principal.Anonymous, "reserv@bjork.test", "Rune Reserv", StaffRoles.Rektor, bjork, null);
        await factory.MakeMentorAsync(mentor, bjork, 2);
        await factory.MakeMentorAsync(mentorB, ek, 1);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NarvaroDbContext>();
            var pupil = await db.Pupils.Where(p => p.SchoolId == bjork.Id).OrderBy(p => p.Id).FirstAsync();
            var pupilB = await db.Pupils.Where(p => p.SchoolId == ek.Id).FirstAsync();
            var @case = new AbsenceCase { PupilId = pupil.Id, OpenedOn = today.AddDays(-20), Step = 5 };
            var caseB = new AbsenceCase { PupilId = pupilB.Id, OpenedOn = today.AddDays(-20), Step = 4 };
            db.Cases.AddRange(@case, caseB);
            CaseTask Task(AbsenceCase c, string code, string role) => db.Tasks.Add(new CaseTask
            {
                PupilId = c.PupilId, Case = c, Code = code, Role = role, RaisedOn = today.AddDays(-10), Due = today.AddDays(-3),
            }).Entity;
            var mentorTask = Task(@case, TaskCatalog.S3Checklist, "Mentor");
            var rectorTask = Task(@case, TaskCatalog.S4Huvudman, "Rektor");
            Task(@case, TaskCatalog.S4Skolsocial, "Rektor");
            var ehtTask = Task(@case, TaskCatalog.S4Eht, "EHT");
            Task(@case, TaskCatalog.S5Sst, "Rektor");
            Task(caseB, TaskCatalog.S4Eht, "EHT");
            var meeting = db.EhtMeetings.Add(new EhtMeeting { SchoolId = bjork.Id, On = today.AddDays(-7), CreatedAtUtc = DateTime.UtcNow }).Entity;
            await db.SaveChangesAsync();
            var document = db.CaseDocuments.Add(new CaseDocument
            {
                CaseId = @case.Id, Kind = CaseDocumentKind.Bilaga1Checklist, Step = 3, FileName = "checklista.pdf",
                Content = Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n"), SizeBytes = 15, Sha256 = new string('0', 64),
                AsOf = today.AddDays(-1), CreatedAtUtc = DateTime.UtcNow,
            }).Entity;
            await db.SaveChangesAsync();

            var checklists = scope.ServiceProvider.GetRequiredService<ChecklistRecords>();
            Assert.NotNull(await checklists.SaveAsync(pupil.Id, mentor.Id,
                new ChecklistEntry(today.AddDays(-1), today.AddDays(-1), [true, false, true, false, true], [null, null, null, null, null]),
                today.AddDays(-1)));
            var kartlaggningar = scope.ServiceProvider.GetRequiredService<KartlaggningService>();
            var iso = today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            Assert.NotNull(await kartlaggningar.RecordAsync(@case.Id, kurator.Id,
                new KartlaggningSubmission(iso, kurator.Id, ["Skolan", "Fritiden", "Hemmet", "Hälsan"], true, iso, 0)));

            w._values["pupil"] = pupil.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            w._values["case"] = @case.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            w._values["mentortask"] = mentorTask.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            w._values["rectortask"] = rectorTask.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            w._values["ehttask"] = ehtTask.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            w._values["meeting"] = meeting.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            w._values["document"] = document.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            w._values["week"] = IsoWeek.Of(today.AddDays(-7)).ToString();
            w._values["month"] = today.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
            w._values["rektor"] = rektor.Id;
            w._values["mentorid"] = mentor.Id;
            w._values["spare"] = spare.Id;
            w._values["spareassignment"] = (await db.RoleAssignments.Where(a => a.UserId == spare.Id).Select(a => a.Id).SingleAsync())
                .ToString(System.Globalization.CultureInfo.InvariantCulture);
            w._values["term"] = $"{(today.Month >= 8 ? "HT" : "VT")}{today.Year}";
        }
        return w;
    }
}
