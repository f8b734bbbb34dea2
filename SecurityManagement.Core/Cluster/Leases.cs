namespace SecurityManagement.Core.Cluster;

/// <summary>Leases as this server takes them: for a background job it runs each round, or around one operation that must not overlap itself anywhere.</summary>
public sealed class Leases(ILeaseStore store, ServerInstance instance, TimeProvider clock)
{
    private static readonly TimeSpan ExclusiveFor = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ExclusiveWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(20);

    /// <summary>Takes or renews this server's lease for <paramref name="holdFor"/>; false while another server holds it.</summary>
    public Task<bool> TryHoldAsync(string name, TimeSpan holdFor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return store.TryTakeAsync(name, instance.Id, now, now + holdFor, ct);
    }

    /// <summary>Gives this server's lease up, so another server need not wait for it to run out.</summary>
    public Task ReleaseAsync(string name, CancellationToken ct = default) => store.ReleaseAsync(name, instance.Id, ct);

    /// <summary>
    /// Runs <paramref name="work"/> while no other call holding <paramref name="name"/> runs, on this server or any
    /// other; waits its turn up to ten seconds, then returns <paramref name="busy"/>'s answer instead.
    /// </summary>
    public async Task<T> ExclusiveAsync<T>(string name, Func<Task<T>> work, Func<T> busy, CancellationToken ct = default)
    {
        var holder = $"{instance.Id}/{Guid.NewGuid():N}";
        var giveUpAt = DateTimeOffset.UtcNow + ExclusiveWait;
        while (true)
        {
            var now = clock.GetUtcNow();
            if (await store.TryTakeAsync(name, holder, now, now + ExclusiveFor, ct))
            {
                break;
            }

            if (DateTimeOffset.UtcNow >= giveUpAt)
            {
                return busy();
            }

            await Task.Delay(Retry, ct);
        }

        try
        {
            return await work();
        }
        finally
        {
            await store.ReleaseAsync(name, holder, CancellationToken.None);
        }
    }
}
