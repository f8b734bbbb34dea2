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
        Assert.Equal(OtpSendOutcome.Sent, (await _core.Otp.SendAsync(_phone, Ct)).Outcome);
        return _core.Sms.LastCodeFor(_phone.Value);
    }

    private static string WrongFor(string code) => code == "000000" ? "111111" : "000000";

    [Fact]
    public async Task SentCodeIsSixDigitsAndIsStoredOnlyAsAHash()
    {
        var code = await SendAsync();

        Assert.Matches("^[0-9]{6} is your sign-in code for Test Society", _core.Sms.Sent.Single().Message);
        var state = await _core.Storage.Otp.GetAsync(_phone, Ct);
        Assert.NotNull(state?.CodeHash);
        Assert.DoesNotContain(code, state.CodeHash, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(state.CodeHash).Length);
    }

    [Fact]
    public async Task RightCodeIsAcceptedOnce()
    {
        var code = await SendAsync();

        Assert.Equal(OtpCheckOutcome.Verified, (await _core.Otp.CheckAsync(_phone, code, Ct)).Outcome);
        Assert.Equal(OtpCheckOutcome.NoCode, (await _core.Otp.CheckAsync(_phone, code, Ct)).Outcome);
    }

    [Fact]
    public async Task CodeIsBoundToThePhoneItWasSentTo()
    {
        var code = await SendAsync();

        Assert.Equal(OtpCheckOutcome.NoCode, (await _core.Otp.CheckAsync(NextPhone(), code, Ct)).Outcome);
        Assert.Equal(OtpCheckOutcome.Verified, (await _core.Otp.CheckAsync(_phone, code, Ct)).Outcome);
    }

    [Fact]
    public async Task CodeExpiresAfterFiveMinutes()
    {
        var code = await SendAsync();
        _core.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(OtpCheckOutcome.Expired, (await _core.Otp.CheckAsync(_phone, code, Ct)).Outcome);
    }

    [Fact]
    public async Task FifthWrongTryKillsTheCodeEvenForTheRightAnswer()
    {
        var code = await SendAsync();

        var outcomes = new List<OtpCheckResult>();
        for (var i = 0; i < 5; i++)
        {
            outcomes.Add(await _core.Otp.CheckAsync(_phone, WrongFor(code), Ct));
        }

        Assert.Equal([4, 3, 2, 1], outcomes.Take(4).Select(o => o.TriesLeft));
        Assert.All(outcomes.Take(4), o => Assert.Equal(OtpCheckOutcome.Wrong, o.Outcome));
        Assert.Equal(OtpCheckOutcome.TooManyTries, outcomes[4].Outcome);
        Assert.Equal(OtpCheckOutcome.TooManyTries, (await _core.Otp.CheckAsync(_phone, code, Ct)).Outcome);
    }

    [Fact]
    public async Task NewCodeDoesNotResetThePhonesFailures()
    {
        for (var round = 0; round < 2; round++)
        {
            var code = await SendAsync();
            for (var i = 0; i < 5; i++)
            {
                await _core.Otp.CheckAsync(_phone, WrongFor(code), Ct);
            }

            _core.Clock.Advance(TimeSpan.FromSeconds(31));
        }

        var refused = await _core.Otp.SendAsync(_phone, Ct);

        Assert.Equal(OtpSendOutcome.Locked, refused.Outcome);
        Assert.Equal(Now.AddHours(1), refused.RetryAt);
    }

    [Fact]
    public async Task ResendWaitsForTheCooldown()
    {
        await SendAsync();
        _core.Clock.Advance(TimeSpan.FromSeconds(29));

        var early = await _core.Otp.SendAsync(_phone, Ct);
        _core.Clock.Advance(TimeSpan.FromSeconds(1));
        var onTime = await _core.Otp.SendAsync(_phone, Ct);

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

        var sixth = await _core.Otp.SendAsync(_phone, Ct);
        _core.Clock.Advance(TimeSpan.FromMinutes(55) + TimeSpan.FromMilliseconds(1));
        var nextHour = await _core.Otp.SendAsync(_phone, Ct);

        Assert.Equal((OtpSendOutcome.HourlyLimit, Now.AddHours(1)), (sixth.Outcome, sixth.RetryAt));
        Assert.Equal(OtpSendOutcome.Sent, nextHour.Outcome);
        Assert.Equal(6, _core.Sms.Sent.Count);
    }

    [Fact]
    public async Task ProviderOutageIsReportedNotThrownAndTheNextTryWorks()
    {
        _core.Sms.Failing = true;
        var failed = await _core.Otp.SendAsync(_phone, Ct);
        _core.Sms.Failing = false;
        _core.Clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(OtpSendOutcome.SendFailed, failed.Outcome);
        Assert.Equal(OtpSendOutcome.Sent, (await _core.Otp.SendAsync(_phone, Ct)).Outcome);
    }

    [Fact]
    public async Task NewCodeReplacesTheOldOne()
    {
        var first = await SendAsync();
        _core.Clock.Advance(TimeSpan.FromSeconds(30));
        var second = await SendAsync();

        if (first != second)
        {
            Assert.Equal(OtpCheckOutcome.Wrong, (await _core.Otp.CheckAsync(_phone, first, Ct)).Outcome);
        }

        Assert.Equal(OtpCheckOutcome.Verified, (await _core.Otp.CheckAsync(_phone, second, Ct)).Outcome);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    public async Task MalformedCodeIsRefusedAsInputWithoutUsingATry(string? code)
    {
        var right = await SendAsync();

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Otp.CheckAsync(_phone, code, Ct));

        Assert.Equal("code", ex.Field);
        Assert.Equal(0, (await _core.Storage.Otp.GetAsync(_phone, Ct))!.Attempts);
        Assert.Equal(OtpCheckOutcome.Verified, (await _core.Otp.CheckAsync(_phone, right, Ct)).Outcome);
    }

    [Fact]
    public async Task FiftyParallelGuessesCountEveryTryAndNeverMoreThanTheLimit()
    {
        var code = await SendAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => _core.Otp.CheckAsync(_phone, WrongFor(code), Ct), Ct)));

        var state = await _core.Storage.Otp.GetAsync(_phone, Ct);
        Assert.Equal(5, state!.Attempts);
        Assert.Equal(5, state.Failures.Count);
        Assert.Equal(4, results.Count(r => r.Outcome == OtpCheckOutcome.Wrong));
        Assert.Equal(OtpCheckOutcome.TooManyTries, (await _core.Otp.CheckAsync(_phone, code, Ct)).Outcome);
    }
}
