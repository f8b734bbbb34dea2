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
