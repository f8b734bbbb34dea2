using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Live;
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
    public async Task ActiveUserOfEveryRoleSignsInWithTheTextedCodeIntoAStoredSession(Role role)
    {
        var user = await _core.AddUserAsync(role);

        var start = await _core.Accounts.StartSignInAsync(user.Phone.Value, SignInClient.Unknown, bypassOtp: false, Ct);
        _core.Clock.Advance(TimeSpan.FromSeconds(20));
        var finish = await _core.Accounts.FinishSignInAsync(user.Phone.Value, _core.Sms.LastCodeFor(user.Phone.Value), SignInClient.Unknown, Ct);

        Assert.Equal(SignInStep.CodeSent, start.Step);
        Assert.Equal(SignInStep.SignedIn, finish.Step);
        Assert.Equal(user.Id, finish.User!.Id);
        Assert.NotNull(finish.Device);
        Assert.Equal(Now.AddSeconds(20), (await _core.Storage.Users.GetAsync(user.Id, Ct))!.LastLoginAt);
        var session = await _core.Storage.Sessions.GetAsync(finish.Session!.Id, Ct);
        Assert.Equal((user.Id, Now.AddSeconds(20) + _core.Limits.For(role), (DateTimeOffset?)null), (session!.UserId, session.ExpiresAt, session.EndedAt));
        var audit = await _core.Storage.Audit.ListAsync(new AuditFilter(ActorId: user.Id), new PageRequest(0, 5), Ct);
        Assert.Equal("account.signed-in", Assert.Single(audit.Items).Action);
    }

    [Fact]
    public async Task TheFirstStepAnswersEveryNumberAlikeAndTextsEachACode()
    {
        var numbers = new[]
        {
            NextPhone().Value,
            (await _core.AddUserAsync(Role.Resident)).Phone.Value,
            (await _core.AddUserAsync(Role.Resident, UserStatus.PendingApproval)).Phone.Value,
            (await _core.AddUserAsync(Role.Resident, UserStatus.Deactivated)).Phone.Value,
        };

        var steps = new List<SignInResult>();
        foreach (var phone in numbers)
        {
            steps.Add(await _core.Accounts.StartSignInAsync(phone, SignInClient.Unknown, bypassOtp: false, Ct));
        }

        Assert.All(steps, step => Assert.Equal(new SignInResult(SignInStep.CodeSent, Send: steps[0].Send), step));
        Assert.Equal(numbers.Order(StringComparer.Ordinal), _core.Sms.Sent.Select(s => s.To.Value).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(null, SignInStep.UnknownPhone)]
    [InlineData(UserStatus.PendingApproval, SignInStep.PendingApproval)]
    [InlineData(UserStatus.Deactivated, SignInStep.Deactivated)]
    public async Task WhyANumberCannotSignInIsSaidOnlyAfterItsCode(UserStatus? status, SignInStep step)
    {
        var phone = status is { } s ? (await _core.AddUserAsync(Role.Resident, s)).Phone.Value : NextPhone().Value;
        await _core.Accounts.StartSignInAsync(phone, SignInClient.Unknown, bypassOtp: false, Ct);
        var wrong = _core.Sms.LastCodeFor(phone) == "000000" ? "111111" : "000000";

        var afterWrong = await _core.Accounts.FinishSignInAsync(phone, wrong, SignInClient.Unknown, Ct);
        var afterRight = await _core.Accounts.FinishSignInAsync(phone, _core.Sms.LastCodeFor(phone), SignInClient.Unknown, Ct);

        Assert.Equal((SignInStep.CodeRefused, OtpCheckOutcome.Wrong), (afterWrong.Step, afterWrong.Code!.Outcome));
        Assert.Equal(step, afterRight.Step);
        Assert.Null(afterRight.Session);
        Assert.Equal(0, (await _core.Storage.Audit.ListAsync(new AuditFilter(Action: "account.signed-in"), new PageRequest(0, 1), Ct)).Total);
    }

    [Fact]
    public async Task BypassSignsInAtOnceAndSendsNothing()
    {
        var user = await _core.AddUserAsync(Role.Guard);

        var result = await _core.Accounts.StartSignInAsync(user.Phone.Value, SignInClient.Unknown, bypassOtp: true, Ct);

        Assert.Equal((SignInStep.SignedIn, user.Id), (result.Step, result.User!.Id));
        Assert.NotNull(result.Session);
        Assert.Empty(_core.Sms.Sent);
    }

    [Theory]
    [InlineData(UserStatus.PendingApproval, SignInStep.PendingApproval)]
    [InlineData(UserStatus.Deactivated, SignInStep.Deactivated)]
    public async Task TheDevelopmentBypassStillSignsNoInactiveUserIn(UserStatus status, SignInStep step)
    {
        var user = await _core.AddUserAsync(Role.Resident, status);

        Assert.Equal(step, (await _core.Accounts.StartSignInAsync(user.Phone.Value, SignInClient.Unknown, bypassOtp: true, Ct)).Step);
        Assert.Empty(_core.Sms.Sent);
    }

    [Fact]
    public async Task UserDeactivatedBetweenTheStepsIsNotSignedIn()
    {
        var user = await _core.AddUserAsync(Role.Resident);
        await _core.Accounts.StartSignInAsync(user.Phone.Value, SignInClient.Unknown, bypassOtp: false, Ct);
        await _core.Storage.Users.UpdateAsync(user with { Status = UserStatus.Deactivated, SecurityStamp = User.NewSecurityStamp() }, user.SecurityStamp, null, Ct);

        var result = await _core.Accounts.FinishSignInAsync(user.Phone.Value, _core.Sms.LastCodeFor(user.Phone.Value), SignInClient.Unknown, Ct);

        Assert.Equal(SignInStep.Deactivated, result.Step);
    }

    [Fact]
    public async Task MalformedPhoneIsRefusedForTheField() =>
        Assert.Equal("phone", (await Assert.ThrowsAsync<InvalidInputException>(
            () => _core.Accounts.StartSignInAsync("12345", SignInClient.Unknown, bypassOtp: false, Ct))).Field);

    [Fact]
    public async Task RegistrationVerifiesThePhoneThenMakesAResidentAwaitingApproval()
    {
        var phone = NextPhone().Value;

        var start = await _core.Accounts.StartRegistrationAsync(phone, " Kavya Nair ", "a-102", SignInClient.Unknown, bypassOtp: false, Ct);
        var finish = await _core.Accounts.FinishRegistrationAsync(phone, " Kavya Nair ", "a-102", _core.Sms.LastCodeFor(phone), SignInClient.Unknown, Ct);

        Assert.Equal(SignInStep.CodeSent, start.Step);
        Assert.Equal(SignInStep.PendingApproval, finish.Step);
        var stored = await _core.Storage.Users.GetByPhoneAsync(PhoneNumber.Parse(phone), Ct);
        Assert.Equal(("Kavya Nair", Role.Resident, "A-102", UserStatus.PendingApproval),
            (stored!.FullName, stored.Role, stored.Flat?.Value, stored.Status));
        var entry = Assert.Single((await _core.Storage.Audit.ListAsync(new AuditFilter(Action: "account.registered"), new PageRequest(0, 5), Ct)).Items);
        Assert.DoesNotContain("Kavya", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegistrationWithAWrongCodeCreatesNobody()
    {
        var phone = NextPhone().Value;
        await _core.Accounts.StartRegistrationAsync(phone, "Kavya", "A-102", SignInClient.Unknown, bypassOtp: false, Ct);
        var wrong = _core.Sms.LastCodeFor(phone) == "000000" ? "111111" : "000000";

        var result = await _core.Accounts.FinishRegistrationAsync(phone, "Kavya", "A-102", wrong, SignInClient.Unknown, Ct);

        Assert.Equal((SignInStep.CodeRefused, OtpCheckOutcome.Wrong), (result.Step, result.Code!.Outcome));
        Assert.Null(await _core.Storage.Users.GetByPhoneAsync(PhoneNumber.Parse(phone), Ct));
    }

    [Fact]
    public async Task RegistrationSaysANumberIsTakenOnlyAfterItsCode()
    {
        var taken = await _core.AddUserAsync(Role.Guard);

        var start = await _core.Accounts.StartRegistrationAsync(taken.Phone.Value, "Someone", "A-102", SignInClient.Unknown, bypassOtp: false, Ct);
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() =>
            _core.Accounts.FinishRegistrationAsync(taken.Phone.Value, "Someone", "A-102", _core.Sms.LastCodeFor(taken.Phone.Value), SignInClient.Unknown, Ct));

        Assert.Equal(SignInStep.CodeSent, start.Step);
        Assert.Equal(("phone", "This number is already registered. Sign in instead."), (ex.Field, _core.English(ex.Errors["phone"])));
        Assert.Equal(Role.Guard, (await _core.Storage.Users.GetByPhoneAsync(taken.Phone, Ct))!.Role);
    }

    [Fact]
    public async Task RegistrationReportsEveryBadFieldAtOnceAndSendsNothing()
    {
        var ex = await Assert.ThrowsAsync<InvalidInputException>(
            () => _core.Accounts.StartRegistrationAsync("12", "  ", "Z-999", SignInClient.Unknown, bypassOtp: false, Ct));

        Assert.Equal(["flat", "fullName", "phone"], ex.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("no flat Z-999", _core.English(ex.Errors["flat"]), StringComparison.Ordinal);
        Assert.Empty(_core.Sms.Sent);
    }

    [Fact]
    public async Task SessionIsValidOnlyForAnActiveUserWithTheCurrentStampAndALiveSession()
    {
        var user = await _core.AddUserAsync(Role.Resident);
        var other = await _core.AddUserAsync(Role.Resident);
        var pending = await _core.AddUserAsync(Role.Resident, UserStatus.PendingApproval);
        var session = await _core.SignInAsync(user);
        var othersSession = await _core.SignInAsync(other);

        Assert.True(await _core.Accounts.IsSessionValidAsync(session, Ct));
        Assert.False(await _core.Accounts.IsSessionValidAsync(session with { SecurityStamp = User.NewSecurityStamp() }, Ct));
        Assert.False(await _core.Accounts.IsSessionValidAsync(CoreHarness.ActorOf(pending), Ct));
        Assert.False(await _core.Accounts.IsSessionValidAsync(session with { UserId = Guid.NewGuid() }, Ct));
        Assert.False(await _core.Accounts.IsSessionValidAsync(session with { SessionId = Guid.NewGuid() }, Ct));
        Assert.False(await _core.Accounts.IsSessionValidAsync(session with { SessionId = othersSession.SessionId }, Ct));
        Assert.False(await _core.Accounts.WasRevokedAsync(session with { SessionId = Guid.NewGuid() }, Ct));
        Assert.True(await _core.Accounts.WasRevokedAsync(session with { SecurityStamp = User.NewSecurityStamp() }, Ct));
        Assert.True(await _core.Accounts.WasRevokedAsync(CoreHarness.ActorOf(pending), Ct));
    }

    [Fact]
    public async Task SigningOutEndsThatSessionOnlyAndClosesItsScreens()
    {
        var user = await _core.AddUserAsync(Role.Admin);
        var phone = await _core.SignInAsync(user);
        var laptop = await _core.SignInAsync(user);

        await _core.Accounts.SignOutAsync(laptop, Ct);

        Assert.False(await _core.Accounts.IsSessionValidAsync(laptop, Ct));
        Assert.True(await _core.Accounts.IsSessionValidAsync(phone, Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Accounts.GetProfileAsync(laptop, Ct));
        Assert.Contains(_core.Live.Published, p => p.Event == new SessionEnded(user.Id, laptop.SessionId!.Value));
        Assert.Equal("account.signed-out", (await _core.Storage.Audit.GetLastAsync(Ct))!.Action);
    }

    [Fact]
    public async Task SigningOutSomeoneElsesSessionDoesNothing()
    {
        var user = await _core.AddUserAsync(Role.Admin);
        var stranger = await _core.AddUserAsync(Role.Resident);
        var session = await _core.SignInAsync(user);

        await _core.Accounts.SignOutAsync(CoreHarness.ActorOf(stranger) with { SessionId = session.SessionId }, Ct);

        Assert.True(await _core.Accounts.IsSessionValidAsync(session, Ct));
    }

    [Theory]
    [InlineData(Role.Resident, 7)]
    [InlineData(Role.Guard, 30)]
    public async Task ASessionEndsAtItsRolesAbsoluteLimitHoweverActive(Role role, int days)
    {
        var user = await _core.AddUserAsync(role);
        var session = await _core.SignInAsync(user);

        _core.Clock.Advance(TimeSpan.FromDays(days) - TimeSpan.FromMinutes(1));
        var justBefore = await _core.Accounts.IsSessionValidAsync(session, Ct);
        _core.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True(justBefore);
        Assert.False(await _core.Accounts.IsSessionValidAsync(session, Ct));
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
    public async Task InstancesStartingAtOnceMakeOneBootstrapSuperAdminWithoutAnError()
    {
        var made = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _core.Accounts.EnsureSuperAdminAsync("9000000001", "Sunita Rao", Ct))));

        Assert.Single(made, m => m is not null);
        var superAdmins = await _core.Storage.Users.ListAsync(new UserFilter(Role.SuperAdmin, UserStatus.Active), new PageRequest(0, 5), Ct);
        Assert.Equal("9000000001", Assert.Single(superAdmins.Items).Phone.Value);
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

    [Fact]
    public async Task TheSignInCodeIsTextedInTheLanguageTheAccountChoseElseThePages()
    {
        var hindiGuard = await _core.AddUserAsync(Role.Guard);
        await _core.Storage.Users.SetLanguageAsync(hindiGuard.Id, "hi", Ct);
        var stranger = Support.Builders.NextPhone().Value;

        await _core.Accounts.StartSignInAsync(hindiGuard.Phone.Value, new SignInClient(null, null, "en"), bypassOtp: false, Ct);
        await _core.Accounts.StartSignInAsync(stranger, new SignInClient(null, null, "hi"), bypassOtp: false, Ct);
        await _core.Accounts.StartSignInAsync(Support.Builders.NextPhone().Value, new SignInClient(null, null, "en"), bypassOtp: false, Ct);

        Assert.Equal(["hi", "hi", "en"], _core.Sms.Sent.Select(sms => sms.Message.Contains("आपका साइन-इन कोड", StringComparison.Ordinal) ? "hi" : "en"));
    }
}
