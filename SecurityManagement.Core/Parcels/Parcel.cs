using SecurityManagement.Core.Flats;

namespace SecurityManagement.Core.Parcels;

/// <summary>
/// A delivery kept at the gate for a flat that asked for it (its household's default, or a delivery it expected): the guard
/// takes the parcel instead of sending the rider up, and it waits on the gate's board until a resident or a guard marks it collected.
/// </summary>
public sealed record Parcel
{
    /// <summary>Who it is from: a company ("Amazon") or the rider's words.</summary>
    public const int MaxCompanyLength = 60;

    public const int MaxNoteLength = 200;

    public required Guid Id { get; init; }

    public required FlatCode Flat { get; init; }

    public required string Company { get; init; }

    /// <summary>What the guard noted: "two boxes", "cold, in the fridge".</summary>
    public string? Note { get; init; }

    public required Guid KeptBy { get; init; }

    public required string KeptByName { get; init; }

    public required DateTimeOffset KeptAt { get; init; }

    /// <summary>The gate it waits at, while the society names gates.</summary>
    public Guid? Gate { get; init; }

    /// <summary>The flat's expected delivery it was, if any (used up by it).</summary>
    public Guid? ExpectedId { get; init; }

    public DateTimeOffset? CollectedAt { get; init; }

    public Guid? CollectedBy { get; init; }

    public string? CollectedByName { get; init; }

    public bool IsWaiting => CollectedAt is null;
}

/// <summary>What the guard fills in for a parcel: the flat, who it is from, an optional note, and this tablet's gate.</summary>
public sealed record ParcelRequest(string? Flat, string? Company, string? Note, Guid? Gate = null);

/// <summary>A flat's parcels as its residents see them: whether its deliveries are kept at the gate, and the parcels waiting or lately collected.</summary>
public sealed record FlatParcels(bool LeaveDeliveries, IReadOnlyList<Parcel> Parcels);

/// <summary>Why the guard should keep a delivery for the flat at the gate: an expected delivery said so, or the household always does.</summary>
public sealed record LeaveAtGate(FlatCode Flat, Guid? ExpectedId);
