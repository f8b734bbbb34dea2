using SecurityManagement.Core.Cluster;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Storage;

/// <summary>What several servers share in the store: leases and the key ring.</summary>
public abstract class ClusterStoreContract(ITestStorageEngine engine) : StorageContract(engine)
{
    private static readonly DateTimeOffset Now = Builders.Now;

    [Fact]
    public async Task ALeaseIsOneHoldersUntilItRunsOutOrIsGivenUp()
    {
        Assert.Null(await Storage.Leases.GetAsync("job", Ct));
        Assert.True(await Storage.Leases.TryTakeAsync("job", "a", Now, Now.AddSeconds(12), Ct));
        Assert.Equal(new Lease("job", "a", Now.AddSeconds(12)), await Storage.Leases.GetAsync("job", Ct));

        // Another server is refused while it lasts; its holder renews it.
        Assert.False(await Storage.Leases.TryTakeAsync("job", "b", Now.AddSeconds(11), Now.AddSeconds(23), Ct));
        Assert.True(await Storage.Leases.TryTakeAsync("job", "a", Now.AddSeconds(11), Now.AddSeconds(23), Ct));
        Assert.False(await Storage.Leases.TryTakeAsync("job", "b", Now.AddSeconds(22), Now.AddSeconds(34), Ct));

        // Run out: the next server takes it over, and the old holder cannot give it up any more.
        Assert.True(await Storage.Leases.TryTakeAsync("job", "b", Now.AddSeconds(23), Now.AddSeconds(35), Ct));
        await Storage.Leases.ReleaseAsync("job", "a", Ct);
        Assert.Equal("b", (await Storage.Leases.GetAsync("job", Ct))?.Holder);
        Assert.False(await Storage.Leases.TryTakeAsync("job", "a", Now.AddSeconds(24), Now.AddSeconds(36), Ct));

        // Given up: free at once. Other names are other leases.
        await Storage.Leases.ReleaseAsync("job", "b", Ct);
        Assert.True(await Storage.Leases.TryTakeAsync("job", "a", Now.AddSeconds(25), Now.AddSeconds(37), Ct));
        Assert.True(await Storage.Leases.TryTakeAsync("other", "b", Now.AddSeconds(25), Now.AddSeconds(37), Ct));
    }

    [Fact]
    public async Task OfServersRacingForAFreeLeaseExactlyOneGetsIt()
    {
        var taken = await RaceAsync(8, i => Storage.Leases.TryTakeAsync("job", $"server-{i}", Now, Now.AddSeconds(12), Ct));

        Assert.Single(taken, t => t);
    }

    [Fact]
    public async Task TheKeyRingKeepsEveryKeyOnce()
    {
        Assert.Empty(await Storage.KeyRing.ListAsync(Ct));

        await Storage.KeyRing.AddAsync(new KeyRingEntry("key-2", "<key id=\"2\" />"), Ct);
        await Storage.KeyRing.AddAsync(new KeyRingEntry("key-1", "<key id=\"1\" />"), Ct);
        await Storage.KeyRing.AddAsync(new KeyRingEntry("key-1", "<key id=\"changed\" />"), Ct);

        Assert.Equal([new KeyRingEntry("key-1", "<key id=\"1\" />"), new KeyRingEntry("key-2", "<key id=\"2\" />")], await Storage.KeyRing.ListAsync(Ct));
    }
}
