using System.Collections.Concurrent;

namespace SecurityManagement.Core.Cluster;

/// <summary>Leases for a single server: held in memory, so a restart (even after a crash) starts with all of them free.</summary>
public sealed class InProcessLeaseStore : ILeaseStore
{
    private readonly ConcurrentDictionary<string, (string Holder, DateTimeOffset Until)> _leases = new();

    public Task<bool> TryTakeAsync(string name, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken ct = default)
    {
        while (true)
        {
            if (!_leases.TryGetValue(name, out var current))
            {
                if (_leases.TryAdd(name, (holder, until)))
                {
                    return Task.FromResult(true);
                }
            }
            else if (current.Holder != holder && current.Until > now)
            {
                return Task.FromResult(false);
            }
            else if (_leases.TryUpdate(name, (holder, until), current))
            {
                return Task.FromResult(true);
            }
        }
    }

    public Task ReleaseAsync(string name, string holder, CancellationToken ct = default)
    {
        if (_leases.TryGetValue(name, out var current) && current.Holder == holder)
        {
            _leases.TryRemove(new KeyValuePair<string, (string, DateTimeOffset)>(name, current));
        }

        return Task.CompletedTask;
    }
}
