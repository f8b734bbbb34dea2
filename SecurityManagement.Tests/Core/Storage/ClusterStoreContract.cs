using SecurityManagement.Core.Cluster;
using SecurityManagement.Tests.Core.Cluster;

namespace SecurityManagement.Tests.Core.Storage;

/// <summary>What several servers share in the store: leases and the key ring.</summary>
public abstract class ClusterStoreContract(ITestStorageEngine engine) : StorageContract(engine)
{
    [Fact]
    public Task ALeaseIsOneHoldersUntilItRunsOutOrIsGivenUp() => LeaseRules.OneHolderUntilItRunsOutOrIsGivenUpAsync(Storage.Leases);

    [Fact]
    public Task OfServersRacingForAFreeLeaseExactlyOneGetsIt() => LeaseRules.OfRacersExactlyOneGetsAFreeLeaseAsync(Storage.Leases);

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
