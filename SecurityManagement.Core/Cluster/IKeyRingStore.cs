namespace SecurityManagement.Core.Cluster;

/// <summary>One key of the web layer's key ring (what signs cookies and forms), as the XML document it writes, already encrypted.</summary>
public sealed record KeyRingEntry(string Name, string Xml);

/// <summary>
/// The key ring every server shares, so a cookie one server issued is accepted by the others. Keys are
/// only ever added; the key ring itself retires old ones.
/// </summary>
public interface IKeyRingStore
{
    Task<IReadOnlyList<KeyRingEntry>> ListAsync(CancellationToken ct = default);

    /// <summary>Adds the key; a second key of the same name is ignored.</summary>
    Task AddAsync(KeyRingEntry entry, CancellationToken ct = default);
}
