using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Expected;

/// <summary>Who a resident says is coming.</summary>
public enum ExpectedKind
{
    Delivery,
    Cab,
    Guest,
}

/// <summary>
/// A resident's word that someone is coming: a delivery (from any company, or a named one), a cab (any, or by its
/// number or the number's last digits), or a guest (any, or by name), within a window. The first visitor the
/// guard logs for the flat inside the window who fits starts approved, without asking, and uses it up.
/// </summary>
public sealed record ExpectedVisitor
{
    /// <summary>A company, a cab's number or a guest's name: a few words.</summary>
    public const int MaxDetailLength = 40;

    /// <summary>The shortest company or guest name: shorter would fit too many visitors.</summary>
    public const int MinNameLength = 3;

    /// <summary>The fewest letters and digits of a cab's number: its last four, at least.</summary>
    public const int MinPlateLength = 4;

    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(2);

    public static readonly TimeSpan LongestWindow = TimeSpan.FromHours(24);

    /// <summary>How far ahead a window may start.</summary>
    public static readonly TimeSpan FurthestStart = TimeSpan.FromDays(7);

    public required Guid Id { get; init; }

    public required FlatCode Flat { get; init; }

    public required ExpectedKind Kind { get; init; }

    /// <summary>The delivery's company, the cab's number (or its last digits), the guest's name; null for any.</summary>
    public string? Detail { get; init; }

    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset Until { get; init; }

    public required Guid CreatedBy { get; init; }

    public required string CreatedByName { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a visitor used it, and which visit that was.</summary>
    public DateTimeOffset? UsedAt { get; init; }

    public Guid? VisitId { get; init; }

    public DateTimeOffset? CancelledAt { get; init; }

    /// <summary>A delivery the resident wants kept at the gate: the guard takes the parcel instead of sending the rider up.</summary>
    public bool LeaveAtGate { get; init; }

    /// <summary>Neither used nor cancelled, and its window not over.</summary>
    public bool IsOpenAt(DateTimeOffset now) => UsedAt is null && CancelledAt is null && now < Until;

    /// <summary>
    /// Whether a visitor the guard logs now, with these details, is the one expected: a company or a guest's name fits
    /// when each of its words starts a word of the visitor's name (or, for a delivery, of the note), so "Ram" fits
    /// "Ram Prasad" but not "Shriram"; a cab's number when the visitor's number ends with it.
    /// </summary>
    public bool Admits(VisitPurpose purpose, string visitorName, string? vehicle, string? note, DateTimeOffset now) =>
        IsOpenAt(now) && now >= From && Kind switch
        {
            ExpectedKind.Delivery => purpose == VisitPurpose.Delivery && (Detail is null || Mentions(visitorName, Detail) || Mentions(note, Detail)),
            ExpectedKind.Cab => purpose == VisitPurpose.Cab && (Detail is null || Plate(vehicle).EndsWith(Plate(Detail), StringComparison.Ordinal)),
            _ => purpose == VisitPurpose.Guest && (Detail is null || Mentions(visitorName, Detail)),
        };

    /// <summary>A cab's number as letters and digits only, upper case ("MH 12 AB 1234" → "MH12AB1234").</summary>
    public static string Plate(string? text) => new([.. (text ?? "").Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant)]);

    private static bool Mentions(string? text, string detail)
    {
        var words = Words(text);
        return Words(detail).All(wanted => words.Any(word => word.StartsWith(wanted, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The runs of letters and digits in the text.</summary>
    private static string[] Words(string? text) =>
        (text ?? "").Split([.. (text ?? "").Where(c => !char.IsLetterOrDigit(c)).Distinct()], StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// What a resident says is coming: the kind, its detail (optional), and the window (from now for two hours when not given);
/// a delivery may be left at the gate.
/// </summary>
public sealed record ExpectRequest(ExpectedKind? Kind, string? Detail, DateTimeOffset? From = null, TimeSpan? For = null, bool LeaveAtGate = false);
