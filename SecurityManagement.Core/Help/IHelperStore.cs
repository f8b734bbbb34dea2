using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;

namespace SecurityManagement.Core.Help;

/// <summary>Storage port for daily help and their stays. Each change stores its audit entry in the same atomic step.</summary>
public interface IHelperStore
{
    /// <summary>Adds the helper with their flats; throws <see cref="HelperCodeTakenException"/> when a helper not removed has the code.</summary>
    Task AddAsync(Helper helper, AuditEntry audit, CancellationToken ct = default);

    Task<Helper?> GetAsync(Guid id, CancellationToken ct = default);

    /// <summary>The helper in the directory with this phone; else the one with it removed last; null when none.</summary>
    Task<Helper?> FindByPhoneAsync(PhoneNumber phone, CancellationToken ct = default);

    /// <summary>The helper not removed with this code, if any.</summary>
    Task<Helper?> FindByCodeAsync(string code, CancellationToken ct = default);

    /// <summary>Helpers not removed whose name has a word starting with <paramref name="text"/>, or whose phone starts with it; by name.</summary>
    Task<IReadOnlyList<Helper>> SearchAsync(string text, int limit, CancellationToken ct = default);

    /// <summary>The helpers not removed that the flat employs, by name.</summary>
    Task<IReadOnlyList<Helper>> ListForFlatAsync(FlatCode flat, CancellationToken ct = default);

    /// <summary>Helpers inside now, longest inside first.</summary>
    Task<IReadOnlyList<Helper>> ListInsideAsync(int limit, CancellationToken ct = default);

    /// <summary>The directory for admins: helpers not removed, by name, optionally those whose name or phone has the text.</summary>
    Task<Page<Helper>> ListAsync(string? search, PageRequest page, CancellationToken ct = default);

    /// <summary>Links the flat to the helper unless it already is; false (nothing stored) when it was, or the helper is removed.</summary>
    Task<bool> TryLinkAsync(Guid helperId, HelperFlat link, AuditEntry audit, CancellationToken ct = default);

    /// <summary>Unlinks the flat; false (nothing stored) when it was not linked.</summary>
    Task<bool> TryUnlinkAsync(Guid helperId, FlatCode flat, AuditEntry audit, CancellationToken ct = default);

    /// <summary>Whether the flat is told when the helper comes and goes; false (nothing stored) when it is not linked or already so.</summary>
    Task<bool> TrySetNotifyAsync(Guid helperId, FlatCode flat, bool notify, AuditEntry audit, CancellationToken ct = default);

    /// <summary>Removes the helper from the directory (their code is free again); null (nothing stored) when already removed.</summary>
    Task<Helper?> TryRemoveAsync(Guid id, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default);

    /// <summary>
    /// Checks the helper in, opening <paramref name="visit"/>, unless they are inside already or removed; returns the helper as stored
    /// then, or null (nothing stored).
    /// </summary>
    Task<Helper?> TryCheckInAsync(HelperVisit visit, AuditEntry audit, CancellationToken ct = default);

    /// <summary>
    /// Checks the helper out, closing their open stay; returns that stay (one from when they came in, should a crash have lost it),
    /// or null (nothing stored) when they were not inside.
    /// </summary>
    Task<HelperVisit?> TryCheckOutAsync(Guid helperId, DateTimeOffset at, Guid by, Guid? gate, AuditEntry audit, CancellationToken ct = default);

    /// <summary>The helpers' stays that began in [<paramref name="from"/>, <paramref name="until"/>), earliest first.</summary>
    Task<IReadOnlyList<HelperVisit>> ListVisitsAsync(IReadOnlyCollection<Guid> helperIds, DateTimeOffset from, DateTimeOffset until, CancellationToken ct = default);

    /// <summary>
    /// Retention: removes stays that ended before <paramref name="cutoff"/>, and the name and phone of helpers removed before it,
    /// appending <paramref name="audit"/>(how many) when there were any. Returns how many.
    /// </summary>
    Task<int> ForgetBeforeAsync(DateTimeOffset cutoff, Func<int, AuditEntry> audit, CancellationToken ct = default);
}
