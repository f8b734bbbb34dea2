using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;

namespace SecurityManagement.Core.Safety;

/// <summary>Thrown by <see cref="IBlocklistStore.AddAsync"/> when the phone already has a live entry: one per phone.</summary>
public sealed class PhoneAlreadyListedException() : Exception("The phone already has a live blocklist entry.");

/// <summary>Storage port for the blocklist. Each change is a compare-and-set that stores its audit entry in the same atomic step.</summary>
public interface IBlocklistStore
{
    /// <summary>Adds the entry; throws <see cref="PhoneAlreadyListedException"/> when its phone has a live one.</summary>
    Task AddAsync(BlockedVisitor entry, AuditEntry audit, CancellationToken ct = default);

    Task<BlockedVisitor?> GetAsync(Guid id, CancellationToken ct = default);

    /// <summary>The phone's live entry (proposed or active), if any.</summary>
    Task<BlockedVisitor?> FindLiveAsync(PhoneNumber phone, CancellationToken ct = default);

    /// <summary>Live entries, proposals first, then newest first.</summary>
    Task<Page<BlockedVisitor>> ListLiveAsync(PageRequest page, CancellationToken ct = default);

    /// <summary>Makes a proposal active; returns it as stored then, or null (nothing stored) when it was no longer a proposal.</summary>
    Task<BlockedVisitor?> TryConfirmAsync(Guid id, Guid by, string name, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default);

    /// <summary>
    /// Retention: for entries lifted before <paramref name="cutoff"/>, removes the visitor's phone and name, the reason and
    /// the lift note (the entry stays, with who did what and when), and appends <paramref name="audit"/>(how many) when
    /// there were any. Returns how many it changed. Live entries are kept: a block lasts until an admin lifts it.
    /// </summary>
    Task<int> ForgetLiftedBeforeAsync(DateTimeOffset cutoff, Func<int, AuditEntry> audit, CancellationToken ct = default);

    /// <summary>Lifts the entry if it is still <paramref name="from"/>; returns it as stored then, or null when it was not (lifted already, or confirmed meanwhile).</summary>
    Task<BlockedVisitor?> TryLiftAsync(Guid id, BlockStatus from, Guid by, string name, DateTimeOffset at, string? note, AuditEntry audit, CancellationToken ct = default);
}
