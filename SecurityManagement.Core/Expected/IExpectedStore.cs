using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Expected;

/// <summary>Storage port for expected visitors. Each change stores its audit entries in the same atomic step.</summary>
public interface IExpectedStore
{
    Task AddAsync(ExpectedVisitor expected, AuditEntry audit, CancellationToken ct = default);

    Task<ExpectedVisitor?> GetAsync(Guid id, CancellationToken ct = default);

    /// <summary>The flat's expectations not used or cancelled whose window ends after <paramref name="now"/>, soonest first.</summary>
    Task<IReadOnlyList<ExpectedVisitor>> ListOpenForFlatAsync(FlatCode flat, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Every flat's open expectations whose window ends after <paramref name="now"/> and starts before <paramref name="startsBefore"/>, soonest first.</summary>
    Task<IReadOnlyList<ExpectedVisitor>> ListOpenAsync(DateTimeOffset now, DateTimeOffset startsBefore, int limit, CancellationToken ct = default);

    /// <summary>
    /// Retention: for expectations whose window ended before <paramref name="cutoff"/>, removes the detail (a guest's name, a
    /// cab's number), appending <paramref name="audit"/>(how many) when there were any. Returns how many it changed.
    /// </summary>
    Task<int> ForgetEndedBeforeAsync(DateTimeOffset cutoff, Func<int, AuditEntry> audit, CancellationToken ct = default);

    /// <summary>Cancels it if it is still open; returns it as stored then, or null (nothing stored) when it was used or cancelled.</summary>
    Task<ExpectedVisitor?> TryCancelAsync(Guid id, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default);

    /// <summary>
    /// Uses it for <paramref name="visit"/> if it is still open, storing the visit, and both entries, in the same atomic
    /// step; returns it as stored then, or null (nothing stored) when another visitor used it first or it was cancelled.
    /// </summary>
    Task<ExpectedVisitor?> TryUseAsync(Guid id, Visit visit, AuditEntry used, AuditEntry logged, CancellationToken ct = default);
}
