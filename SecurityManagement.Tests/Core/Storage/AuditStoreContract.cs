using SecurityManagement.Core;
using SecurityManagement.Core.Audit;
using static SecurityManagement.Tests.Support.Builders;

namespace SecurityManagement.Tests.Core.Storage;

public abstract class AuditStoreContract(ITestStorageEngine engine) : StorageContract(engine)
{
    private IAuditStore Audit => Storage.Audit;

    [Fact]
    public async Task EntriesReadBackUnchangedNewestFirst()
    {
        var system = AnEntry(Now) with { Details = null };
        var later = AnEntry(Now.AddMinutes(1), Guid.NewGuid());
        await Audit.AppendAsync(system, Ct);
        await Audit.AppendAsync(later, Ct);

        var page = await Audit.ListAsync(new AuditFilter(), new PageRequest(0, 10), Ct);

        Assert.Equal([later, system], page.Items);
        Assert.Equal(2, page.Total);
    }

    [Fact]
    public async Task FiltersByActorActionAndTimeRangeAndPages()
    {
        var admin = Guid.NewGuid();
        var entries = new[]
        {
            AnEntry(Now.AddMinutes(-1), admin, "user.approved"),
            AnEntry(Now, admin, "user.approved"),
            AnEntry(Now.AddMinutes(1), admin, "user.deactivated"),
            AnEntry(Now.AddMinutes(2), Guid.NewGuid(), "user.approved"),
            AnEntry(Now.AddMinutes(3), admin, "user.approved"),
        };
        foreach (var entry in entries)
        {
            await Audit.AppendAsync(entry, Ct);
        }

        var byAdmin = await Audit.ListAsync(new AuditFilter(ActorId: admin), new PageRequest(0, 10), Ct);
        var approvals = await Audit.ListAsync(new AuditFilter(Action: "user.approved"), new PageRequest(1, 2), Ct);
        var window = await Audit.ListAsync(
            new AuditFilter(ActorId: admin, Action: "user.approved", From: Now, To: Now.AddMinutes(3)), new PageRequest(0, 10), Ct);

        Assert.Equal([entries[4], entries[2], entries[1], entries[0]], byAdmin.Items);
        Assert.Equal([entries[3], entries[1]], approvals.Items);
        Assert.Equal(4, approvals.Total);
        Assert.Equal([entries[1]], window.Items);
    }
}
