namespace SecurityManagement.Core.Cluster;

/// <summary>Who holds a named lease, and until when.</summary>
public sealed record Lease(string Name, string Holder, DateTimeOffset Until);

/// <summary>
/// Named leases in the store, the one thing every server sees: a background job or a check that must run
/// on one server at a time holds one. A lease past its time is free, so a server that died gives its
/// leases up by itself.
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

    /// <summary>The lease as stored (perhaps past its time), or null if nobody ever took it.</summary>
    Task<Lease?> GetAsync(string name, CancellationToken ct = default);
}
