using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Tests.Support;
using static SecurityManagement.Tests.Support.Builders;

namespace SecurityManagement.Tests.Core.Accounts;

public sealed class OtpServiceTests : IAsyncLifetime
{
    private CoreHarness _core = null!;
    private readonly PhoneNumber _phone = NextPhone();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _core = await CoreHarness.CreateAsync();

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    private async Task<string> SendAsync()
    {
        Assert.Equal(OtpSendOutcome.Sent, (await _core.Otp.SendAsync(_phone, null, null, null, Ct)).Outcome);
        return _core.Sms.LastCodeFor(_phone.Value);
    }

    private static string WrongFor(string code) => code == "000000" ? "111111" : "000000";

    [Fact]
    public async Task SentCodeIsSixDigitsAndIsStoredOnlyAsAHash()
    {
        var code = await SendAsync();

        Assert.Matches("^[0-9]{6} is your sign-in code for Test Society", _core.Sms.Sent.Single().Message);
        var state = await _core.Storage.Otp.GetAsync(_phone, OtpState.PublicLane, Ct);
        Assert.NotNull(state?.CodeHash);
        Assert.DoesNotContain(code, state.CodeHash, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(state.CodeHash).Length);
    }

    [Fact]
    public async Task RightCodeIsAcceptedOnce()
    {
        var code = await SendAsync();

        Assert.Equal(OtpCheckOutcome.Verified, (await _core.Otp.CheckAsync(_phone, code, null, Ct)).Outcome);
        Assert.Equal(OtpCheckOutcome.NoCode, (await _core.Otp.CheckAsync(_phone, code, null, Ct)).Outcome);
    }

    [Fact]
    public async Task CodeIsBoundToThePhoneItWasSentTo()
    {
        var code = await SendAsync();

        Assert.Equal(OtpCheckOutcome.NoCode, (await _core.Otp.CheckAsync(NextPhone(), code, null, Ct)).Outcome);
        Assert.Equal(OtpCheckOutcome.Verified, (await _core.Otp.CheckAsync(_phone, code, null, Ct)).Outcome);
    }

    [Fact]
    public async Task CodeExpiresAfterFiveMinutes()
    {
        var code = await SendAsync();
        _core.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(OtpCheckOutcome.Expired, (await _core.Otp.CheckAsync(_phone, code, null, Ct)).Outcome);
    }

    [Fact]
    public async Task FifthWrongTryKillsTheCodeEvenForTheRightAnswer()
    {
        var code = await SendAsync();

        var outcomes = new List<OtpCheckResult>();
        for (var i = 0; i < 5; i++)
        {
            outcomes.Add(await _core.Otp.CheckAsync(_phone, WrongFor(code), null, Ct));
        }

        Assert.Equal([4, 3, 2, 1], outcomes.Take(4).Select(o => o.TriesLeft));
        Assert.All(outcomes.Take(4), o => Assert.Equal(OtpCheckOutcome.Wrong, o.Outcome));
        Assert.Equal(OtpCheckOutcome.TooManyTries, outcomes[4].Outcome);
        Assert.Equal(OtpCheckOutcome.TooManyTries, (await _core.Otp.CheckAsync(_phone, code, null, Ct)).Outcome);
    }

    [Fact]
    public async Task NewCodeDoesNotResetThePhonesFailures()
    {
        for (var round = 0; round < 2; round++)
        {
            var code = await SendAsync();
            for (var i = 0; i < 5; i++)
            {
                await _core.Otp.CheckAsync(_phone, WrongFor(code), null, Ct);
            }

            _core.Clock.Advance(TimeSpan.FromSeconds(31));
        }

        var refused = await _core.Otp.SendAsync(_phone, null, null, null, Ct);

        Assert.Equal(OtpSendOutcome.Locked, refused.Outcome);
        Assert.Equal(Now.AddHours(1), refused.RetryAt);
    }

    [Fact]
    public async Task ResendWaitsForTheCooldown()
    {
        await SendAsync();
        _core.Clock.Advance(TimeSpan.FromSeconds(29));

        var early = await _core.Otp.SendAsync(_phone, null, null, null, Ct);
        _core.Clock.Advance(TimeSpan.FromSeconds(1));
        var onTime = await _core.Otp.SendAsync(_phone, null, null, null, Ct);

        Assert.Equal((OtpSendOutcome.TooSoon, Now.AddSeconds(30)), (early.Outcome, early.RetryAt));
        Assert.Equal(OtpSendOutcome.Sent, onTime.Outcome);
    }

    [Fact]
    public async Task FiveSendsAnHourAtMost()
    {
        for (var i = 0; i < 5; i++)
        {
            await SendAsync();
            _core.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var sixth = await _core.Otp.SendAsync(_phone, null, null, null, Ct);
        _core.Clock.Advance(TimeSpan.FromMinutes(55) + TimeSpan.FromMilliseconds(1));
        var nextHour = await _core.Otp.SendAsync(_phone, null, null, null, Ct);

        Assert.Equal((OtpSendOutcome.HourlyLimit, Now.AddHours(1)), (sixth.Outcome, sixth.RetryAt));
        Assert.Equal(OtpSendOutcome.Sent, nextHour.Outcome);
        Assert.Equal(6, _core.Sms.Sent.Count);
    }

    [Fact]
    public async Task ProviderOutageIsReportedNotThrownAndTheNextTryWorks()
    {
        _core.Sms.Failing = true;
        var failed = await _core.Otp.SendAsync(_phone, null, null, null, Ct);
        _core.Sms.Failing = false;
        _core.Clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(OtpSendOutcome.SendFailed, failed.Outcome);
        Assert.Equal(OtpSendOutcome.Sent, (await _core.Otp.SendAsync(_phone, null, null, null, Ct)).Outcome);
    }

    [Fact]
    public async Task NewCodeReplacesTheOldOne()
    {
        var first = await SendAsync();
        _core.Clock.Advance(TimeSpan.FromSeconds(30));
        var second = await SendAsync();

        if (first != second)
        {
            Assert.Equal(OtpCheckOutcome.Wrong, (await _core.Otp.CheckAsync(_phone, first, null, Ct)).Outcome);
        }

        Assert.Equal(OtpCheckOutcome.Verified, (await _core.Otp.CheckAsync(_phone, second, null, Ct)).Outcome);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    public async Task MalformedCodeIsRefusedAsInputWithoutUsingATry(string? code)
    {
        var right = await SendAsync();

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Otp.CheckAsync(_phone, code, null, Ct));

        Assert.Equal("code", ex.Field);
        Assert.Equal(0, (await _core.Storage.Otp.GetAsync(_phone, OtpState.PublicLane, Ct))!.Attempts);
        Assert.Equal(OtpCheckOutcome.Verified, (await _core.Otp.CheckAsync(_phone, right, null, Ct)).Outcome);
    }

    [Fact]
    public async Task AStrangersWrongCodesDoNotLockTheOwnerOutOfTheirTrustedDevice()
    {
        var device = await _core.Otp.TrustDeviceAsync(_phone, null, Ct);
        for (var round = 0; round < 2; round++)
        {
            var code = await SendAsync();
            for (var i = 0; i < 5; i++)
            {
                await _core.Otp.CheckAsync(_phone, WrongFor(code), null, Ct);
            }

            _core.Clock.Advance(TimeSpan.FromSeconds(31));
        }

        var stranger = await _core.Otp.SendAsync(_phone, null, null, null, Ct);
        var owner = await _core.Otp.SendAsync(_phone, device, null, null, Ct);
        var check = await _core.Otp.CheckAsync(_phone, _core.Sms.LastCodeFor(_phone.Value), device, Ct);

        Assert.Equal(OtpSendOutcome.Locked, stranger.Outcome);
        Assert.Equal((OtpSendOutcome.Sent, OtpCheckOutcome.Verified), (owner.Outcome, check.Outcome));
    }

    [Fact]
    public async Task ADeviceIdThePhoneNeverTrustedGetsThePublicBudget()
    {
        var code = await SendAsync();
        for (var i = 0; i < 5; i++)
        {
            await _core.Otp.CheckAsync(_phone, WrongFor(code), null, Ct);
        }

        var madeUp = await _core.Otp.CheckAsync(_phone, code, Guid.NewGuid().ToString("N"), Ct);
        var trustedElsewhere = await _core.Otp.CheckAsync(_phone, code, await _core.Otp.TrustDeviceAsync(NextPhone(), null, Ct), Ct);

        Assert.Equal(OtpCheckOutcome.TooManyTries, madeUp.Outcome);
        Assert.Equal(OtpCheckOutcome.TooManyTries, trustedElsewhere.Outcome);
    }

    [Fact]
    public async Task APhoneRemembersItsNewestTenDevices()
    {
        var devices = new List<string>();
        for (var i = 0; i < 11; i++)
        {
            devices.Add(await _core.Otp.TrustDeviceAsync(_phone, null, Ct));
        }

        var trusted = (await _core.Storage.Otp.GetAsync(_phone, OtpState.PublicLane, Ct))!.TrustedDevices;

        Assert.Equal(devices.Skip(1), trusted);
        Assert.Equal(devices[^1], await _core.Otp.TrustDeviceAsync(_phone, devices[^1], Ct));
    }

    [Fact]
    public async Task TheSocietyWideCapStopsCodesToUntrustedBrowsersButNeverToTrustedOnes()
    {
        _core.Options.SocietyMaxSendsPerHour = 3;
        var owner = NextPhone();
        var device = await _core.Otp.TrustDeviceAsync(owner, null, Ct);
        var sends = new List<OtpSendResult>();
        for (var i = 0; i < 4; i++)
        {
            sends.Add(await _core.Otp.SendAsync(NextPhone(), null, null, null, Ct));
        }

        var trusted = await _core.Otp.SendAsync(owner, device, null, null, Ct);
        _core.Clock.Advance(TimeSpan.FromMinutes(31));
        var nextHour = await _core.Otp.SendAsync(NextPhone(), null, null, null, Ct);

        Assert.Equal([OtpSendOutcome.Sent, OtpSendOutcome.Sent, OtpSendOutcome.Sent, OtpSendOutcome.SocietyLimit], sends.Select(s => s.Outcome));
        Assert.Equal(Now.AddMinutes(30), sends[3].RetryAt);
        Assert.Equal(OtpSendOutcome.Sent, trusted.Outcome);
        Assert.Equal(OtpSendOutcome.Sent, nextHour.Outcome);
        Assert.Equal(5, _core.Sms.Sent.Count);
    }

    [Fact]
    public async Task RacingRequestsForOneNumberSpendOneSendOfTheSocietysCap()
    {
        _core.Options.SocietyMaxSendsPerHour = 2;
        var phone = NextPhone();

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => _core.Otp.SendAsync(phone, null, null, null, Ct), Ct)));
        var another = await _core.Otp.SendAsync(NextPhone(), null, null, null, Ct);

        Assert.Single(results, r => r.Outcome == OtpSendOutcome.Sent);
        Assert.Equal(OtpSendOutcome.Sent, another.Outcome);
    }

    [Fact]
    public async Task OneClientCannotUseUpTheSocietysCapAlone()
    {
        _core.Options.MaxSendsPerClientPerHour = 2;
        var fromOne = new List<OtpSendOutcome>();
        for (var i = 0; i < 3; i++)
        {
            fromOne.Add((await _core.Otp.SendAsync(NextPhone(), null, "203.0.113.9", null, Ct)).Outcome);
        }

        var fromAnother = await _core.Otp.SendAsync(NextPhone(), null, "198.51.100.7", null, Ct);
        var owner = NextPhone();
        var trusted = await _core.Otp.SendAsync(owner, await _core.Otp.TrustDeviceAsync(owner, null, Ct), "203.0.113.9", null, Ct);

        Assert.Equal([OtpSendOutcome.Sent, OtpSendOutcome.Sent, OtpSendOutcome.ClientLimit], fromOne);
        Assert.Equal(OtpSendOutcome.Sent, fromAnother.Outcome);
        Assert.Equal(OtpSendOutcome.Sent, trusted.Outcome);
    }

    [Fact]
    public async Task TheSocietysDailyCapHoldsAcrossHours()
    {
        _core.Options.SocietyMaxSendsPerDay = 2;
        await _core.Otp.SendAsync(NextPhone(), null, null, null, Ct);
        _core.Clock.Advance(TimeSpan.FromHours(1));
        await _core.Otp.SendAsync(NextPhone(), null, null, null, Ct);
        _core.Clock.Advance(TimeSpan.FromHours(1));

        var third = await _core.Otp.SendAsync(NextPhone(), null, null, null, Ct);

        Assert.Equal((OtpSendOutcome.SocietyLimit, _core.Society.StartOfDay(Now).AddDays(1)), (third.Outcome, third.RetryAt));
    }

    [Fact]
    public async Task FiftyParallelGuessesCountEveryTryAndNeverMoreThanTheLimit()
    {
        var code = await SendAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => _core.Otp.CheckAsync(_phone, WrongFor(code), null, Ct), Ct)));

        var state = await _core.Storage.Otp.GetAsync(_phone, OtpState.PublicLane, Ct);
        Assert.Equal(5, state!.Attempts);
        Assert.Equal(5, state.Failures.Count);
        Assert.Equal(4, results.Count(r => r.Outcome == OtpCheckOutcome.Wrong));
        Assert.Equal(OtpCheckOutcome.TooManyTries, (await _core.Otp.CheckAsync(_phone, code, null, Ct)).Outcome);
    }
}
