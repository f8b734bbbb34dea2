using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Flats;

namespace SecurityManagement.Core.Safety;

/// <summary>What a resident calls the guards for.</summary>
public enum SosKind
{
    Medical,
    Fire,
    Intruder,
    Other,
}

/// <summary>
/// A resident's call for help, from the press of SOS until a guard closes it with a note. Raised, it rings
/// every guard's screen until one acknowledges ("I'm going"); unanswered past the set time, every guard and
/// admin gets an SMS. The resident's name and phone are kept as they were, for the guard to call back.
/// </summary>
public sealed record SosAlert
{
    public const int MaxNoteLength = 500;

    public required Guid Id { get; init; }

    public required FlatCode Flat { get; init; }

    public required SosKind Kind { get; init; }

    public required Guid RaisedBy { get; init; }

    public required string RaisedByName { get; init; }

    public required PhoneNumber RaisedByPhone { get; init; }

    public required DateTimeOffset RaisedAt { get; init; }

    public Guid? AcknowledgedBy { get; init; }

    public string? AcknowledgedByName { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>When the SMS went to guards and admins because nobody acknowledged in time.</summary>
    public DateTimeOffset? EscalatedAt { get; init; }

    public Guid? ClosedBy { get; init; }

    public string? ClosedByName { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public string? CloseNote { get; init; }

    public bool IsOpen => ClosedAt is null;

    /// <summary>Raised and nobody has said they are going: the guards' screens ring.</summary>
    public bool IsRinging => AcknowledgedAt is null && ClosedAt is null;

    public static SosAlert Raise(User resident, SosKind kind, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        Flat = resident.Flat ?? throw new ArgumentException("A resident without a flat cannot raise an SOS.", nameof(resident)),
        Kind = kind,
        RaisedBy = resident.Id,
        RaisedByName = resident.FullName,
        RaisedByPhone = resident.Phone,
        RaisedAt = Moment.Stored(now),
    };
}
