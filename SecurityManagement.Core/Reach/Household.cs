using SecurityManagement.Core.Flats;

namespace SecurityManagement.Core.Reach;

/// <summary>
/// How a flat wants to hear of visitors: by push, by SMS when a push goes unanswered, and quiet hours
/// during which no SMS is sent and pushes arrive without sound. A flat that never chose has both on and
/// no quiet hours.
/// </summary>
public sealed record Household
{
    public required FlatCode Flat { get; init; }

    public bool Push { get; init; } = true;

    public bool Sms { get; init; } = true;

    /// <summary>Quiet hours start (society time), or null for none.</summary>
    public TimeOnly? QuietFrom { get; init; }

    /// <summary>Quiet hours end (society time); may be earlier than the start, for a night that crosses midnight.</summary>
    public TimeOnly? QuietTo { get; init; }

    /// <summary>The flat's deliveries are kept at the gate: the guard takes the parcel instead of sending the rider up.</summary>
    public bool LeaveDeliveries { get; init; }

    public static Household Default(FlatCode flat) => new() { Flat = flat };

    /// <summary>Whether <paramref name="time"/> (society time) falls inside the quiet hours; the start is in, the end out.</summary>
    public bool IsQuietAt(TimeOnly time) => (QuietFrom, QuietTo) switch
    {
        ({ } from, { } to) when from == to => false,
        ({ } from, { } to) when from < to => time >= from && time < to,
        ({ } from, { } to) => time >= from || time < to,
        _ => false,
    };
}
