namespace SecurityManagement.Core.Reach;

/// <summary>What was tried to reach a flat about a request, as the guard's card shows it.</summary>
public enum ReachKind
{
    /// <summary>Pushed to <see cref="ReachStep.Count"/> phones (0: none of the flat's residents has notifications on).</summary>
    Pushed,

    /// <summary>The flat turned push off.</summary>
    PushOff,

    /// <summary>Texted <see cref="ReachStep.Count"/> residents with a link to answer (0: the SMS provider took none, or the flat has nobody to text).</summary>
    Texted,

    /// <summary>The flat turned SMS off.</summary>
    SmsOff,

    /// <summary>No SMS: the flat's quiet hours.</summary>
    QuietHours,

    /// <summary>A resident's phone showed the notification.</summary>
    Seen,
}

/// <summary>
/// One step of a request's escalation. <see cref="Round"/> is the visit's change count when the request
/// was made, so a request re-routed to another flat starts its own ladder.
/// </summary>
public sealed record ReachStep(Guid VisitId, int Round, ReachKind Kind, DateTimeOffset At, int Count = 0, Guid? UserId = null, string? Name = null);
