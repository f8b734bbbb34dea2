using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Flats;

namespace SecurityManagement.Core.Help;

/// <summary>What a helper does for the flats that employ them.</summary>
public enum HelperKind
{
    Maid,
    Cook,
    Driver,
    Nanny,
    Other,
}

/// <summary>A flat that employs a helper: added by one of its residents, who may be told when the helper comes and goes.</summary>
public sealed record HelperFlat(FlatCode Flat, Guid AddedBy, DateTimeOffset AddedAt, bool Notify = false);

/// <summary>
/// Daily help: a maid, a cook, a driver, a nanny, in the society's directory, employed by one or more flats, with a personal
/// 6-digit entry code (unique among helpers not removed). The guard checks them in and out by code or by name; a helper whom
/// no flat with an active resident employs any more, or whom an admin removed, is not let in.
/// </summary>
public sealed record Helper
{
    public const int MaxNameLength = 100;

    /// <summary>What retention leaves of a removed helper's name.</summary>
    public const string ForgottenName = "(removed)";

    public required Guid Id { get; init; }

    public required string Name { get; init; }

    public required PhoneNumber Phone { get; init; }

    public required HelperKind Kind { get; init; }

    public required string Code { get; init; }

    public required Guid CreatedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? RemovedAt { get; init; }

    /// <summary>Since when they are inside (checked in, not yet out).</summary>
    public DateTimeOffset? InsideSince { get; init; }

    public IReadOnlyList<HelperFlat> Flats { get; init; } = [];

    public bool IsInside => InsideSince is not null;

    public bool Employs(FlatCode flat) => Flats.Any(f => f.Flat == flat);

    /// <summary>Value equality with the flats compared by content (a record compares a list by reference).</summary>
    public bool Equals(Helper? other) =>
        other is not null
        && (Id, Name, Phone, Kind, Code, CreatedBy, CreatedAt, RemovedAt, InsideSince) ==
           (other.Id, other.Name, other.Phone, other.Kind, other.Code, other.CreatedBy, other.CreatedAt, other.RemovedAt, other.InsideSince)
        && Flats.SequenceEqual(other.Flats);

    public override int GetHashCode() => HashCode.Combine(Id, Code, InsideSince);
}

/// <summary>One stay of a helper: in at a gate, and out (once they left).</summary>
public sealed record HelperVisit(Guid Id, Guid HelperId, DateTimeOffset InAt, Guid InBy, Guid? InGate, DateTimeOffset? OutAt = null, Guid? OutBy = null, Guid? OutGate = null);

/// <summary>What a resident fills in to add their helper.</summary>
public sealed record HelperRequest(string? Name, string? Phone, HelperKind? Kind);

/// <summary>A helper of the resident's flat with their stays today, for the resident's list.</summary>
public sealed record FlatHelper(Helper Helper, IReadOnlyList<HelperVisit> Today);

/// <summary>A helper found at the gate, and whether they may come in now (else why not).</summary>
public sealed record GateHelper(Helper Helper, Problem? Refusal);

/// <summary>A helper moved through the gate: the flats that employ them, to tell those that asked.</summary>
public sealed record HelperMoved(Helper Helper, HelperVisit Visit);
