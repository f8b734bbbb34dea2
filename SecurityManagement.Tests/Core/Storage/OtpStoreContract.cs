using SecurityManagement.Core.Accounts;
using static SecurityManagement.Tests.Support.Builders;

namespace SecurityManagement.Tests.Core.Storage;

public abstract class OtpStoreContract(ITestStorageEngine engine) : StorageContract(engine)
{
    private IOtpStore Otp => Storage.Otp;

    private static OtpState AState(PhoneNumber phone, long version) => new()
    {
        Phone = phone,
        CodeHash = "aGFzaA==",
        ExpiresAt = Now.AddMinutes(5),
        Attempts = 2,
        Sends = [Now.AddMinutes(-10), Now],
        Failures = [Now.AddMinutes(-1)],
        Version = version,
    };

    [Fact]
    public async Task FirstSaveInsertsAndReadsBackUnchanged()
    {
        var phone = NextPhone();
        var state = AState(phone, 1);

        Assert.True(await Otp.TrySaveAsync(state, 0, Ct));

        Assert.Equivalent(state, await Otp.GetAsync(phone, OtpState.PublicLane, Ct), strict: true);
        Assert.Null(await Otp.GetAsync(NextPhone(), OtpState.PublicLane, Ct));
    }

    [Fact]
    public async Task SaveAppliesOnlyFromTheExpectedVersion()
    {
        var phone = NextPhone();
        await Otp.TrySaveAsync(AState(phone, 1), 0, Ct);
        var cleared = new OtpState { Phone = phone, Version = 2 };

        Assert.False(await Otp.TrySaveAsync(AState(phone, 1), 0, Ct));
        Assert.False(await Otp.TrySaveAsync(cleared with { Version = 3 }, 2, Ct));
        Assert.True(await Otp.TrySaveAsync(cleared, 1, Ct));

        Assert.Equivalent(cleared, await Otp.GetAsync(phone, OtpState.PublicLane, Ct), strict: true);
    }

    [Fact]
    public async Task FiftyConcurrentSavesFromOneVersionExactlyOneWins()
    {
        var phone = NextPhone();
        await Otp.TrySaveAsync(AState(phone, 1), 0, Ct);

        var results = await RaceAsync(50, i => Otp.TrySaveAsync(AState(phone, 2) with { Attempts = i }, 1, Ct));

        Assert.Single(results, won => won);
        Assert.Equal(2, (await Otp.GetAsync(phone, OtpState.PublicLane, Ct))!.Version);
    }

    [Fact]
    public async Task EachLaneOfAPhoneIsItsOwnRecord()
    {
        var phone = NextPhone();
        var device = Guid.NewGuid().ToString("N");
        var shared = AState(phone, 1) with { TrustedDevices = [device, "older"] };
        var own = AState(phone, 1) with { Lane = device, Attempts = 4 };

        Assert.True(await Otp.TrySaveAsync(shared, 0, Ct));
        Assert.True(await Otp.TrySaveAsync(own, 0, Ct));

        Assert.Equivalent(shared, await Otp.GetAsync(phone, OtpState.PublicLane, Ct), strict: true);
        Assert.Equivalent(own, await Otp.GetAsync(phone, device, Ct), strict: true);
        Assert.Null(await Otp.GetAsync(phone, "another-device", Ct));
    }

    [Fact]
    public async Task SendsAreCountedPerWindowUpToTheirLimitsAndEndedWindowsForgotten()
    {
        SendWindow Hour(int? limit) => new("hour:1", limit, Now.AddMinutes(30));
        SendWindow Day(int? limit) => new("day:1", limit, Now.AddHours(10));

        var counted = new List<SendWindow?>();
        for (var i = 0; i < 3; i++)
        {
            counted.Add(await Otp.TryCountSendAsync([Hour(2), Day(5)], Now, Ct));
        }

        var unlimited = await Otp.TryCountSendAsync([Hour(null), Day(null)], Now, Ct);
        var dayFull = await Otp.TryCountSendAsync([Hour(2), Day(3)], Now.AddMinutes(31), Ct);

        Assert.Equal([null, null, Hour(2)], counted);
        Assert.Null(unlimited);
        Assert.Equal(Day(3), dayFull);
        Assert.Null(await Otp.TryCountSendAsync([Hour(2), Day(5)], Now.AddMinutes(31), Ct));
    }

    [Fact]
    public async Task ConcurrentSendsNeverPassTheLimit()
    {
        var window = new SendWindow("hour:race", 10, Now.AddHours(1));

        var results = await RaceAsync(40, _ => Otp.TryCountSendAsync([window], Now, Ct));

        Assert.Equal(10, results.Count(r => r is null));
    }
}
