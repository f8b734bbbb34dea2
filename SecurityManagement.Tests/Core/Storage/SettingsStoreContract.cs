using SecurityManagement.Core.Settings;

namespace SecurityManagement.Tests.Core.Storage;

public abstract class SettingsStoreContract(ITestStorageEngine engine) : StorageContract(engine)
{
    private static readonly SocietySettings Sample = new()
    {
        Name = "Green Meadows",
        NoAnswerSeconds = 45,
        ExpireMinutes = 10,
        OtpMaxAttemptsPerCode = 4,
        OtpMaxFailuresPerHour = 9,
        OtpMaxSendsPerHour = 3,
        OtpResendCooldownSeconds = 20,
        RetentionDays = 120,
        Version = 1,
    };

    [Fact]
    public async Task SettingsAreSavedOnceFromEachVersion()
    {
        Assert.Null(await Storage.Settings.GetAsync(Ct));

        Assert.True(await Storage.Settings.TrySaveAsync(Sample, 0, null, Ct));
        Assert.False(await Storage.Settings.TrySaveAsync(Sample, 0, null, Ct));
        Assert.True(await Storage.Settings.TrySaveAsync(Sample with { Name = "Renamed", Version = 2 }, 1, null, Ct));
        Assert.False(await Storage.Settings.TrySaveAsync(Sample with { Name = "Stale", Version = 2 }, 1, null, Ct));

        Assert.Equivalent(Sample with { Name = "Renamed", Version = 2 }, await Storage.Settings.GetAsync(Ct), strict: true);
    }
}
