using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Safety;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Storage;

public abstract class SosStoreContract(ITestStorageEngine engine) : StorageContract(engine)
{
    private static readonly DateTimeOffset Now = Builders.Now;

    private static SosAlert AnAlert(string flat = "A-101", DateTimeOffset? at = null) =>
        SosAlert.Raise(Builders.AUser(flat: flat), SosKind.Medical, at ?? Now);

    [Fact]
    public async Task AnAlertIsStoredWholeWithItsEntryAndAFlatHasOneOpenAtATime()
    {
        var alert = AnAlert();
        await Storage.Sos.AddAsync(alert, Builders.Audited("sos.raised"), Ct);

        Assert.Equal(alert, await Storage.Sos.GetAsync(alert.Id, Ct));
        Assert.Equal(alert, await Storage.Sos.GetOpenForFlatAsync(FlatCode.Parse("A-101"), Ct));
        await Assert.ThrowsAsync<SosAlreadyOpenException>(() => Storage.Sos.AddAsync(AnAlert(), Builders.Audited("sos.raised"), Ct));
        await Storage.Sos.AddAsync(AnAlert("B-201"), Builders.Audited("sos.raised"), Ct);
        Assert.Equal(2, (await Storage.Audit.ListAsync(new SecurityManagement.Core.Audit.AuditFilter(Action: "sos.raised"), new PageRequest(0, 5), Ct)).Total);
        Assert.Null(await Storage.Sos.GetAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task AcknowledgingAndClosingAreCompareAndSetWithTheirEntries()
    {
        var alert = AnAlert();
        await Storage.Sos.AddAsync(alert, Builders.Audited("sos.raised"), Ct);
        var guard = Guid.NewGuid();

        var acknowledged = await Storage.Sos.TryAcknowledgeAsync(alert.Id, guard, "Ramesh Kumar", Now.AddSeconds(5), Builders.Audited("sos.acknowledged"), Ct);
        Assert.Null(await Storage.Sos.TryAcknowledgeAsync(alert.Id, Guid.NewGuid(), "Suresh Yadav", Now.AddSeconds(6), Builders.Audited("sos.acknowledged"), Ct));
        var closed = await Storage.Sos.TryCloseAsync(alert.Id, Guid.NewGuid(), "Suresh Yadav", Now.AddSeconds(60), "Handled", Builders.Audited("sos.closed"), Ct);
        Assert.Null(await Storage.Sos.TryCloseAsync(alert.Id, guard, "Ramesh Kumar", Now.AddSeconds(61), "Again", Builders.Audited("sos.closed"), Ct));

        Assert.Equal(alert with { AcknowledgedBy = guard, AcknowledgedByName = "Ramesh Kumar", AcknowledgedAt = Now.AddSeconds(5) }, acknowledged);
        Assert.Equal((guard, "Ramesh Kumar", "Suresh Yadav", "Handled", false), (closed!.AcknowledgedBy, closed.AcknowledgedByName, closed.ClosedByName, closed.CloseNote, closed.IsOpen));
        Assert.Equal(closed, await Storage.Sos.GetAsync(alert.Id, Ct));
        Assert.Null(await Storage.Sos.GetOpenForFlatAsync(alert.Flat, Ct));
        Assert.Equal(1, (await Storage.Audit.ListAsync(new SecurityManagement.Core.Audit.AuditFilter(Action: "sos.acknowledged"), new PageRequest(0, 5), Ct)).Total);
        Assert.Equal(1, (await Storage.Audit.ListAsync(new SecurityManagement.Core.Audit.AuditFilter(Action: "sos.closed"), new PageRequest(0, 5), Ct)).Total);

        // Closed, the flat may call again; closing an alert nobody acknowledged acknowledges it by the closer.
        var next = AnAlert(at: Now.AddMinutes(5));
        await Storage.Sos.AddAsync(next, Builders.Audited("sos.raised"), Ct);
        var closedAtOnce = await Storage.Sos.TryCloseAsync(next.Id, guard, "Ramesh Kumar", Now.AddMinutes(6), "False alarm", Builders.Audited("sos.closed"), Ct);
        Assert.Equal((guard, Now.AddMinutes(6)), (closedAtOnce!.AcknowledgedBy, closedAtOnce.AcknowledgedAt!.Value));
        Assert.Equal([next.Id, alert.Id], (await Storage.Sos.ListForFlatAsync(alert.Flat, 5, Ct)).Select(a => a.Id));
        Assert.Equal([next.Id], (await Storage.Sos.ListForFlatAsync(alert.Flat, 1, Ct)).Select(a => a.Id));
    }

    [Fact]
    public async Task OnlyRingingAlertsPastTheirTimeAreDueAndEachIsClaimedOnce()
    {
        var old = AnAlert("A-101", Now.AddSeconds(-40));
        var fresh = AnAlert("A-102", Now.AddSeconds(-10));
        var answered = AnAlert("B-201", Now.AddSeconds(-50));
        foreach (var alert in new[] { old, fresh, answered })
        {
            await Storage.Sos.AddAsync(alert, Builders.Audited("sos.raised"), Ct);
        }

        await Storage.Sos.TryAcknowledgeAsync(answered.Id, Guid.NewGuid(), "Ramesh Kumar", Now.AddSeconds(-45), Builders.Audited("sos.acknowledged"), Ct);

        Assert.Equal([old.Id], (await Storage.Sos.ListDueForEscalationAsync(Now.AddSeconds(-30), Ct)).Select(a => a.Id));
        var claims = await RaceAsync(4, _ => Storage.Sos.TryMarkEscalatedAsync(old.Id, Now, Builders.Audited("sos.escalated"), Ct));
        Assert.Single(claims, c => c is not null);
        Assert.Empty(await Storage.Sos.ListDueForEscalationAsync(Now.AddSeconds(-30), Ct));
        Assert.Null(await Storage.Sos.TryMarkEscalatedAsync(answered.Id, Now, Builders.Audited("sos.escalated"), Ct));
        Assert.Equal([answered.Id, old.Id, fresh.Id], (await Storage.Sos.ListOpenAsync(Ct)).Select(a => a.Id));
    }
}
