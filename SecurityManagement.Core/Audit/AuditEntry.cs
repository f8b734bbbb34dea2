namespace SecurityManagement.Core.Audit;

/// <summary>One append-only record of who did what to whom, and when.</summary>
public sealed record AuditEntry
{
    public required Guid Id { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The acting user; null when the system acted (start-up, scheduled jobs).</summary>
    public Guid? ActorId { get; init; }

    public required string Action { get; init; }

    public required string Subject { get; init; }

    public string? Details { get; init; }

    /// <summary>Position in the trail, 1, 2, 3, … without gaps; set by the store when appended (0 before).</summary>
    public long Sequence { get; init; }

    /// <summary>The hash of the entry before this one ("" for the first).</summary>
    public string PreviousHash { get; init; } = "";

    /// <summary>SHA-256 over this entry's content and <see cref="PreviousHash"/>; set by the store when appended.</summary>
    public string Hash { get; init; } = "";

    public static AuditEntry Create(Guid? actorId, string action, string subject, string? details, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        At = Moment.Stored(now),
        ActorId = actorId,
        Action = action,
        Subject = subject,
        Details = details,
    };
}
