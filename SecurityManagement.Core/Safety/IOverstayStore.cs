using SecurityManagement.Core.Audit;

namespace SecurityManagement.Core.Safety;

/// <summary>Which visits' flats were told their visitor stayed too long: once per visit, however many servers look.</summary>
public interface IOverstayStore
{
    /// <summary>Records that the flat is being told about this visit, with its entry; false (nothing stored) when it was told already.</summary>
    Task<bool> TryClaimAsync(Guid visitId, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default);

    /// <summary>Those of <paramref name="visitIds"/> whose flats were told.</summary>
    Task<IReadOnlySet<Guid>> ListClaimedAsync(IReadOnlyCollection<Guid> visitIds, CancellationToken ct = default);
}
