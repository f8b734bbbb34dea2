using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Flats;

namespace SecurityManagement.Core.Visits;

/// <summary>A visitor at the gate for a flat, from the guard's entry to the visitor leaving.</summary>
public sealed record Visit
{
    public const int MaxNameLength = 100;
    public const int MaxVehicleLength = 20;
    public const int MaxNoteLength = 500;

    /// <summary>What retention leaves in place of the visitor's name and phone; the visit itself (and so every count) stays.</summary>
    public const string ForgottenName = "(removed)";

    public static readonly PhoneNumber ForgottenPhone = PhoneNumber.Parse("0000000000");

    public required Guid Id { get; init; }

    public required string VisitorName { get; init; }

    public required PhoneNumber VisitorPhone { get; init; }

    public required VisitPurpose Purpose { get; init; }

    public required FlatCode Flat { get; init; }

    public string? VehicleNumber { get; init; }

    public string? Note { get; init; }

    /// <summary>The guard who logged the visit.</summary>
    public required Guid LoggedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required VisitStatus Status { get; init; }

    /// <summary>The guest pass that vouched for the visit, if any.</summary>
    public Guid? PassId { get; init; }

    /// <summary>The expected visitor it matched, when it started approved because a resident said it was coming.</summary>
    public Guid? ExpectedId { get; init; }

    /// <summary>The gate where the guard logged the visit (null when the society has not named its gates).</summary>
    public Guid? Gate { get; init; }

    /// <summary>Every status change, oldest first.</summary>
    public IReadOnlyList<VisitStatusChange> History { get; init; } = [];

    public DateTimeOffset StatusChangedAt => History.Count == 0 ? CreatedAt : History[^1].At;

    /// <summary>The flat's answer: the last change out of waiting that approved, denied or returned the visit.</summary>
    public VisitStatusChange? Answer =>
        History.LastOrDefault(c => c.From == VisitStatus.Pending && c.To is VisitStatus.Approved or VisitStatus.Denied or VisitStatus.Returned);

    public DateTimeOffset? EntryAt => History.FirstOrDefault(c => c.To == VisitStatus.Inside)?.At;

    public DateTimeOffset? ExitAt => History.FirstOrDefault(c => c.To == VisitStatus.Completed)?.At;

    /// <summary>The gate the visitor left by, as the guard who checked them out recorded it.</summary>
    public Guid? ExitGate => History.FirstOrDefault(c => c.To == VisitStatus.Completed)?.Gate;

    public static Visit Create(
        string? visitorName,
        PhoneNumber visitorPhone,
        VisitPurpose purpose,
        FlatCode flat,
        string? vehicleNumber,
        string? note,
        Guid loggedBy,
        DateTimeOffset now,
        VisitStatus startAs = VisitStatus.Pending,
        Guid? passId = null,
        Guid? gate = null)
    {
        if (!VisitStatusMachine.CanStartAs(startAs))
        {
            throw new ArgumentOutOfRangeException(nameof(startAs), startAs, "A visit starts Pending or Approved.");
        }

        if (!Enum.IsDefined(purpose))
        {
            throw new InvalidInputException("purpose", Codes.PurposeMissing);
        }

        return new Visit
        {
            Id = Guid.CreateVersion7(),
            VisitorName = Text.Required(visitorName, "visitorName", MaxNameLength),
            VisitorPhone = visitorPhone,
            Purpose = purpose,
            Flat = flat,
            VehicleNumber = Text.Optional(vehicleNumber, "vehicleNumber", MaxVehicleLength)?.ToUpperInvariant(),
            Note = Text.Optional(note, "note", MaxNoteLength),
            LoggedBy = loggedBy,
            CreatedAt = Moment.Stored(now),
            Status = startAs,
            PassId = passId,
            Gate = gate,
        };
    }
}
