using SecurityManagement.Core.Accounts;

namespace SecurityManagement.Core.Safety;

/// <summary>Where a blocklist entry stands: a guard's proposal waits for an admin; an active block refuses the visitor; a lifted one is history.</summary>
public enum BlockStatus
{
    Proposed,
    Active,
    Lifted,
}

/// <summary>
/// A visitor's phone the society refuses at the gate, with why. An admin lists it (active at once), or a
/// guard proposes it and an admin confirms or declines; only an admin lifts a block. One live entry
/// (proposed or active) per phone.
/// </summary>
public sealed record BlockedVisitor
{
    public const int MaxNameLength = 100;
    public const int MaxReasonLength = 300;

    /// <summary>What retention leaves of a lifted entry's reason, and its phone.</summary>
    public const string ForgottenReason = "(removed)";

    public static readonly PhoneNumber ForgottenPhone = PhoneNumber.Parse("0000000000");

    public required Guid Id { get; init; }

    public required PhoneNumber Phone { get; init; }

    public string? Name { get; init; }

    public required string Reason { get; init; }

    public required BlockStatus Status { get; init; }

    /// <summary>Who listed or proposed it, and when.</summary>
    public required Guid AddedBy { get; init; }

    public required string AddedByName { get; init; }

    public required DateTimeOffset AddedAt { get; init; }

    /// <summary>The admin who made it active (the one who listed it, or who confirmed a guard's proposal).</summary>
    public Guid? ConfirmedBy { get; init; }

    public string? ConfirmedByName { get; init; }

    public DateTimeOffset? ConfirmedAt { get; init; }

    /// <summary>The admin who lifted the block, or declined the proposal.</summary>
    public Guid? LiftedBy { get; init; }

    public string? LiftedByName { get; init; }

    public DateTimeOffset? LiftedAt { get; init; }

    public string? LiftNote { get; init; }
}
