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
        var system = await Audit.AppendAsync(AnEntry(Now) with { Details = null }, Ct);
        var later = await Audit.AppendAsync(AnEntry(Now.AddMinutes(1), Guid.NewGuid()), Ct);

        var page = await Audit.ListAsync(new AuditFilter(), new PageRequest(0, 10), Ct);

        Assert.Equal([later, system], page.Items);
        Assert.Equal(2, page.Total);
        Assert.Equal((1, 2), (system.Sequence, later.Sequence));
        Assert.Equal(system.Hash, later.PreviousHash);
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
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = await Audit.AppendAsync(entries[i], Ct);
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

    [Fact]
    public async Task FiftyConcurrentAppendsMakeOneUnbrokenChain()
    {
        await RaceAsync(50, i => Audit.AppendAsync(AnEntry(Now.AddSeconds(i)), Ct));

        var chain = await Audit.ListAfterAsync(0, 100, Ct);

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), chain.Select(e => e.Sequence));
        Assert.Null(Chain.FirstBreak(chain, null));
    }

    [Fact]
    public async Task ListAfterReadsTheChainInOrderFromAnyPoint()
    {
        for (var i = 0; i < 5; i++)
        {
            await Audit.AppendAsync(AnEntry(Now.AddMinutes(-i)), Ct);
        }

        var tail = await Audit.ListAfterAsync(2, 2, Ct);

        Assert.Equal([3L, 4L], tail.Select(e => e.Sequence));
        Assert.Empty(await Audit.ListAfterAsync(5, 10, Ct));
    }
}
