using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Reach;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Support;
using static SecurityManagement.Tests.Support.CoreHarness;

namespace SecurityManagement.Tests.Core.Reach;

/// <summary>Answering by token (the notification's and the text message's), devices, the flat's choice, and each role.</summary>
public sealed class ReachServiceTests : IAsyncLifetime
{
    private CoreHarness _core = null!;
    private User _guard = null!;
    private User _admin = null!;
    private User _priya = null!;
    private User _rahul = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CreateAsync();
        _guard = await _core.AddUserAsync(Role.Guard);
        _admin = await _core.AddUserAsync(Role.Admin);
        _priya = await _core.AddUserAsync(Role.Resident);
        _rahul = await _core.AddUserAsync(Role.Resident);
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    private string TokenFor(Visit visit, User resident, DateTimeOffset? expires = null) =>
        _core.Tokens.Issue(AnswerToken.For(visit, resident, expires ?? visit.StatusChangedAt + _core.Gate.ExpireAfter));

    [Fact]
    public async Task ATokenApprovesOnceAsItsResidentWithTheSameAuditAsTheDashboard()
    {
        var visit = await _core.LogVisitAsync(_guard);
        var token = TokenFor(visit, _priya);

        var answered = await _core.Reach.AnswerAsync(token, approve: true, null, Ct);

        Assert.Equal(VisitStatus.Approved, answered.Visit.Status);
        Assert.Equal(_priya.Id, answered.Visit.History[^1].ActorId);
        var entry = await _core.Storage.Audit.GetLastAsync(Ct);
        Assert.Equal(("visit.approved", _priya.Id, $"visit:{visit.Id}"), (entry!.Action, entry.ActorId, entry.Subject));
        Assert.Contains(_core.Live.Published, p => p.Topic == Topics.Gate && p.Event is VisitChanged { Visit.Status: VisitStatus.Approved });

        // The same token again: the visit moved on, so it acts no more, and says who acted.
        var replay = await Assert.ThrowsAsync<ConflictException>(() => _core.Reach.AnswerAsync(token, approve: false, "No", Ct));
        Assert.Equal(Codes.VisitAlreadyApproved, replay.Problem.Code);
        Assert.Equal(VisitStatus.Approved, (await _core.Storage.Visits.GetAsync(visit.Id, Ct))!.Status);
    }

    [Fact]
    public async Task AfterAnotherResidentAnsweredATokenSaysWhoWasFirst()
    {
        var visit = await _core.LogVisitAsync(_guard);
        var rahulsToken = TokenFor(visit, _rahul);
        await _core.Visits.DenyAsync(ActorOf(_priya), visit.Id, "Not expecting anyone", Ct);

        var ex = await Assert.ThrowsAsync<ConflictException>(() => _core.Reach.AnswerAsync(rahulsToken, approve: true, null, Ct));

        Assert.Equal(Codes.VisitAlreadyDenied, ex.Problem.Code);
        Assert.Equal(_priya.FullName, ex.Problem.Args[0]);
    }

    [Fact]
    public async Task AnExpiredAlteredOrForeignTokenOpensNothing()
    {
        var visit = await _core.LogVisitAsync(_guard);
        var token = TokenFor(visit, _priya);
        var altered = token[..^2] + (token[^2] == 'A' ? "BA" : "AA");
        var other = new AnswerTokens(OtpKey.Random()).Issue(AnswerToken.For(visit, _priya, visit.CreatedAt.AddMinutes(5)));

        foreach (var bad in new[] { altered, other, "", "not-a-token", new string('A', 500) })
        {
            var ex = await Assert.ThrowsAsync<NotFoundException>(() => _core.Reach.AnswerAsync(bad, approve: true, null, Ct));
            Assert.Equal(Codes.ReachLinkInvalid, ex.Problem.Code);
        }

        _core.Clock.Advance(_core.Gate.ExpireAfter);
        var expired = await Assert.ThrowsAsync<NotFoundException>(() => _core.Reach.AnswerAsync(token, approve: true, null, Ct));
        Assert.Equal(Codes.ReachLinkInvalid, expired.Problem.Code);
        Assert.False(await _core.Reach.SeenAsync(token, Ct));
        Assert.Equal(VisitStatus.Pending, (await _core.Storage.Visits.GetAsync(visit.Id, Ct))!.Status);
    }

    [Fact]
    public async Task ADeactivatedOrMovedResidentsTokenStopsAtOnce()
    {
        var visit = await _core.LogVisitAsync(_guard);
        var priyas = TokenFor(visit, _priya);
        var rahuls = TokenFor(visit, _rahul);
        var neighbour = await _core.AddUserAsync(Role.Resident, flat: "B-201");

        await _core.Users.DeactivateAsync(ActorOf(_admin), _priya.Id, "Moved out", Ct);
        await _core.Users.EditAsync(ActorOf(_admin), _rahul.Id, _rahul.FullName, "B-201", Ct);

        foreach (var token in new[] { priyas, rahuls, TokenFor(visit, neighbour) })
        {
            await Assert.ThrowsAsync<NotAllowedException>(() => _core.Reach.AnswerAsync(token, approve: true, null, Ct));
            await Assert.ThrowsAsync<NotAllowedException>(() => _core.Reach.OpenAsync(token, Ct));
        }

        Assert.Equal(VisitStatus.Pending, (await _core.Storage.Visits.GetAsync(visit.Id, Ct))!.Status);
    }

    [Fact]
    public async Task ADenialFromALinkNeedsAReasonAndStoresNothingWithout()
    {
        var visit = await _core.LogVisitAsync(_guard);
        var token = TokenFor(visit, _priya);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Reach.AnswerAsync(token, approve: false, "  ", Ct));
        Assert.Equal("reason", Assert.Single(ex.Errors).Key);
        Assert.True((await _core.Reach.OpenAsync(token, Ct)).Open);

        var denied = await _core.Reach.AnswerAsync(token, approve: false, "Not expecting anyone", Ct);
        Assert.Equal(("Not expecting anyone", false), (denied.Visit.History[^1].Note, denied.Open));
    }

    [Fact]
    public async Task SeenIsRecordedOncePerResidentAndShownToTheGate()
    {
        var visit = await _core.LogVisitAsync(_guard);
        var token = TokenFor(visit, _priya);

        Assert.True(await _core.Reach.SeenAsync(token, Ct));
        _core.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.True(await _core.Reach.SeenAsync(token, Ct));

        var steps = await _core.Reach.GetStepsAsync(ActorOf(_guard), [visit], Ct);
        var seen = Assert.Single(steps[visit.Id]);
        Assert.Equal((ReachKind.Seen, _priya.FullName, visit.CreatedAt), (seen.Kind, seen.Name, seen.At));
        Assert.Single(_core.Live.Published, p => p.Topic == Topics.Gate && p.Event is VisitReached);
    }

    [Fact]
    public async Task OnlyResidentsKeepDevicesAndChooseTheFlatsChannelsOnlyGuardsSeeTheSteps()
    {
        foreach (var user in new[] { _guard, _admin })
        {
            await Assert.ThrowsAsync<NotAllowedException>(() =>
                _core.Reach.SaveDeviceAsync(ActorOf(user), "https://push.example/x", Keys.P256dh, Keys.Auth, null, Ct));
            await Assert.ThrowsAsync<NotAllowedException>(() => _core.Reach.SaveHouseholdAsync(ActorOf(user), false, false, null, null, Ct));
            await Assert.ThrowsAsync<NotAllowedException>(() => _core.Reach.SendTestAsync(ActorOf(user), "https://push.example/x", Ct));
        }

        foreach (var user in new[] { _priya, _admin })
        {
            await Assert.ThrowsAsync<NotAllowedException>(() => _core.Reach.GetStepsAsync(ActorOf(user), [], Ct));
        }

        var ended = await _core.AddUserAsync(Role.Resident, UserStatus.Deactivated);
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Reach.GetHouseholdAsync(ActorOf(ended), Ct));
        Assert.Empty(await _core.Storage.Reach.ListDevicesAsync([_guard.Id, _admin.Id], Ct));
    }

    [Fact]
    public async Task APushesTokenEndsWhenItsPhoneSignsOutAndAnyTokenWhenTheResidentWasDeactivatedEvenIfReactivated()
    {
        var visit = await _core.LogVisitAsync(_guard);
        var session = await _core.SignInAsync(_priya);
        var phone = await _core.Reach.SaveDeviceAsync(session, "https://push.example/phone", Keys.P256dh, Keys.Auth, null, Ct);
        var pushed = _core.Tokens.Issue(AnswerToken.For(visit, _priya, visit.CreatedAt.AddMinutes(15), phone));
        var texted = TokenFor(visit, _rahul);
        Assert.True((await _core.Reach.OpenAsync(pushed, Ct)).Open);

        await _core.Accounts.SignOutAsync(session, Ct);
        await _core.Users.DeactivateAsync(ActorOf(_admin), _rahul.Id, "Away", Ct);
        await _core.Users.ReactivateAsync(ActorOf(_admin), _rahul.Id, Ct);

        foreach (var token in new[] { pushed, texted })
        {
            var ex = await Assert.ThrowsAsync<NotFoundException>(() => _core.Reach.AnswerAsync(token, approve: true, null, Ct));
            Assert.Equal(Codes.ReachLinkInvalid, ex.Problem.Code);
        }

        Assert.Equal(VisitStatus.Pending, (await _core.Storage.Visits.GetAsync(visit.Id, Ct))!.Status);
    }

    [Theory]
    [InlineData("https://internal.corp/x", "valid", "valid")]
    [InlineData("https://10.0.0.5/x", "valid", "valid")]
    [InlineData("https://push.example.evil.net/x", "valid", "valid")]
    [InlineData("ftp://push.example/x", "valid", "valid")]
    [InlineData("http://push.example/x", "valid", "valid")]
    [InlineData("not a url", "valid", "valid")]
    [InlineData("https://push.example/x", "short", "valid")]
    [InlineData("https://push.example/x", "valid", "short")]
    [InlineData("https://push.example/x", "valid", "not base64!")]
    public async Task ASubscriptionThatIsNotABrowsersIsRefused(string endpoint, string p256dh, string auth)
    {
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Reach.SaveDeviceAsync(ActorOf(_priya), endpoint,
            p256dh == "valid" ? Keys.P256dh : "BBBB", auth == "valid" ? Keys.Auth : auth, null, Ct));

        Assert.Equal(Codes.ReachDeviceInvalid, ex.Problem.Code);
        Assert.Empty(await _core.Storage.Reach.ListDevicesAsync([_priya.Id], Ct));
    }

    [Fact]
    public async Task HalfAQuietHourIsRefusedBesideTheEmptyFieldAndNothingIsStored()
    {
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() =>
            _core.Reach.SaveHouseholdAsync(ActorOf(_priya), true, true, new TimeOnly(22, 0), null, Ct));

        Assert.Equal(("quietTo", Codes.ReachQuietHalf), (Assert.Single(ex.Errors).Key, ex.Problem.Code));
        Assert.Equal(Household.Default(_priya.Flat!), await _core.Reach.GetHouseholdAsync(ActorOf(_rahul), Ct));

        var saved = await _core.Reach.SaveHouseholdAsync(ActorOf(_priya), true, false, new TimeOnly(22, 0, 59), new TimeOnly(7, 0), Ct);
        Assert.Equal(saved, await _core.Reach.GetHouseholdAsync(ActorOf(_rahul), Ct));
        Assert.Equal(new TimeOnly(22, 0), saved.QuietFrom);
        var entry = await _core.Storage.Audit.GetLastAsync(Ct);
        Assert.Equal(("household.reach-changed", _priya.Id, "push on, sms off, quiet 22:00-07:00"), (entry!.Action, entry.ActorId, entry.Details));
    }

    [Fact]
    public async Task SigningOutOnADeviceOrLosingTheFlatStopsItsPhonesRinging()
    {
        var session = await _core.SignInAsync(_priya);
        await _core.Reach.SaveDeviceAsync(session, "https://push.example/phone", Keys.P256dh, Keys.Auth, null, Ct);
        await _core.Reach.SaveDeviceAsync(ActorOf(_priya), "https://push.example/tablet", Keys.P256dh, Keys.Auth, null, Ct);
        await _core.Reach.SaveDeviceAsync(ActorOf(_rahul), "https://push.example/rahul", Keys.P256dh, Keys.Auth, null, Ct);

        await _core.Accounts.SignOutAsync(session, Ct);
        Assert.Equal(["https://push.example/tablet"], (await _core.Storage.Reach.ListDevicesAsync([_priya.Id], Ct)).Select(d => d.Endpoint));

        await _core.Users.DeactivateAsync(ActorOf(_admin), _priya.Id, "Moved out", Ct);
        await _core.Users.EditAsync(ActorOf(_admin), _rahul.Id, _rahul.FullName, "B-201", Ct);
        Assert.Empty(await _core.Storage.Reach.ListDevicesAsync([_priya.Id, _rahul.Id], Ct));
    }

    [Fact]
    public async Task ATestNotificationGoesToTheResidentsOwnDeviceOnlyAndAGoneOneIsForgotten()
    {
        var device = await _core.Reach.SaveDeviceAsync(ActorOf(_priya), "https://push.example/phone", Keys.P256dh, Keys.Auth, "Chrome on Android", Ct);

        Assert.Equal(PushOutcome.Gone, await _core.Reach.SendTestAsync(ActorOf(_rahul), device.Endpoint, Ct));
        Assert.Empty(_core.Push.Sent);
        Assert.Equal(PushOutcome.Delivered, await _core.Reach.SendTestAsync(ActorOf(_priya), device.Endpoint, Ct));
        Assert.Contains("\"type\":\"test\"", _core.Push.Sent.Single().Payload.Json, StringComparison.Ordinal);

        _core.Push.Answer(device.Endpoint, PushOutcome.Gone);
        Assert.Equal(PushOutcome.Gone, await _core.Reach.SendTestAsync(ActorOf(_priya), device.Endpoint, Ct));
        Assert.Null(await _core.Reach.GetDeviceAsync(ActorOf(_priya), device.Endpoint, Ct));
    }
}
