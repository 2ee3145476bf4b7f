using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Moq;
using Narvaro.Access;
using Narvaro.Data;
using Narvaro.Domain;
using Narvaro.Notifications;
using Narvaro.Staff;
using Narvaro.Tests.Infrastructure;

namespace Narvaro.Tests.Staff;

/// <summary>Staff administration on real SQLite: scoping to the admin's huvudman, grants, invitations, deactivation.</summary>
public sealed class StaffAdministrationScopingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private TestDatabase _database = null!;
    private NarvaroDbContext _db = null!;
    private readonly Mock<IMailSender> _mail = new();
    private School _north = null!, _south = null!, _other = null!;
    private StaffUser _admin = null!, _otherAdmin = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _db = _database.CreateContext();
        var kommun = new Organisation { Name = "Sjövik kommun" };
        var annan = new Organisation { Name = "Annan kommun" };
        _north = new School { Organisation = kommun, Name = "Norrskolan", SchoolUnitCode = "11111111" };
        _south = new School { Organisation = kommun, Name = "Söderskolan", SchoolUnitCode = "22222222" };
        _other = new School { Organisation = annan, Name = "Annanskolan", SchoolUnitCode = "33333333" };
        _db.Schools.AddRange(_north, _south, _other);
        _admin = StaffAccounts.NewUser("admin@sjovik.se", "Ada Admin", "ett-långt-lösenord");
        _otherAdmin = StaffAccounts.NewUser("admin@annan.se", "Otto Annan", "ett-långt-lösenord");
        _db.Users.AddRange(_admin, _otherAdmin);
        await _db.SaveChangesAsync();
        await RoleGrants.GrantAsync(_db, _admin.Id, StaffRoles.Admin, null, kommun.Id, "test", Now.UtcDateTime);
        await RoleGrants.GrantAsync(_db, _otherAdmin.Id, StaffRoles.Admin, null, annan.Id, "test", Now.UtcDateTime);
        await _db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _database.DisposeAsync();
    }

    private Invitations Invitations(NarvaroDbContext db, DateTimeOffset? at = null, SmtpOptions? smtp = null) =>
        new(db, _mail.Object, Options.Create(smtp ?? new SmtpOptions()), Options.Create(new InvitationOptions()), new StoppedClock(at ?? Now));

    private StaffAdministration Admin(NarvaroDbContext? db = null, DateTimeOffset? at = null)
    {
        db ??= _db;
        return new(db, Invitations(db, at), new StoppedClock(at ?? Now));
    }

    private async Task<string> CreateAsync(string name, string email)
    {
        var created = await Admin().CreateAsync(_admin.Id, name, email);
        Assert.Equal(StaffAdminOutcome.Ok, created.Outcome);
        return created.Value!;
    }

    [Fact]
    public async Task Create_SetsTheAdminsHuvudmanAndRefusesATakenEmail()
    {
        var id = await CreateAsync("Kim Kurator", "kim@sjovik.se");
        var user = await _db.Users.AsNoTracking().SingleAsync(u => u.Id == id);
        Assert.Equal(_north.OrganisationId, user.OrganisationId);
        Assert.Null(user.PasswordHash);

        var again = await Admin().CreateAsync(_admin.Id, "Kim Igen", "KIM@sjovik.se");
        Assert.Equal(StaffAdminOutcome.Refused, again.Outcome);
        Assert.Equal(1, await _db.Users.CountAsync(u => u.NormalizedEmail == "KIM@SJOVIK.SE"));
    }

    [Fact]
    public async Task OtherHuvudmansAdmin_SeesNothingAndChangesNothing()
    {
        var id = await CreateAsync("Kim Kurator", "kim@sjovik.se");
        Assert.Equal(StaffAdminOutcome.Ok, (await Admin().GrantAsync(_admin.Id, id, StaffRoles.Skolkurator, _north.Id)).Outcome);

        var other = Admin();
        var list = await other.ListAsync(_otherAdmin.Id, new StaffFilter(null, null, null), 1);
        Assert.DoesNotContain(list.Rows, r => r.Id == id || r.Id == _admin.Id);
        Assert.Null(await other.DetailsAsync(_otherAdmin.Id, id));
        Assert.Equal(StaffAdminOutcome.NotFound, (await other.GrantAsync(_otherAdmin.Id, id, StaffRoles.Rektor, _other.Id)).Outcome);
        Assert.Equal(StaffAdminOutcome.NotFound, (await other.DeactivateAsync(_otherAdmin.Id, id)).Outcome);
        var assignment = await _db.RoleAssignments.SingleAsync(a => a.UserId == id);
        Assert.Equal(StaffAdminOutcome.NotFound, (await other.RevokeAsync(_otherAdmin.Id, id, assignment.Id)).Outcome);
        Assert.True(await _db.RoleAssignments.AnyAsync(a => a.Id == assignment.Id));
        Assert.Null((await _db.Users.AsNoTracking().SingleAsync(u => u.Id == id)).DeactivatedAtUtc);
    }

    [Fact]
    public async Task List_FiltersByNameSchoolAndRoleAndCountsMentees()
    {
        var kim = await CreateAsync("Kim Kurator", "kim@sjovik.se");
        var rut = await CreateAsync("Rut Rektor", "rut@sjovik.se");
        await Admin().GrantAsync(_admin.Id, kim, StaffRoles.Skolkurator, _north.Id);
        await Admin().GrantAsync(_admin.Id, rut, StaffRoles.Rektor, _south.Id);
        // An imported mentor without OrganisationId belongs to the huvudman through their mentees.
        var mentor = StaffAccounts.NewUser("mentor@sjovik.se", "Mona Mentor");
        _db.Users.Add(mentor);
        var schoolClass = new SchoolClass { School = _south, Name = "7A" };
        _db.Pupils.Add(new Pupil { ExternalId = "p1", FirstName = "Elev", LastName = "Ett", GradeLevel = "7", School = _south, Class = schoolClass, MentorId = mentor.Id });
        await _db.SaveChangesAsync();

        var admin = Admin();
        Assert.Equal(["Ada Admin", "Kim Kurator", "Mona Mentor", "Rut Rektor"],
            (await admin.ListAsync(_admin.Id, new StaffFilter(null, null, null), 1)).Rows.Select(r => r.DisplayName));
        Assert.Equal(["Kim Kurator"], (await admin.ListAsync(_admin.Id, new StaffFilter("kim", null, null), 1)).Rows.Select(r => r.DisplayName));
        Assert.Equal(["Ada Admin", "Mona Mentor", "Rut Rektor"],
            (await admin.ListAsync(_admin.Id, new StaffFilter(null, _south.Id, null), 1)).Rows.Select(r => r.DisplayName));
        Assert.Equal(["Rut Rektor"], (await admin.ListAsync(_admin.Id, new StaffFilter(null, null, StaffRoles.Rektor), 1)).Rows.Select(r => r.DisplayName));
        var mona = Assert.Single((await admin.ListAsync(_admin.Id, new StaffFilter(null, null, StaffRoles.Mentor), 1)).Rows);
        Assert.Equal(1, mona.Mentees);
    }

    [Fact]
    public async Task Grant_RefusesMentorAndOtherHuvudmansSchool_RevokeKeepsOwnLastAdmin()
    {
        var id = await CreateAsync("Kim Kurator", "kim@sjovik.se");
        var admin = Admin();
        Assert.Equal(StaffAdminOutcome.Refused, (await admin.GrantAsync(_admin.Id, id, StaffRoles.Mentor, _north.Id)).Outcome);
        Assert.Equal(StaffAdminOutcome.Refused, (await admin.GrantAsync(_admin.Id, id, StaffRoles.Skolkurator, _other.Id)).Outcome);
        Assert.Equal(StaffAdminOutcome.Refused, (await admin.GrantAsync(_admin.Id, id, StaffRoles.Skolkurator, null)).Outcome);
        Assert.Equal(StaffAdminOutcome.Ok, (await admin.GrantAsync(_admin.Id, id, StaffRoles.Skolchef, _south.Id)).Outcome);
        var skolchef = await _db.RoleAssignments.SingleAsync(a => a.UserId == id);
        Assert.Null(skolchef.SchoolId);
        Assert.Equal(_south.OrganisationId, skolchef.OrganisationId);

        var own = await _db.RoleAssignments.SingleAsync(a => a.UserId == _admin.Id);
        Assert.Equal(StaffAdminOutcome.Refused, (await admin.RevokeAsync(_admin.Id, _admin.Id, own.Id)).Outcome);
        Assert.Equal(StaffAdminOutcome.Ok, (await admin.RevokeAsync(_admin.Id, id, skolchef.Id)).Outcome);
        Assert.False(await _db.RoleAssignments.AnyAsync(a => a.UserId == id));
    }

    [Fact]
    public async Task Invitation_StoresOnlyTheHash_IsSingleUse_AndANewerOneRevokesTheOlder()
    {
        var id = await CreateAsync("Kim Kurator", "kim@sjovik.se");
        var user = await _db.Users.SingleAsync(u => u.Id == id);
        var first = await Invitations(_db).CreateAsync(user, _admin.Id);
        var firstToken = first.Link[Narvaro.Staff.Invitations.PathPrefix.Length..];
        Assert.False(first.Emailed);
        Assert.Equal(43, firstToken.Length);
        var stored = await _db.StaffInvitations.AsNoTracking().SingleAsync();
        Assert.Equal(Narvaro.Staff.Invitations.Hash(firstToken), stored.TokenHash);
        Assert.Equal(64, stored.TokenHash.Length);
        Assert.DoesNotContain(firstToken, DatabaseText(stored));
        Assert.Equal(Now.UtcDateTime.AddDays(7), stored.ExpiresAtUtc);

        var second = await Invitations(_db).CreateAsync(user, _admin.Id);
        var secondToken = second.Link[Narvaro.Staff.Invitations.PathPrefix.Length..];
        Assert.Null(await Invitations(_db).FindOpenAsync(firstToken));
        var open = await Invitations(_db).FindOpenAsync(secondToken);
        Assert.NotNull(open);
        Assert.True(await Invitations(_db).TryUseAsync(open, () => Task.CompletedTask));
        Assert.True((await _db.Users.AsNoTracking().SingleAsync(u => u.Id == id)).EmailConfirmed);
        Assert.Null(await Invitations(_db).FindOpenAsync(secondToken));
        Assert.Equal(InvitationState.Used, (await Invitations(_db).StateAsync(id)).State);
    }

    [Fact]
    public async Task Invitation_UsedByTwoRequestsAtOnce_OnlyOneSetsAPassword()
    {
        var id = await CreateAsync("Kim Kurator", "kim@sjovik.se");
        var sent = await Invitations(_db).CreateAsync(await _db.Users.SingleAsync(u => u.Id == id), _admin.Id);
        var token = sent.Link[Narvaro.Staff.Invitations.PathPrefix.Length..];

        // Two requests, each with its own context, both found the link open before either used it.
        await using var firstDb = _database.CreateContext();
        await using var secondDb = _database.CreateContext();
        var first = (await Invitations(firstDb).FindOpenAsync(token))!;
        var second = (await Invitations(secondDb).FindOpenAsync(token))!;
        Assert.NotNull(first);
        Assert.NotNull(second);

        var passwordsSet = 0;
        Task SetPassword() { Interlocked.Increment(ref passwordsSet); return Task.CompletedTask; }
        var results = await Task.WhenAll(
            Task.Run(() => Invitations(firstDb).TryUseAsync(first, SetPassword)),
            Task.Run(() => Invitations(secondDb).TryUseAsync(second, SetPassword)));

        Assert.Equal(1, results.Count(r => r));
        Assert.Equal(1, passwordsSet);
        Assert.Equal(InvitationState.Used, (await Invitations(_db).StateAsync(id)).State);
        // A late third request finds nothing open.
        Assert.Null(await Invitations(_db).FindOpenAsync(token));
    }

    [Fact]
    public async Task Invitation_WhenSettingThePasswordFails_StaysOpen()
    {
        var id = await CreateAsync("Kim Kurator", "kim@sjovik.se");
        var sent = await Invitations(_db).CreateAsync(await _db.Users.SingleAsync(u => u.Id == id), _admin.Id);
        var token = sent.Link[Narvaro.Staff.Invitations.PathPrefix.Length..];
        await using var requestDb = _database.CreateContext();
        var open = (await Invitations(requestDb).FindOpenAsync(token))!;

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Invitations(requestDb).TryUseAsync(open, () => throw new InvalidOperationException("store failed")));

        Assert.NotNull(await Invitations(_db).FindOpenAsync(token));
        Assert.False((await _db.Users.AsNoTracking().SingleAsync(u => u.Id == id)).EmailConfirmed);
    }

    [Fact]
    public async Task Invitation_ExpiresAfterSevenDays()
    {
        var id = await CreateAsync("Kim Kurator", "kim@sjovik.se");
        var sent = await Invitations(_db).CreateAsync(await _db.Users.SingleAsync(u => u.Id == id), _admin.Id);
        var token = sent.Link[Narvaro.Staff.Invitations.PathPrefix.Length..];
        Assert.NotNull(await Invitations(_db, Now.AddDays(7).AddMinutes(-1)).FindOpenAsync(token));
        Assert.Null(await Invitations(_db, Now.AddDays(7)).FindOpenAsync(token));
        Assert.Equal(InvitationState.Expired, (await Invitations(_db, Now.AddDays(8)).StateAsync(id)).State);
    }

    [Fact]
    public async Task Invitation_IsEmailedWhenSmtpIsConfigured()
    {
        var id = await CreateAsync("Kim Kurator", "kim@sjovik.se");
        var smtp = new SmtpOptions { Host = "smtp.sjovik.se", From = "narvaro@sjovik.se", BaseUrl = "https://narvaro.sjovik.se" };
        var sent = await Invitations(_db, smtp: smtp).CreateAsync(await _db.Users.SingleAsync(u => u.Id == id), _admin.Id);
        Assert.True(sent.Emailed);
        _mail.Verify(m => m.SendAsync(It.Is<OutgoingMail>(mail => mail.ToAddress == "kim@sjovik.se" && mail.Text.Contains(sent.Link)
            && sent.Link.StartsWith("https://narvaro.sjovik.se/konto/inbjudan/")), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Deactivate_LocksOutNewStampRevokesInvitation_NotSelf_ReactivateClearsLockout()
    {
        var id = await CreateAsync("Kim Kurator", "kim@sjovik.se");
        var user = await _db.Users.SingleAsync(u => u.Id == id);
        var stamp = user.SecurityStamp;
        var sent = await Invitations(_db).CreateAsync(user, _admin.Id);

        Assert.Equal(StaffAdminOutcome.Refused, (await Admin().DeactivateAsync(_admin.Id, _admin.Id)).Outcome);
        Assert.Equal(StaffAdminOutcome.Ok, (await Admin().DeactivateAsync(_admin.Id, id)).Outcome);
        await using (var read = _database.CreateContext())
        {
            var after = await read.Users.SingleAsync(u => u.Id == id);
            Assert.Equal(Now.UtcDateTime, after.DeactivatedAtUtc);
            Assert.Equal(_admin.Id, after.DeactivatedByUserId);
            Assert.Equal(DateTimeOffset.MaxValue, after.LockoutEnd);
            Assert.NotEqual(stamp, after.SecurityStamp);
            Assert.NotNull((await read.StaffInvitations.SingleAsync()).RevokedAtUtc);
        }
        Assert.Null(await Invitations(_db).FindOpenAsync(sent.Link[Narvaro.Staff.Invitations.PathPrefix.Length..]));

        Assert.Equal(StaffAdminOutcome.Ok, (await Admin().ReactivateAsync(_admin.Id, id)).Outcome);
        await using var again = _database.CreateContext();
        var reactivated = await again.Users.SingleAsync(u => u.Id == id);
        Assert.Null(reactivated.DeactivatedAtUtc);
        Assert.Null(reactivated.LockoutEnd);
    }

    [Fact]
    public void ImportedMentor_BelongsToTheHuvudmanOfTheMenteesSchool_OnlyWhenItHasNone()
    {
        var imported = StaffAccounts.NewUser("ny.mentor@sjovik.se", "ny.mentor@sjovik.se");
        MentorAccounts.BelongTo(imported, _south);
        Assert.Equal(_south.OrganisationId, imported.OrganisationId);
        MentorAccounts.BelongTo(imported, _other);
        Assert.Equal(_south.OrganisationId, imported.OrganisationId);
    }

    private static string DatabaseText(StaffInvitation invitation) =>
        string.Join("|", invitation.TokenHash, invitation.UserId, invitation.CreatedByUserId);
}
