namespace SecurityManagement.Core.Visits;

/// <summary>The one place that says which status a visit may move to from which.</summary>
public static class VisitStatusMachine
{
    private static readonly Dictionary<VisitStatus, VisitStatus[]> Allowed = new()
    {
        [VisitStatus.Pending] = [VisitStatus.Approved, VisitStatus.Denied, VisitStatus.Returned, VisitStatus.Cancelled, VisitStatus.Expired],
        [VisitStatus.Returned] = [VisitStatus.Pending, VisitStatus.Cancelled, VisitStatus.Expired],
        [VisitStatus.Approved] = [VisitStatus.Inside, VisitStatus.Cancelled, VisitStatus.Expired],
        [VisitStatus.Inside] = [VisitStatus.Completed],
        [VisitStatus.Denied] = [],
        [VisitStatus.Completed] = [],
        [VisitStatus.Cancelled] = [],
        [VisitStatus.Expired] = [],
    };

    /// <summary>A visit starts Pending (logged at the gate) or Approved (a guest pass vouched for it).</summary>
    public static bool CanStartAs(VisitStatus status) => status is VisitStatus.Pending or VisitStatus.Approved;

    public static bool CanMove(VisitStatus from, VisitStatus to) => Allowed[from].Contains(to);

    public static bool IsFinal(VisitStatus status) => Allowed[status].Length == 0;

    public static IReadOnlyList<VisitStatus> NextFrom(VisitStatus from) => Allowed[from];
}
