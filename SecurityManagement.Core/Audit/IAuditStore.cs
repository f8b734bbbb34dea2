namespace SecurityManagement.Core.Audit;

/// <summary>Which audit entries a list shows; a null criterion matches every entry. The range is [From, To).</summary>
public sealed record AuditFilter(Guid? ActorId = null, string? Action = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>
/// Storage port for the audit trail: append and read, never change. Changes that are audited append
/// their entry through their own port, in the same atomic write as the change; this port appends
/// entries that record no change (a check, an export, a refused code).
/// </summary>
public interface IAuditStore
{
    /// <summary>
    /// Appends the entry at the end of the chain, atomically: reads the last entry and writes this one
    /// linked to it (<see cref="AuditChain.Link"/>) so that concurrent appends never fork the chain.
    /// Returns the entry as stored.
    /// </summary>
    Task<AuditEntry> AppendAsync(AuditEntry entry, CancellationToken ct = default);

    /// <summary>Entries after the given sequence number, in sequence order, for verifying the chain.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAfterAsync(long sequence, int take, CancellationToken ct = default);

    /// <summary>The newest entry, if any.</summary>
    Task<AuditEntry?> GetLastAsync(CancellationToken ct = default);

    /// <summary>Entries matching the filter, newest first.</summary>
    Task<Page<AuditEntry>> ListAsync(AuditFilter filter, PageRequest page, CancellationToken ct = default);
}
