using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;

namespace SecurityManagement.Core.Visits;

/// <summary>How many visits arrived in one hour, numbered from the Unix epoch in local time.</summary>
public sealed record HourCount(long Hour, int Visits);

/// <summary>
/// A visit as the log's export writes it: its own fields, who answered it (if anyone did), and when the
/// visitor went in and came out. Read without the visit's whole history, so an export of years of
/// visits stays quick.
/// </summary>
public sealed record VisitLogRow(
    Guid Id,
    DateTimeOffset CreatedAt,
    string VisitorName,
    string VisitorPhone,
    VisitPurpose Purpose,
    string Flat,
    string? VehicleNumber,
    string? Note,
    VisitStatus Status,
    Guid LoggedBy,
    Guid? AnsweredBy,
    DateTimeOffset? EnteredAt,
    DateTimeOffset? LeftAt,
    Guid? Gate = null,
    Guid? ExitGate = null)
{
    public static VisitLogRow Of(Visit visit) => new(
        visit.Id, visit.CreatedAt, visit.VisitorName, visit.VisitorPhone.Value, visit.Purpose, visit.Flat.Value, visit.VehicleNumber, visit.Note,
        visit.Status, visit.LoggedBy, visit.Answer?.ActorId, visit.EntryAt, visit.ExitAt, visit.Gate, visit.ExitGate);
}

/// <summary>Storage port for visits. Each change stores its audit entry in the same atomic step: both are kept or neither.</summary>
public interface IVisitStore
{
    Task AddAsync(Visit visit, AuditEntry? audit, CancellationToken ct = default);

    Task<Visit?> GetAsync(Guid id, CancellationToken ct = default);

    /// <summary>
    /// Compare-and-set: applies the change only if the visit is still as the caller saw it: status
    /// <c>change.From</c> after exactly <paramref name="seenChanges"/> changes (so a visit that moved on
    /// and came back to the same status is not mistaken for the one seen). The change is recorded in
    /// the visit's history, and <paramref name="audit"/> in the trail, in the same atomic step. Returns the
    /// updated visit, or null (and no entry) when the visit is missing or another change got there first.
    /// </summary>
    Task<Visit?> TryChangeStatusAsync(Guid visitId, int seenChanges, VisitStatusChange change, AuditEntry audit, CancellationToken ct = default);

    /// <summary>A flat's visits waiting for an answer, oldest first.</summary>
    Task<IReadOnlyList<Visit>> ListPendingForFlatAsync(FlatCode flat, CancellationToken ct = default);

    /// <summary>
    /// Visits in one status for the gate's boards, longest in that status first; with <paramref name="notAt"/>, leaving out
    /// those logged at any of those gates (a guard's board leaves out the other gates in use, and so keeps the visits
    /// logged before gates were named or at a gate since retired).
    /// </summary>
    Task<IReadOnlyList<Visit>> ListByStatusAsync(VisitStatus status, int limit, IReadOnlyCollection<Guid>? notAt = null, CancellationToken ct = default);

    /// <summary>A flat's visits, newest first.</summary>
    Task<Page<Visit>> ListForFlatAsync(FlatCode flat, PageRequest page, CancellationToken ct = default);

    /// <summary>Up to <paramref name="limit"/> of a flat's visits that arrived at or after <paramref name="since"/>, newest first.</summary>
    Task<IReadOnlyList<Visit>> ListForFlatSinceAsync(FlatCode flat, DateTimeOffset since, int limit, CancellationToken ct = default);

    /// <summary>Visits created in [start, end), newest first.</summary>
    Task<Page<Visit>> ListCreatedBetweenAsync(DateTimeOffset start, DateTimeOffset end, PageRequest page, CancellationToken ct = default);

    Task<GateCounts> CountAsync(DateTimeOffset since, CancellationToken ct = default);

    /// <summary>
    /// The admin's visit log, newest first (ties by id): up to <paramref name="take"/> visits matching the
    /// filter after <paramref name="after"/> (from the newest when null). Each page is read off an index
    /// from where the last one stopped, so page 10,000 costs what page 1 does, and a long export never
    /// holds more than a batch.
    /// </summary>
    Task<IReadOnlyList<Visit>> SearchAsync(VisitLogFilter filter, VisitCursor? after, int take, CancellationToken ct = default);

    /// <summary>The same walk as <see cref="SearchAsync"/>, as export rows.</summary>
    Task<IReadOnlyList<VisitLogRow>> ExportAsync(VisitLogFilter filter, VisitCursor? after, int take, CancellationToken ct = default);

    /// <summary>How many visits match the filter, counting no further than <paramref name="cap"/> (so the cost has a ceiling).</summary>
    Task<int> CountAsync(VisitLogFilter filter, int cap, CancellationToken ct = default);

    /// <summary>
    /// Visits created in [start, end), counted per hour of local time at <paramref name="utcOffset"/>:
    /// each hour is numbered from the Unix epoch in that local time. Hours with no visits are left out.
    /// </summary>
    Task<IReadOnlyList<HourCount>> CountByHourAsync(DateTimeOffset start, DateTimeOffset end, TimeSpan utcOffset, CancellationToken ct = default);

    /// <summary>
    /// Retention: for finished visits that arrived before <paramref name="cutoff"/>, removes the visitor's name,
    /// phone, vehicle and the notes (history notes too), keeping the visits, and appends
    /// <paramref name="audit"/>(how many) when there were any. Returns how many it changed.
    /// </summary>
    Task<int> ForgetVisitorsBeforeAsync(DateTimeOffset cutoff, Func<int, AuditEntry> audit, CancellationToken ct = default);

    /// <summary>The newest visit of a visitor's phone, if any (the guard's form pre-fills from it).</summary>
    Task<Visit?> FindLatestByVisitorPhoneAsync(PhoneNumber phone, CancellationToken ct = default);

    /// <summary>Visits that reached a final status at or after <paramref name="since"/>, most recent first.</summary>
    Task<IReadOnlyList<Visit>> ListFinishedSinceAsync(DateTimeOffset since, int limit, CancellationToken ct = default);
}
