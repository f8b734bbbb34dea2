using SecurityManagement.Core.Audit;

namespace SecurityManagement.Core.Accounts;

/// <summary>
/// One sign-in of one user on one browser, kept on the server so that signing out ends it there:
/// a copied cookie of an ended session opens nothing. It also ends, whatever its activity, at
/// <see cref="ExpiresAt"/> (the absolute session limit).
/// </summary>
public sealed record Session
{
    public required Guid Id { get; init; }

    public required Guid UserId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public bool IsLiveAt(DateTimeOffset now) => EndedAt is null && now < ExpiresAt;

    public static Session Start(Guid userId, DateTimeOffset now, TimeSpan limit) => new()
    {
        Id = Guid.CreateVersion7(),
        UserId = userId,
        StartedAt = Moment.Stored(now),
        ExpiresAt = Moment.Stored(now + limit),
    };
}

/// <summary>Storage port for sign-in sessions.</summary>
public interface ISessionStore
{
    /// <summary>Stores the new session, records the user's last sign-in and appends the entry, atomically.</summary>
    Task StartAsync(Session session, AuditEntry audit, CancellationToken ct = default);

    Task<Session?> GetAsync(Guid id, CancellationToken ct = default);

    /// <summary>Ends the session unless it already ended, appending the entry with it; returns the ended session, or null when missing or already ended.</summary>
    Task<Session?> TryEndAsync(Guid id, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default);

    /// <summary>Housekeeping: removes sessions that ended or expired before <paramref name="cutoff"/>. Returns how many.</summary>
    Task<int> RemoveEndedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default);
}
