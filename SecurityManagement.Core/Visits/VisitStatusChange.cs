using SecurityManagement.Core.Flats;

namespace SecurityManagement.Core.Visits;

/// <summary>
/// One step of a visit's history: who moved it from which status to which, when, and why.
/// A null actor is the system (a visit nobody answered expires).
/// </summary>
public sealed record VisitStatusChange(VisitStatus From, VisitStatus To, Guid? ActorId, DateTimeOffset At, string? Note)
{
    public const int MaxNoteLength = 500;

    /// <summary>The flat a returned visit was re-routed to (Returned → Pending only); the visit's flat changes with it.</summary>
    public FlatCode? RoutedTo { get; init; }

    /// <summary>The gate of the guard who made the change, if the society names its gates.</summary>
    public Guid? Gate { get; init; }

    /// <summary>Checks the move against <see cref="VisitStatusMachine"/>, the note's length, and that only a re-route names a flat.</summary>
    public static VisitStatusChange Create(
        VisitStatus from, VisitStatus to, Guid? actorId, DateTimeOffset at, string? note = null, FlatCode? routedTo = null)
    {
        if (!VisitStatusMachine.CanMove(from, to))
        {
            throw new InvalidVisitTransitionException(from, to);
        }

        var isReroute = from == VisitStatus.Returned && to == VisitStatus.Pending;
        if (isReroute != routedTo is not null)
        {
            throw new ArgumentException("A re-route (Returned → Pending) names the new flat, and nothing else does.", nameof(routedTo));
        }

        return new VisitStatusChange(from, to, actorId, Moment.Stored(at), Text.Optional(note, "note", MaxNoteLength))
        {
            RoutedTo = routedTo,
        };
    }
}
