using System.Text.Json;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Reach;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Reach;

/// <summary>The escalation ladder on a fake clock: push at once, SMS after the setting, quiet hours and each flat's channels.</summary>
public sealed class DoorbellTests : IAsyncLifetime
{
    private CoreHarness _core = null!;
    private User _guard = null!;
    private User _priya = null!;
    private User _rahul = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreHarness.CreateAsync();
        _guard = await _core.AddUserAsync(Role.Guard);
        _priya = await _core.AddUserAsync(Role.Resident);
        _rahul = await _core.AddUserAsync(Role.Resident);
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    private async Task<PushDevice> DeviceAsync(User resident) =>
        await _core.Reach.SaveDeviceAsync(CoreHarness.ActorOf(resident), $"https://push.example/{Guid.NewGuid():N}", Keys.P256dh, Keys.Auth, "Chrome on Android", Ct);

    private async Task<Visit> RingAsync()
    {
        var visit = await _core.LogVisitAsync(_guard);
        await _core.Doorbell.HandleAsync(visit, Ct);
        return visit;
    }

    private IReadOnlyList<ReachStep> Steps(Visit visit) =>
        [.. _core.Live.Published.Select(p => p.Event).OfType<VisitReached>().Select(r => r.Step).Where(s => s.VisitId == visit.Id)];

    [Fact]
    public async Task AnOverstayTellsEveryPhoneOfTheFlatWithNoPhoneNumberAndNoAnswerToGive()
    {
        await DeviceAsync(_priya);
        await DeviceAsync(_rahul);
        var visit = await _core.LogVisitAsync(_guard);

        await _core.Doorbell.OverstayedAsync(visit, Ct);

        Assert.Equal(2, _core.Push.Sent.Count);
        foreach (var (_, payload) in _core.Push.Sent)
        {
            var message = JsonDocument.Parse(payload.Json).RootElement;
            Assert.Equal("overstay", message.GetProperty("type").GetString());
            Assert.Equal($"{visit.VisitorName} is still inside", message.GetProperty("title").GetString());
            Assert.False(message.TryGetProperty("actions", out _));
            Assert.DoesNotContain(visit.VisitorPhone.Value, payload.Json, StringComparison.Ordinal);
            Assert.False(payload.Urgent);
        }
    }

    [Fact]
    public async Task ARequestRingsEveryPhoneOfTheFlatsActiveResidentsAtOnceEachWithItsOwnToken()
    {
        var priyaPhone = await DeviceAsync(_priya);
        var priyaTablet = await DeviceAsync(_priya);
        var rahulPhone = await DeviceAsync(_rahul);
        var neighbour = await _core.AddUserAsync(Role.Resident, flat: "B-201");
        await DeviceAsync(neighbour);
        var leaving = await _core.AddUserAsync(Role.Resident);
        await DeviceAsync(leaving);
        await _core.Storage.Users.UpdateAsync(leaving with { Status = UserStatus.Deactivated, SecurityStamp = User.NewSecurityStamp() }, leaving.SecurityStamp, null, Ct);

        var visit = await RingAsync();

        Assert.Equal(
            new[] { priyaPhone.Endpoint, priyaTablet.Endpoint, rahulPhone.Endpoint }.Order(),
            _core.Push.Sent.Select(s => s.Device.Endpoint).Order());
        foreach (var (device, payload) in _core.Push.Sent)
        {
            var message = JsonDocument.Parse(payload.Json).RootElement;
            Assert.Equal("request", message.GetProperty("type").GetString());
            Assert.Contains(visit.VisitorName, message.GetProperty("title").GetString(), StringComparison.Ordinal);
            Assert.Equal(["approve", "deny"], message.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("action").GetString()));
            Assert.DoesNotContain(visit.VisitorPhone.Value, payload.Json, StringComparison.Ordinal);
            var token = _core.Tokens.Read(message.GetProperty("token").GetString(), _core.Clock.GetUtcNow());
            Assert.Equal(AnswerToken.For(visit, device.UserId == _priya.Id ? _priya : _rahul, visit.CreatedAt + _core.Gate.ExpireAfter, device), token);
            Assert.True(payload.Urgent);
            Assert.True(payload.TimeToLive <= _core.Gate.ExpireAfter);
        }

        Assert.Equal([new ReachStep(visit.Id, 0, ReachKind.Pushed, visit.CreatedAt, 3)], Steps(visit));
    }

    [Fact]
    public async Task TheSmsRungComesAfterItsSecondsOnceAndOnlyBeforeTheGuardsCallPrompt()
    {
        var visit = await RingAsync();

        _core.Clock.Advance(_core.Gate.SmsAfter - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await _core.Doorbell.EscalateAsync(Ct));
        Assert.Empty(_core.Sms.Sent);

        _core.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await _core.Doorbell.EscalateAsync(Ct));
        Assert.Equal(new[] { _priya.Phone.Value, _rahul.Phone.Value }.Order(), _core.Sms.Sent.Select(s => s.To.Value).Order());
        foreach (var (to, message) in _core.Sms.Sent)
        {
            var link = message[message.IndexOf("https://gate.test/r/", StringComparison.Ordinal)..];
            var token = _core.Tokens.Read(link["https://gate.test/r/".Length..], _core.Clock.GetUtcNow());
            Assert.Equal(visit.Id, token!.VisitId);
            Assert.Equal(to == _priya.Phone ? _priya.Id : _rahul.Id, token.UserId);
            Assert.Contains(visit.VisitorName, message, StringComparison.Ordinal);
            Assert.DoesNotContain(visit.VisitorPhone.Value, message, StringComparison.Ordinal);
        }

        _core.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, await _core.Doorbell.EscalateAsync(Ct));
        Assert.Equal(2, _core.Sms.Sent.Count);
        Assert.Equal(ReachKind.Texted, Steps(visit)[^1].Kind);
        Assert.Equal(2, Steps(visit)[^1].Count);

        // A request first seen past the call prompt (the server was down) is the guard's to call now.
        var late = await RingAsync();
        _core.Clock.Advance(_core.Gate.NoAnswerAfter);
        Assert.Equal(0, await _core.Doorbell.EscalateAsync(Ct));
        Assert.DoesNotContain(Steps(late), s => s.Kind == ReachKind.Texted);
    }

    [Fact]
    public async Task AnAnswerStopsTheLadderAndReplacesEveryPhonesNotification()
    {
        await DeviceAsync(_priya);
        await DeviceAsync(_rahul);
        var visit = await RingAsync();

        _core.Clock.Advance(TimeSpan.FromSeconds(5));
        var approved = await _core.Visits.ApproveAsync(CoreHarness.ActorOf(_priya), visit.Id, Ct);
        await _core.Doorbell.HandleAsync(approved, Ct);
        _core.Clock.Advance(_core.Gate.SmsAfter);

        Assert.Equal(0, await _core.Doorbell.EscalateAsync(Ct));
        Assert.Empty(_core.Sms.Sent);
        var settled = _core.Push.Sent.Skip(2).ToList();
        Assert.Equal(2, settled.Count);
        foreach (var (_, payload) in settled)
        {
            var message = JsonDocument.Parse(payload.Json).RootElement;
            Assert.Equal("settled", message.GetProperty("type").GetString());
            Assert.Equal($"visit-{visit.Id:N}", message.GetProperty("tag").GetString());
            Assert.Contains(_priya.FullName, message.GetProperty("body").GetString(), StringComparison.Ordinal);
            Assert.False(message.TryGetProperty("token", out _));
            Assert.Equal($"{visit.Id:N}", payload.Topic);
        }
    }

    [Fact]
    public async Task QuietHoursHoldTheSmsAndSilenceThePush()
    {
        await DeviceAsync(_priya);
        var now = _core.Society.TimeOfDay(_core.Clock.GetUtcNow());
        await _core.Reach.SaveHouseholdAsync(CoreHarness.ActorOf(_rahul), true, true, now.AddMinutes(-30), now.AddMinutes(30), Ct);

        var visit = await RingAsync();
        _core.Clock.Advance(_core.Gate.SmsAfter);
        await _core.Doorbell.EscalateAsync(Ct);

        Assert.True(JsonDocument.Parse(_core.Push.Sent.Single().Payload.Json).RootElement.GetProperty("silent").GetBoolean());
        Assert.Empty(_core.Sms.Sent);
        Assert.Equal([ReachKind.Pushed, ReachKind.QuietHours], Steps(visit).Select(s => s.Kind));

        // Outside them the next request is texted as usual.
        _core.Clock.Advance(TimeSpan.FromHours(1));
        await RingAsync();
        _core.Clock.Advance(_core.Gate.SmsAfter);
        await _core.Doorbell.EscalateAsync(Ct);
        Assert.Equal(2, _core.Sms.Sent.Count);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public async Task EachFlatChoosesItsChannels(bool push, bool sms)
    {
        await DeviceAsync(_priya);
        await _core.Reach.SaveHouseholdAsync(CoreHarness.ActorOf(_priya), push, sms, null, null, Ct);
        var neighbour = await _core.AddUserAsync(Role.Resident, flat: "B-201");
        await DeviceAsync(neighbour);

        var ours = await RingAsync();
        var theirs = await _core.LogVisitAsync(_guard, flat: "B-201");
        await _core.Doorbell.HandleAsync(theirs, Ct);
        _core.Clock.Advance(_core.Gate.SmsAfter);
        await _core.Doorbell.EscalateAsync(Ct);

        Assert.Equal(push ? 2 : 1, _core.Push.Sent.Count);
        Assert.Equal((sms ? 2 : 0) + 1, _core.Sms.Sent.Count);
        Assert.Equal([push ? ReachKind.Pushed : ReachKind.PushOff, sms ? ReachKind.Texted : ReachKind.SmsOff], Steps(ours).Select(s => s.Kind));
        Assert.Equal([ReachKind.Pushed, ReachKind.Texted], Steps(theirs).Select(s => s.Kind));
    }

    [Fact]
    public async Task APhoneThePushServiceNoLongerKnowsIsForgotten()
    {
        var gone = await DeviceAsync(_priya);
        var alive = await DeviceAsync(_rahul);
        _core.Push.Answer(gone.Endpoint, PushOutcome.Gone);

        var visit = await RingAsync();

        Assert.Equal([alive], await _core.Storage.Reach.ListDevicesAsync([_priya.Id, _rahul.Id], Ct));
        Assert.Equal(1, Steps(visit).Single().Count);
    }

    [Fact]
    public async Task APushServiceThatNeverAnswersCountsAsFailedAndStopsNothing()
    {
        var silent = await DeviceAsync(_priya);
        var alive = await DeviceAsync(_rahul);
        _core.Push.Throw(silent.Endpoint, new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 10 seconds elapsing."));

        var visit = await RingAsync();

        Assert.Equal(alive.Endpoint, _core.Push.Sent.Single().Device.Endpoint);
        Assert.Equal(1, Steps(visit).Single().Count);
        Assert.Equal(2, (await _core.Storage.Reach.ListDevicesAsync([_priya.Id, _rahul.Id], Ct)).Count);
    }

    [Fact]
    public async Task AnSmsProviderThatIsDownLeavesTheGuardToldSoAndTheNextSweepAlone()
    {
        var visit = await RingAsync();
        _core.Sms.Failing = true;
        _core.Clock.Advance(_core.Gate.SmsAfter);

        Assert.Equal(1, await _core.Doorbell.EscalateAsync(Ct));
        Assert.Equal(0, await _core.Doorbell.EscalateAsync(Ct));

        Assert.Equal((ReachKind.Texted, 0), (Steps(visit)[^1].Kind, Steps(visit)[^1].Count));
    }

    [Fact]
    public async Task AReRoutedRequestRingsItsNewFlatAsANewRound()
    {
        var neighbour = await _core.AddUserAsync(Role.Resident, flat: "B-201");
        await DeviceAsync(neighbour);
        var visit = await RingAsync();
        var returned = await _core.Visits.NotForUsAsync(CoreHarness.ActorOf(_priya), visit.Id, Ct);
        await _core.Doorbell.HandleAsync(returned, Ct);
        var rerouted = await _core.Visits.RerouteAsync(CoreHarness.ActorOf(_guard), visit.Id, "B-201", ct: Ct);
        await _core.Doorbell.HandleAsync(rerouted, Ct);

        var (device, payload) = _core.Push.Sent.Single();
        Assert.Equal(neighbour.Id, device.UserId);
        var token = _core.Tokens.Read(JsonDocument.Parse(payload.Json).RootElement.GetProperty("token").GetString(), _core.Clock.GetUtcNow());
        Assert.Equal(rerouted.History.Count, token!.Round);
        var steps = await _core.Reach.GetStepsAsync(CoreHarness.ActorOf(_guard), [rerouted], Ct);
        Assert.Equal(ReachKind.Pushed, steps[visit.Id].Single().Kind);
        Assert.Equal(FlatCode.Parse("B-201"), rerouted.Flat);
    }

    [Theory]
    [InlineData("22:00", "07:00", "23:30", true)]
    [InlineData("22:00", "07:00", "06:59", true)]
    [InlineData("22:00", "07:00", "07:00", false)]
    [InlineData("22:00", "07:00", "21:59", false)]
    [InlineData("13:00", "15:00", "14:00", true)]
    [InlineData("13:00", "15:00", "15:00", false)]
    [InlineData("09:00", "09:00", "09:00", false)]
    public void QuietHoursMayCrossMidnight(string from, string to, string at, bool quiet)
    {
        var household = new Household { Flat = FlatCode.Parse("A-101"), QuietFrom = TimeOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), QuietTo = TimeOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture) };
        Assert.Equal(quiet, household.IsQuietAt(TimeOnly.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.False(Household.Default(FlatCode.Parse("A-101")).IsQuietAt(TimeOnly.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
    }
}

/// <summary>A browser subscription's keys, as real as a browser's (the fake push sender never encrypts with them).</summary>
internal static class Keys
{
    public static readonly string P256dh = System.Buffers.Text.Base64Url.EncodeToString([0x04, .. new byte[64]]);
    public static readonly string Auth = System.Buffers.Text.Base64Url.EncodeToString(new byte[16]);
}
