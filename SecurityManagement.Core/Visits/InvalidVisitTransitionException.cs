namespace SecurityManagement.Core.Visits;

public sealed class InvalidVisitTransitionException(VisitStatus from, VisitStatus to)
    : Exception($"A visit cannot move from {from} to {to}.")
{
    public VisitStatus From { get; } = from;

    public VisitStatus To { get; } = to;
}
