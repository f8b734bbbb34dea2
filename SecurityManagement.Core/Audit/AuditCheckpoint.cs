namespace SecurityManagement.Core.Audit;

/// <summary>
/// The trail's head as it stood at <see cref="At"/>: the newest entry's number and hash, signed with
/// the audit key. Kept outside the store, it lets a check notice rewritten or deleted entries up to
/// that point, the newest ones included.
/// </summary>
public sealed record AuditCheckpoint(long Sequence, string Hash, DateTimeOffset At, string Signature);

/// <summary>A checkpoint as read back from where it is kept; <see cref="Checkpoint"/> is null when it could not be read.</summary>
public sealed record KeptCheckpoint(string Where, AuditCheckpoint? Checkpoint);

/// <summary>Port for where checkpoints are kept, outside the store (a folder the admin keeps; the log has them too).</summary>
public interface IAuditAnchor
{
    Task WriteAsync(AuditCheckpoint checkpoint, CancellationToken ct = default);

    /// <summary>The checkpoints to check the trail against: the newest of each day kept.</summary>
    Task<IReadOnlyList<KeptCheckpoint>> ReadAsync(CancellationToken ct = default);
}
