using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Tests.Support;
using static SecurityManagement.Tests.Support.Builders;

namespace SecurityManagement.Tests.Core.Accounts;

public sealed class AccountServiceTests : IAsyncLifetime
{
    private CoreHarness _core = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _core = await CoreHarness.CreateAsync();

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Theory]
    [InlineData(Role.Resident)]
    [InlineData(Role.Guard)]
    [InlineData(Role.Admin)]
    [InlineData(Role.SuperAdmin)]
    public async Task ActiveUserOfEveryRoleSignsInWithTheTextedCode(Role role)
    {
        var user = await _core.AddUserAsync(role);

        var start = await _core.Accounts.StartSignInAsync(user.Phone.Value, bypassOtp: false, Ct);
        _core.Clock.Advance(TimeSpan.FromSeconds(20));
        var finish = await _core.Accounts.FinishSignInAsync(user.Phone.Value, _core.Sms.LastCodeFor(user.Phone.Value), Ct);

        Assert.Equal(SignInStep.CodeSent, start.Step);
        Assert.Equal(SignInStep.SignedIn, finish.Step);
        Assert.Equal(user.Id, finish.User!.Id);
        Assert.Equal(Now.AddSeconds(20), (await _core.Storage.Users.GetAsync(user.Id, Ct))!.LastLoginAt);
        var audit = await _core.Storage.Audit.ListAsync(new AuditFilter(ActorId: user.Id), new PageRequest(0, 5), Ct);
        Assert.Equal("account.signed-in", Assert.Single(audit.Items).Action);
    }

    [Fact]
    public async Task BypassSignsInAtOnceAndSendsNothing()
    {
        var user = await _core.AddUserAsync(Role.Guard);

        var result = await _core.Accounts.StartSignInAsync(user.Phone.Value, bypassOtp: true, Ct);

        Assert.Equal((SignInStep.SignedIn, user.Id), (result.Step, result.User!.Id));
        Assert.Empty(_core.Sms.Sent);
    }

    [Theory]
    [InlineData(UserStatus.PendingApproval, SignInStep.PendingApproval)]
    [InlineData(UserStatus.Deactivated, SignInStep.Deactivated)]
    public async Task InactiveUsersAreToldWhyAndGetNoCodeEvenWithTheBypass(UserStatus status, SignInStep step)
    {
        var user = await _core.AddUserAsync(Role.Resident, status);

        Assert.Equal(step, (await _core.Accounts.StartSignInAsync(user.Phone.Value, bypassOtp: false, Ct)).Step);
        Assert.Equal(step, (await _core.Accounts.StartSignInAsync(user.Phone.Value, bypassOtp: true, Ct)).Step);
        Assert.Empty(_core.Sms.Sent);
    }

    [Fact]
    public async Task UserDeactivatedBetweenTheStepsIsNotSignedIn()
    {
        var user = await _core.AddUserAsync(Role.Resident);
        await _core.Accounts.StartSignInAsync(user.Phone.Value, bypassOtp: false, Ct);
        await _core.Storage.Users.UpdateAsync(user with { Status = UserStatus.Deactivated, SecurityStamp = User.NewSecurityStamp() }, user.SecurityStamp, Ct);

        var result = await _core.Accounts.FinishSignInAsync(user.Phone.Value, _core.Sms.LastCodeFor(user.Phone.Value), Ct);

        Assert.Equal(SignInStep.Deactivated, result.Step);
    }

    [Fact]
    public async Task UnknownNumberIsOfferedRegistration() =>
        Assert.Equal(SignInStep.UnknownPhone, (await _core.Accounts.StartSignInAsync(NextPhone().Value, bypassOtp: false, Ct)).Step);

    [Fact]
    public async Task MalformedPhoneIsRefusedForTheField() =>
        Assert.Equal("phone", (await Assert.ThrowsAsync<InvalidInputException>(
            () => _core.Accounts.StartSignInAsync("12345", bypassOtp: false, Ct))).Field);

    [Fact]
    public async Task RegistrationVerifiesThePhoneThenMakesAResidentAwaitingApproval()
    {
        var phone = NextPhone().Value;

        var start = await _core.Accounts.StartRegistrationAsync(phone, " Kavya Nair ", "a-102", bypassOtp: false, Ct);
        var finish = await _core.Accounts.FinishRegistrationAsync(phone, " Kavya Nair ", "a-102", _core.Sms.LastCodeFor(phone), Ct);

        Assert.Equal(SignInStep.CodeSent, start.Step);
        Assert.Equal(SignInStep.PendingApproval, finish.Step);
        var stored = await _core.Storage.Users.GetByPhoneAsync(PhoneNumber.Parse(phone), Ct);
        Assert.Equal(("Kavya Nair", Role.Resident, "A-102", UserStatus.PendingApproval),
            (stored!.FullName, stored.Role, stored.Flat?.Value, stored.Status));
    }

    [Fact]
    public async Task RegistrationWithAWrongCodeCreatesNobody()
    {
        var phone = NextPhone().Value;
        await _core.Accounts.StartRegistrationAsync(phone, "Kavya", "A-102", bypassOtp: false, Ct);
        var wrong = _core.Sms.LastCodeFor(phone) == "000000" ? "111111" : "000000";

        var result = await _core.Accounts.FinishRegistrationAsync(phone, "Kavya", "A-102", wrong, Ct);

        Assert.Equal((SignInStep.CodeRefused, OtpCheckOutcome.Wrong), (result.Step, result.Code!.Outcome));
        Assert.Null(await _core.Storage.Users.GetByPhoneAsync(PhoneNumber.Parse(phone), Ct));
    }

    [Fact]
    public async Task RegistrationReportsEveryBadFieldAtOnceAndSendsNothing()
    {
        var taken = await _core.AddUserAsync(Role.Guard);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(
            () => _core.Accounts.StartRegistrationAsync(taken.Phone.Value, "  ", "Z-999", bypassOtp: true, Ct));

        Assert.Equal(["flat", "fullName", "phone"], ex.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("already registered", ex.Errors["phone"], StringComparison.Ordinal);
        Assert.Contains("no flat Z-999", ex.Errors["flat"], StringComparison.Ordinal);
        Assert.Empty(_core.Sms.Sent);
    }

    [Fact]
    public async Task SessionIsValidOnlyForAnActiveUserWithTheCurrentStamp()
    {
        var user = await _core.AddUserAsync(Role.Resident);
        var pending = await _core.AddUserAsync(Role.Resident, UserStatus.PendingApproval);

        Assert.True(await _core.Accounts.IsSessionValidAsync(user.Id, user.SecurityStamp, Ct));
        Assert.False(await _core.Accounts.IsSessionValidAsync(user.Id, User.NewSecurityStamp(), Ct));
        Assert.False(await _core.Accounts.IsSessionValidAsync(pending.Id, pending.SecurityStamp, Ct));
        Assert.False(await _core.Accounts.IsSessionValidAsync(Guid.NewGuid(), user.SecurityStamp, Ct));
    }

    [Fact]
    public async Task BootstrapMakesTheConfiguredSuperAdminOnceAndOnlyWhenNoneIsActive()
    {
        var made = await _core.Accounts.EnsureSuperAdminAsync("9000000001", "Sunita Rao", Ct);
        var again = await _core.Accounts.EnsureSuperAdminAsync("9000000009", "Someone Else", Ct);

        Assert.Equal((Role.SuperAdmin, UserStatus.Active, "Sunita Rao"), (made!.Role, made.Status, made.FullName));
        Assert.Null(again);
        Assert.Null(await _core.Storage.Users.GetByPhoneAsync(PhoneNumber.Parse("9000000009"), Ct));
    }

    [Fact]
    public async Task BootstrapPromotesAnExistingUserOfThatPhone()
    {
        var resident = await _core.AddUserAsync(Role.Resident, UserStatus.Deactivated);

        var made = await _core.Accounts.EnsureSuperAdminAsync(resident.Phone.Value, null, Ct);

        Assert.Equal((resident.Id, Role.SuperAdmin, UserStatus.Active, (object?)null), (made!.Id, made.Role, made.Status, (object?)made.Flat));
        Assert.NotEqual(resident.SecurityStamp, made.SecurityStamp);
    }

    [Fact]
    public async Task BootstrapWithoutAPhoneDoesNothing() =>
        Assert.Null(await _core.Accounts.EnsureSuperAdminAsync(null, null, Ct));

    [Fact]
    public async Task ProfileIsTheActorsOwnAndRefusedToAStaleSession()
    {
        var user = await _core.AddUserAsync(Role.Guard);

        Assert.Equal(user, await _core.Accounts.GetProfileAsync(CoreHarness.ActorOf(user), Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Accounts.GetProfileAsync(new Actor(user.Id, "old-stamp"), Ct));
    }
}
