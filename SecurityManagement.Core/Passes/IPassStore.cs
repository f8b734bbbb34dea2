using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Passes;

/// <summary>Storage port for guest passes. Each change stores its audit entry in the same atomic step.</summary>
public interface IPassStore
{
    /// <summary>
    /// Adds the pass; throws <see cref="PassCodeTakenException"/> when a live pass (unrevoked, its window
    /// not ended at <paramref name="now"/>) already has its code: the store keeps live codes unique.
    /// </summary>
    Task AddAsync(GuestPass pass, DateTimeOffset now, AuditEntry? audit, CancellationToken ct = default);

    Task<GuestPass?> GetAsync(Guid id, CancellationToken ct = default);

    /// <summary>Unrevoked passes with this code whose window has not ended at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<GuestPass>> ListLiveByCodeAsync(string code, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>A flat's passes, newest first.</summary>
    Task<Page<GuestPass>> ListForFlatAsync(FlatCode flat, PageRequest page, CancellationToken ct = default);

    /// <summary>
    /// A guest admitted with the pass, in one atomic step: compare-and-set counts one use only if the
    /// pass is unrevoked and has been used exactly <paramref name="expectedUseCount"/> times (entry
    /// <paramref name="used"/>), and the guest's <paramref name="visit"/> is added (entry
    /// <paramref name="logged"/>). Returns the updated pass, or null (and nothing stored) when it lost.
    /// </summary>
    Task<GuestPass?> TryAdmitAsync(Guid id, int expectedUseCount, AuditEntry used, Visit visit, AuditEntry logged, CancellationToken ct = default);

    /// <summary>
    /// Retention: removes the guest's name and phone from passes that ended before <paramref name="cutoff"/>,
    /// appending <paramref name="audit"/>(how many) when there were any. Returns how many.
    /// </summary>
    Task<int> ForgetGuestsBeforeAsync(DateTimeOffset cutoff, Func<int, AuditEntry> audit, CancellationToken ct = default);

    /// <summary>Revokes the pass unless it already is; returns the revoked pass, or null (and no entry) when missing or already revoked.</summary>
    Task<GuestPass?> TryRevokeAsync(Guid id, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default);
}
