using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;

namespace SecurityManagement.Core.Parcels;

/// <summary>Storage port for parcels kept at the gate. Each change stores its audit entries in the same atomic step.</summary>
public interface IParcelStore
{
    /// <summary>
    /// Stores the parcel (entry <paramref name="kept"/>). When it names an expected delivery still open, that is used up by it in the
    /// same step (entry <paramref name="used"/>); when another visitor used it meanwhile, or it was cancelled, the parcel is stored
    /// without it. Returns the parcel as stored.
    /// </summary>
    Task<Parcel> AddAsync(Parcel parcel, AuditEntry kept, AuditEntry used, CancellationToken ct = default);

    Task<Parcel?> GetAsync(Guid id, CancellationToken ct = default);

    /// <summary>Every parcel not yet collected, oldest first.</summary>
    Task<IReadOnlyList<Parcel>> ListWaitingAsync(int limit, CancellationToken ct = default);

    /// <summary>The flat's parcels still waiting or collected since <paramref name="collectedSince"/>, newest first.</summary>
    Task<IReadOnlyList<Parcel>> ListForFlatAsync(FlatCode flat, DateTimeOffset collectedSince, int limit, CancellationToken ct = default);

    /// <summary>Marks it collected unless it already is; returns it as stored then, or null (nothing stored) when it was collected already.</summary>
    Task<Parcel?> TryCollectAsync(Guid id, DateTimeOffset at, Guid by, string byName, AuditEntry audit, CancellationToken ct = default);

    /// <summary>
    /// Retention: removes parcels collected before <paramref name="cutoff"/> (their notes and who collected them), appending
    /// <paramref name="audit"/>(how many) when there were any. Returns how many.
    /// </summary>
    Task<int> RemoveCollectedBeforeAsync(DateTimeOffset cutoff, Func<int, AuditEntry> audit, CancellationToken ct = default);
}
