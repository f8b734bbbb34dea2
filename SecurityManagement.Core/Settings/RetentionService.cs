using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Expected;
using SecurityManagement.Core.Help;
using SecurityManagement.Core.Parcels;
using SecurityManagement.Core.Passes;
using SecurityManagement.Core.Reach;
using SecurityManagement.Core.Safety;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Settings;

/// <summary>What one retention sweep removed.</summary>
public sealed record RetentionResult(DateTimeOffset Cutoff, int Visits, int Passes, int Blocks, int Expected, int Parcels, int Helpers, int Sessions, int ReachSteps);

/// <summary>
/// The daily sweep: visitors' and guests' personal data older than the retention setting is removed,
/// while the visits themselves (and so every count and chart) stay. What it removed is audited, in the
/// same atomic step as the removal; so are the phones and names of blocklist entries lifted before then, and the details
/// (a guest's name, a cab's number) of expected visitors whose window ended before then, parcels collected before then, helpers' stays that ended before then and the names and phones of helpers removed before then. Sign-in sessions that ended or expired over a day ago go too, and
/// the record of how requests over a day old reached their flats (it matters only while a request waits).
/// </summary>
public sealed class RetentionService(
    IVisitStore visits, IPassStore passes, IBlocklistStore blocklist, IExpectedStore expected, IParcelStore parcels, IHelperStore helpers, ISessionStore sessions, IReachStore reach, SettingsService settings, TimeProvider clock)
{
    public async Task<RetentionResult> SweepAsync(CancellationToken ct = default)
    {
        var now = Moment.Now(clock);
        var days = settings.Current.RetentionDays;
        var cutoff = now.AddDays(-days);
        AuditEntry Entry(string what, int count) => AuditEntry.Create(null, "retention.removed", "visitor data",
            $"Names and phones of {count} {what} from before {cutoff:yyyy-MM-dd} (retention {days} days)", now);
        return new RetentionResult(
            cutoff,
            await visits.ForgetVisitorsBeforeAsync(cutoff, count => Entry("visits", count), ct),
            await passes.ForgetGuestsBeforeAsync(cutoff, count => Entry("guest passes", count), ct),
            await blocklist.ForgetLiftedBeforeAsync(cutoff, count => Entry("lifted blocklist entries", count), ct),
            await expected.ForgetEndedBeforeAsync(cutoff, count => Entry("expected visitors", count), ct),
            await parcels.RemoveCollectedBeforeAsync(cutoff, count => Entry("collected parcels", count), ct),
            await helpers.ForgetBeforeAsync(cutoff, count => Entry("helpers' stays and removed helpers", count), ct),
            await sessions.RemoveEndedBeforeAsync(now.AddDays(-1), ct),
            await reach.RemoveStepsBeforeAsync(now.AddDays(-1), ct));
    }
}
