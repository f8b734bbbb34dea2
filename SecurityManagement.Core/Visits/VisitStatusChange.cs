namespace SecurityManagement.Core.Visits;

/// <summary>
/// One step of a visit's history: who moved it from which status to which, when, and why.
/// A null actor is the system (a visit nobody answered expires).
/// </summary>
public sealed record VisitStatusChange(VisitStatus From, VisitStatus To, Guid? ActorId, DateTimeOffset At, string? Note)
{
    public const int MaxNoteLength = 500;

    /// <summary>Checks the move against <see cref="VisitStatusMachine"/> and the note's length.</summary>
    public static VisitStatusChange Create(VisitStatus from, VisitStatus to, Guid? actorId, DateTimeOffset at, string? note = null)
    {
        if (!VisitStatusMachine.CanMove(from, to))
        {
            throw new InvalidVisitTransitionException(from, to);
        }

        return new VisitStatusChange(from, to, actorId, Moment.Stored(at), Text.Optional(note, "note", "note", MaxNoteLength));
    }
}
