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
}
