using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Passes;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Settings;

/// <summary>What one retention sweep removed.</summary>
public sealed record RetentionResult(DateTimeOffset Cutoff, int Visits, int Passes);

/// <summary>
/// The daily sweep: visitors' and guests' personal data older than the retention setting is removed,
/// while the visits themselves (and so every count and chart) stay. What it removed is audited.
/// </summary>
public sealed class RetentionService(IVisitStore visits, IPassStore passes, IAuditStore audit, SettingsService settings, TimeProvider clock)
{
    public async Task<RetentionResult> SweepAsync(CancellationToken ct = default)
    {
        var now = Moment.Now(clock);
        var cutoff = now.AddDays(-settings.Current.RetentionDays);
        var result = new RetentionResult(cutoff, await visits.ForgetVisitorsBeforeAsync(cutoff, ct), await passes.ForgetGuestsBeforeAsync(cutoff, ct));
        if (result.Visits + result.Passes > 0)
        {
            await audit.AppendAsync(AuditEntry.Create(null, "retention.removed", "visitor data",
                $"Names and phones of {result.Visits} visits and {result.Passes} guest passes from before {cutoff:yyyy-MM-dd} (retention {settings.Current.RetentionDays} days)",
                now), ct);
        }

        return result;
    }
}
