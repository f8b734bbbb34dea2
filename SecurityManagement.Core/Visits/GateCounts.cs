namespace SecurityManagement.Core.Visits;

/// <summary>The gate at a glance: visits logged since a moment, visitors inside now, requests waiting for an answer.</summary>
public sealed record GateCounts(int VisitsSince, int InsideNow, int Pending);
