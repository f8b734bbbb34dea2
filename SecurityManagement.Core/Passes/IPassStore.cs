using SecurityManagement.Core.Flats;

namespace SecurityManagement.Core.Passes;

/// <summary>Storage port for guest passes.</summary>
public interface IPassStore
{
    Task AddAsync(GuestPass pass, CancellationToken ct = default);

    Task<GuestPass?> GetAsync(Guid id, CancellationToken ct = default);

    /// <summary>Unrevoked passes with this code whose window has not ended at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<GuestPass>> ListLiveByCodeAsync(string code, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>A flat's passes, newest first.</summary>
    Task<Page<GuestPass>> ListForFlatAsync(FlatCode flat, PageRequest page, CancellationToken ct = default);

    /// <summary>
    /// Compare-and-set: counts one use only if the pass is unrevoked and has been used exactly
    /// <paramref name="expectedUseCount"/> times. Returns the updated pass, or null when it lost.
    /// </summary>
    Task<GuestPass?> TryRecordUseAsync(Guid id, int expectedUseCount, CancellationToken ct = default);

    /// <summary>Retention: removes the guest's name and phone from passes that ended before <paramref name="cutoff"/>. Returns how many.</summary>
    Task<int> ForgetGuestsBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default);

    /// <summary>Revokes the pass unless it already is; returns the revoked pass, or null when missing or already revoked.</summary>
    Task<GuestPass?> TryRevokeAsync(Guid id, DateTimeOffset at, CancellationToken ct = default);
}
