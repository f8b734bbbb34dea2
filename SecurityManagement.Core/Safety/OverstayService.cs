using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Reach;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Safety;

/// <summary>
/// Overstays: a visitor inside longer than their purpose's limit (<see cref="GateOptions.MaxStay"/>) is marked on
/// the guard's board as soon as it happens (the board works it out), and the flat is told once: its open screens
/// and its phones. This is the background job's half.
/// </summary>
public sealed class OverstayService(IVisitStore visits, IOverstayStore overstays, IVisitAlerts alerts, ILiveEvents live, GateOptions gate, TimeProvider clock)
{
    /// <summary>One round: tells the flat of each visitor now past their limit whose flat was not told yet. Returns how many.</summary>
    public async Task<int> NotifyAsync(CancellationToken ct = default)
    {
        var now = Moment.Now(clock);
        var over = (await visits.ListByStatusAsync(VisitStatus.Inside, VisitService.EvacuationLimit, ct: ct))
            .Where(visit => gate.OverstayOf(visit, now) is not null)
            .ToList();
        if (over.Count == 0)
        {
            return 0;
        }

        var told = await overstays.ListClaimedAsync([.. over.Select(v => v.Id)], ct);
        var notified = 0;
        foreach (var visit in over.Where(v => !told.Contains(v.Id)))
        {
            var entry = AuditEntry.Create(null, "visit.overstayed", $"visit:{visit.Id}", $"{visit.Purpose}, inside since {visit.EntryAt:O}", now);
            if (!await overstays.TryClaimAsync(visit.Id, now, entry, ct))
            {
                continue;
            }

            notified++;
            await live.PublishAsync(Topics.Flat(visit.Flat), new VisitOverstayed(visit));
            await live.PublishAsync(Topics.Gate, new VisitOverstayed(visit));
            await alerts.OverstayedAsync(visit, ct);
        }

        return notified;
    }
}
