using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Live;
using SecurityManagement.Tests.Support;
using static SecurityManagement.Tests.Support.Builders;

namespace SecurityManagement.Tests.Core.Accounts;

public sealed class UserServiceTests : IAsyncLifetime
{
    private CoreHarness _core = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _core = await CoreHarness.CreateAsync();

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    /// <summary>Who acts: each role, plus an admin who was deactivated and one whose session is stale.</summary>
    public enum Caller
    {
        Resident,
        Guard,
        Admin,
        SuperAdmin,
        DeactivatedAdmin,
        StaleSuperAdmin,
    }

    /// <summary>Every user operation; each needs its own target in the right state.</summary>
    public enum Operation
    {
        CreateResident,
        CreateGuard,
        CreateAdmin,
        CreateSuperAdmin,
        ApproveResident,
        RejectResident,
        DeactivateResident,
        DeactivateGuard,
        DeactivateAdmin,
        ReactivateGuard,
        ChangeRoleOfResident,
        EditResident,
        ListUsers,
        ViewOwnProfile,
        SetOwnLanguage,
    }

    private static readonly HashSet<Operation> AdminMay =
    [
        Operation.CreateResident, Operation.CreateGuard, Operation.ApproveResident, Operation.RejectResident,
        Operation.DeactivateResident, Operation.DeactivateGuard, Operation.ReactivateGuard, Operation.ViewOwnProfile,
        Operation.EditResident, Operation.ListUsers, Operation.SetOwnLanguage,
    ];

    private static bool Allowed(Caller caller, Operation operation) => caller switch
    {
        Caller.SuperAdmin => true,
        Caller.Admin => AdminMay.Contains(operation),
        Caller.Resident or Caller.Guard => operation is Operation.ViewOwnProfile or Operation.SetOwnLanguage,
        _ => false,
    };

    public static TheoryData<Caller, Operation> EveryOperationAsEveryCaller()
    {
        var data = new TheoryData<Caller, Operation>();
        foreach (var caller in Enum.GetValues<Caller>())
        {
            foreach (var operation in Enum.GetValues<Operation>())
            {
                data.Add(caller, operation);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryOperationAsEveryCaller))]
    public async Task EachOperationIsAllowedOrRefusedAsTheRulesSay(Caller caller, Operation operation)
    {
        var actor = await ActorAsync(caller);
        var run = await PrepareAsync(operation, actor);

        if (Allowed(caller, operation))
        {
            await run();
        }
        else
        {
            await Assert.ThrowsAsync<NotAllowedException>(run);
        }
    }

    [Fact]
    public async Task StatusChangeRotatesTheStampAuditsAndEndsTheUsersSessions()
    {
        var admin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin));
        var guard = await _core.AddUserAsync(Role.Guard);

        var changed = await _core.Users.DeactivateAsync(admin, guard.Id, "Left the agency", Ct);

        Assert.Equal(UserStatus.Deactivated, changed.Status);
        Assert.NotEqual(guard.SecurityStamp, changed.SecurityStamp);
        Assert.Equal(changed, await _core.Storage.Users.GetAsync(guard.Id, Ct));
        Assert.Contains((Topics.User(guard.Id), new SessionsRevoked(guard.Id)), _core.Live.Published);
        var entry = (await _core.Storage.Audit.ListAsync(new(ActorId: admin.UserId), new PageRequest(0, 1), Ct)).Items.Single();
        Assert.Equal(("user.deactivated", $"user:{guard.Id}"), (entry.Action, entry.Subject));
        Assert.Contains("Left the agency", entry.Details, StringComparison.Ordinal);
        Assert.False(await _core.Accounts.IsSessionValidAsync(CoreHarness.ActorOf(guard), Ct));
    }

    [Fact]
    public async Task NobodyDeactivatesThemselves()
    {
        var superAdmin = await _core.AddUserAsync(Role.SuperAdmin);
        await _core.AddUserAsync(Role.SuperAdmin);

        var ex = await Assert.ThrowsAsync<NotAllowedException>(
            () => _core.Users.DeactivateAsync(CoreHarness.ActorOf(superAdmin), superAdmin.Id, "Leaving", Ct));

        Assert.Contains("your own account", _core.English(ex.Problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NobodyChangesTheirOwnRole()
    {
        var superAdmin = await _core.AddUserAsync(Role.SuperAdmin);
        await _core.AddUserAsync(Role.SuperAdmin);

        await Assert.ThrowsAsync<NotAllowedException>(
            () => _core.Users.ChangeRoleAsync(CoreHarness.ActorOf(superAdmin), superAdmin.Id, Role.Admin, null, Ct));
    }

    [Fact]
    public async Task SuperAdminDemotesAnotherWhoThenLosesTheirSessions()
    {
        var first = await _core.AddUserAsync(Role.SuperAdmin);
        var second = await _core.AddUserAsync(Role.SuperAdmin);

        var demoted = await _core.Users.ChangeRoleAsync(CoreHarness.ActorOf(first), second.Id, Role.Admin, null, Ct);

        Assert.Equal(Role.Admin, demoted.Role);
        await Assert.ThrowsAsync<NotAllowedException>(
            () => _core.Users.ChangeRoleAsync(CoreHarness.ActorOf(second), first.Id, Role.Admin, null, Ct));
    }

    [Fact]
    public async Task TwoSuperAdminsRemovingEachOtherAtOnceLeaveOne()
    {
        for (var round = 0; round < 20; round++)
        {
            var first = await _core.AddUserAsync(Role.SuperAdmin);
            var second = await _core.AddUserAsync(Role.SuperAdmin);
            var others = await _core.Storage.Users.ListAsync(new UserFilter(Role.SuperAdmin, UserStatus.Active), new PageRequest(0, 100), Ct);
            foreach (var other in others.Items.Where(u => u.Id != first.Id && u.Id != second.Id))
            {
                await _core.Storage.Users.UpdateAsync(other with { Status = UserStatus.Deactivated }, other.SecurityStamp, null, Ct);
            }

            var results = await Task.WhenAll(
                Task.Run(() => Outcome(() => _core.Users.DeactivateAsync(CoreHarness.ActorOf(first), second.Id, "Out", Ct)), Ct),
                Task.Run(() => Outcome(() => _core.Users.DeactivateAsync(CoreHarness.ActorOf(second), first.Id, "Out", Ct)), Ct));

            Assert.Single(results, ok => ok);
            Assert.Equal(1, (await _core.Storage.Users.ListAsync(new UserFilter(Role.SuperAdmin, UserStatus.Active), new PageRequest(0, 5), Ct)).Total);
        }

        static async Task<bool> Outcome(Func<Task<User>> act)
        {
            try
            {
                await act();
                return true;
            }
            catch (NotAllowedException)
            {
                return false;
            }
        }
    }

    [Fact]
    public async Task RemovingASuperAdminWaitsWhileAnotherServerIsRemovingOne()
    {
        var first = await _core.AddUserAsync(Role.SuperAdmin);
        var second = await _core.AddUserAsync(Role.SuperAdmin);
        var now = _core.Clock.GetUtcNow();
        Assert.True(await _core.Storage.Leases.TryTakeAsync(UserService.SuperAdminRemovalLease, "another-server", now, now.AddSeconds(30), Ct));

        var removal = _core.Users.DeactivateAsync(CoreHarness.ActorOf(first), second.Id, "Out", Ct);
        await Task.Delay(300, Ct);
        Assert.False(removal.IsCompleted);
        Assert.Equal(UserStatus.Active, (await _core.Storage.Users.GetAsync(second.Id, Ct))!.Status);

        await _core.Storage.Leases.ReleaseAsync(UserService.SuperAdminRemovalLease, "another-server", Ct);
        Assert.Equal(UserStatus.Deactivated, (await removal.WaitAsync(TimeSpan.FromSeconds(5), Ct)).Status);
    }

    [Fact]
    public async Task ApprovingSomeoneNoLongerPendingIsAConflictAndChangesNothing()
    {
        var admin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin));
        var resident = await _core.AddUserAsync(Role.Resident);

        var ex = await Assert.ThrowsAsync<ConflictException>(() => _core.Users.ApproveAsync(admin, resident.Id, Ct));

        Assert.Contains("is no longer \"Pending approval\" (now \"Active\")", _core.English(ex.Problem), StringComparison.Ordinal);
        Assert.Equal(resident, await _core.Storage.Users.GetAsync(resident.Id, Ct));
    }

    [Fact]
    public async Task ResidentOfARemovedFlatIsNotLetIn()
    {
        var admin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin));
        var pending = await _core.AddUserAsync(Role.Resident, UserStatus.PendingApproval, "B-201");
        await _core.Storage.Flats.RemoveAsync(SecurityManagement.Core.Flats.FlatCode.Parse("B-201"), Audited(), Ct);

        var ex = await Assert.ThrowsAsync<ConflictException>(() => _core.Users.ApproveAsync(admin, pending.Id, Ct));

        Assert.Contains("no longer in the directory", _core.English(ex.Problem), StringComparison.Ordinal);
        Assert.Equal(UserStatus.PendingApproval, (await _core.Storage.Users.GetAsync(pending.Id, Ct))!.Status);
    }

    [Fact]
    public async Task DeactivationNeedsAReason()
    {
        var admin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin));
        var guard = await _core.AddUserAsync(Role.Guard);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Users.DeactivateAsync(admin, guard.Id, " ", Ct));

        Assert.Equal("reason", ex.Field);
        Assert.Equal(guard, await _core.Storage.Users.GetAsync(guard.Id, Ct));
    }

    [Fact]
    public async Task CreatingAResidentNeedsAFlatFromTheDirectoryAndAFreePhone()
    {
        var admin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin));
        var taken = await _core.AddUserAsync(Role.Guard);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(
            () => _core.Users.CreateAsync(admin, taken.Phone.Value, "", Role.Resident, "Z-9", Ct));
        var duplicate = await Assert.ThrowsAsync<InvalidInputException>(
            () => _core.Users.CreateAsync(admin, taken.Phone.Value, "Someone", Role.Guard, null, Ct));

        Assert.Equal(["flat", "fullName"], ex.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("phone", duplicate.Field);
    }

    [Fact]
    public async Task EditRenamesWithoutEndingSessionsButAMoveEndsThem()
    {
        var admin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin));
        var resident = await _core.AddUserAsync(Role.Resident);

        var renamed = await _core.Users.EditAsync(admin, resident.Id, " Priya S ", "a-101", Ct);
        var moved = await _core.Users.EditAsync(admin, resident.Id, "Priya S", "b-201", Ct);
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Users.EditAsync(admin, resident.Id, "", "Z-1", Ct));

        Assert.Equal(("Priya S", "A-101", resident.SecurityStamp), (renamed.FullName, renamed.Flat?.Value, renamed.SecurityStamp));
        Assert.Equal("B-201", moved.Flat?.Value);
        Assert.NotEqual(resident.SecurityStamp, moved.SecurityStamp);
        Assert.Contains((Topics.User(resident.Id), new SessionsRevoked(resident.Id)), _core.Live.Published);
        Assert.Equal(["flat", "fullName"], ex.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(moved, await _core.Storage.Users.GetAsync(resident.Id, Ct));
    }

    [Fact]
    public async Task UnknownUserIsNotFound()
    {
        var admin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin));

        await Assert.ThrowsAsync<NotFoundException>(() => _core.Users.ApproveAsync(admin, Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task AUsersLanguageIsKeptInTheirAccount()
    {
        var guard = await _core.AddUserAsync(Role.Guard);

        await _core.Users.SetLanguageAsync(CoreHarness.ActorOf(guard), " hi ", Ct);

        Assert.Equal("hi", (await _core.Storage.Users.GetAsync(guard.Id, Ct))!.Language);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Hindi")]
    [InlineData("h")]
    [InlineData("hi-")]
    [InlineData("hi-IN-x-<script>")]
    public async Task ALanguageThatIsNotACultureNameIsRefusedOnItsFieldAndNothingIsKept(string? language)
    {
        var guard = await _core.AddUserAsync(Role.Guard);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Users.SetLanguageAsync(CoreHarness.ActorOf(guard), language, Ct));

        Assert.Equal(("language", Codes.LanguageUnknown), (ex.Field, ex.Problem.Code));
        Assert.Null((await _core.Storage.Users.GetAsync(guard.Id, Ct))!.Language);
    }

    private async Task<Actor> ActorAsync(Caller caller) => caller switch
    {
        Caller.DeactivatedAdmin => CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin, UserStatus.Deactivated)),
        Caller.StaleSuperAdmin => new Actor((await _core.AddUserAsync(Role.SuperAdmin)).Id, User.NewSecurityStamp()),
        _ => CoreHarness.ActorOf(await _core.AddUserAsync(Enum.Parse<Role>(caller.ToString()))),
    };

    private async Task<Func<Task>> PrepareAsync(Operation operation, Actor actor)
    {
        // A second active super admin, so that no rule about the last one interferes.
        await _core.AddUserAsync(Role.SuperAdmin);
        var phone = Support.Builders.NextPhone().Value;
        switch (operation)
        {
            case Operation.CreateResident:
                return () => _core.Users.CreateAsync(actor, phone, "New Resident", Role.Resident, "A-101", Ct);
            case Operation.CreateGuard:
                return () => _core.Users.CreateAsync(actor, phone, "New Guard", Role.Guard, null, Ct);
            case Operation.CreateAdmin:
                return () => _core.Users.CreateAsync(actor, phone, "New Admin", Role.Admin, null, Ct);
            case Operation.CreateSuperAdmin:
                return () => _core.Users.CreateAsync(actor, phone, "New Super Admin", Role.SuperAdmin, null, Ct);
            case Operation.ViewOwnProfile:
                return () => _core.Accounts.GetProfileAsync(actor, Ct);
            case Operation.SetOwnLanguage:
                return () => _core.Users.SetLanguageAsync(actor, "hi", Ct);
            case Operation.ListUsers:
                return () => _core.Users.ListAsync(actor, new UserFilter(), new PageRequest(0, 10), Ct);
            default:
                break;
        }

        var (role, status) = operation switch
        {
            Operation.ApproveResident or Operation.RejectResident => (Role.Resident, UserStatus.PendingApproval),
            Operation.DeactivateGuard => (Role.Guard, UserStatus.Active),
            Operation.DeactivateAdmin => (Role.Admin, UserStatus.Active),
            Operation.ReactivateGuard => (Role.Guard, UserStatus.Deactivated),
            _ => (Role.Resident, UserStatus.Active),
        };
        var target = (await _core.AddUserAsync(role, status)).Id;
        return operation switch
        {
            Operation.ApproveResident => () => _core.Users.ApproveAsync(actor, target, Ct),
            Operation.RejectResident => () => _core.Users.RejectAsync(actor, target, "Not a resident", Ct),
            Operation.ReactivateGuard => () => _core.Users.ReactivateAsync(actor, target, Ct),
            Operation.ChangeRoleOfResident => () => _core.Users.ChangeRoleAsync(actor, target, Role.Guard, null, Ct),
            Operation.EditResident => () => _core.Users.EditAsync(actor, target, "New Name", "A-102", Ct),
            _ => () => _core.Users.DeactivateAsync(actor, target, "Moved out", Ct),
        };
    }
}
