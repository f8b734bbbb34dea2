namespace SecurityManagement.Core.Audit;

/// <summary>Which audit entries a list shows; a null criterion matches every entry. The range is [From, To).</summary>
public sealed record AuditFilter(Guid? ActorId = null, string? Action = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>Storage port for the audit trail: append and read, never change.</summary>
public interface IAuditStore
{
    Task AppendAsync(AuditEntry entry, CancellationToken ct = default);

    /// <summary>Entries matching the filter, newest first.</summary>
    Task<Page<AuditEntry>> ListAsync(AuditFilter filter, PageRequest page, CancellationToken ct = default);
}
