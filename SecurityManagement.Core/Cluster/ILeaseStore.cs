namespace SecurityManagement.Core.Cluster;

/// <summary>
/// Named leases: a background job or a check that must run on one server at a time holds one. Several servers
/// take them in the store, the one thing they all see; a single server in its memory
/// (<see cref="InProcessLeaseStore"/>). A lease past its time is free, so a server that died gives its leases
/// up by itself.
/// </summary>
public interface ILeaseStore
{
    /// <summary>
    /// Takes the lease, or renews it when <paramref name="holder"/> has it already, until <paramref name="until"/>.
    /// False when someone else holds it past <paramref name="now"/>.
    /// </summary>
    Task<bool> TryTakeAsync(string name, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken ct = default);

    /// <summary>Gives the lease up if <paramref name="holder"/> has it; someone else's is left alone.</summary>
    Task ReleaseAsync(string name, string holder, CancellationToken ct = default);
}
