namespace SecurityManagement.Core.Visits;

/// <summary>The numbers on the home page.</summary>
public sealed class GateSummaryService(IVisitStore visits, SocietyOptions society, TimeProvider clock)
{
    /// <summary>
    /// Today's counts. Open to anyone, signed in or not, by design: three society-wide numbers,
    /// with no name, phone or flat in them.
    /// </summary>
    public Task<GateCounts> GetTodayAsync(CancellationToken ct = default) =>
        visits.CountAsync(society.StartOfDay(clock.GetUtcNow()), ct);
}
