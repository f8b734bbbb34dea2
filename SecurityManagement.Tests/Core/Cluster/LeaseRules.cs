using SecurityManagement.Core.Cluster;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Cluster;

/// <summary>What every lease store does, in the store (both engines) and in memory.</summary>
public static class LeaseRules
{
    private static readonly DateTimeOffset Now = Builders.Now;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task OneHolderUntilItRunsOutOrIsGivenUpAsync(ILeaseStore leases)
    {
        Assert.True(await leases.TryTakeAsync("job", "a", Now, Now.AddSeconds(12), Ct));

        // Another server is refused while it lasts; its holder renews it.
        Assert.False(await leases.TryTakeAsync("job", "b", Now.AddSeconds(11), Now.AddSeconds(23), Ct));
        Assert.True(await leases.TryTakeAsync("job", "a", Now.AddSeconds(11), Now.AddSeconds(23), Ct));
        Assert.False(await leases.TryTakeAsync("job", "b", Now.AddSeconds(22), Now.AddSeconds(34), Ct));

        // Run out: the next server takes it over, and the old holder can neither give it up nor take it back.
        Assert.True(await leases.TryTakeAsync("job", "b", Now.AddSeconds(23), Now.AddSeconds(35), Ct));
        await leases.ReleaseAsync("job", "a", Ct);
        Assert.False(await leases.TryTakeAsync("job", "a", Now.AddSeconds(24), Now.AddSeconds(36), Ct));

        // Given up: free at once. Other names are other leases.
        await leases.ReleaseAsync("job", "b", Ct);
        Assert.True(await leases.TryTakeAsync("job", "a", Now.AddSeconds(25), Now.AddSeconds(37), Ct));
        Assert.True(await leases.TryTakeAsync("other", "b", Now.AddSeconds(25), Now.AddSeconds(37), Ct));
    }

    public static async Task OfRacersExactlyOneGetsAFreeLeaseAsync(ILeaseStore leases)
    {
        for (var round = 0; round < 5; round++)
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var racers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            {
                await start.Task;
                return await leases.TryTakeAsync($"job-{round}", $"server-{i}", Now, Now.AddSeconds(12), Ct);
            }, Ct)).ToList();
            start.SetResult();

            Assert.Single(await Task.WhenAll(racers), taken => taken);
        }
    }
}

public sealed class InProcessLeaseStoreTests
{
    [Fact]
    public Task ALeaseIsOneHoldersUntilItRunsOutOrIsGivenUp() => LeaseRules.OneHolderUntilItRunsOutOrIsGivenUpAsync(new InProcessLeaseStore());

    [Fact]
    public Task OfRacersExactlyOneGetsAFreeLease() => LeaseRules.OfRacersExactlyOneGetsAFreeLeaseAsync(new InProcessLeaseStore());
}
