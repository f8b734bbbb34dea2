using SecurityManagement.Core;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Notices;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Storage;

public abstract class NoticeStoreContract(ITestStorageEngine engine) : StorageContract(engine)
{
    private static readonly DateTimeOffset Now = Builders.Now;

    private static Notice ANotice(NoticeAudience audience = NoticeAudience.Everyone, string? target = null, int minutes = 0, DateTimeOffset? expires = null) => new()
    {
        Id = Guid.CreateVersion7(),
        Title = $"Water cut {minutes}",
        Body = "No water from 10:00 to 14:00 on Sunday.\nTanks will be cleaned.",
        Audience = audience,
        Target = target,
        PostedBy = Guid.NewGuid(),
        PostedByName = "Arjun Mehta",
        PostedAt = Now.AddMinutes(minutes),
        ExpiresAt = expires,
    };

    [Fact]
    public async Task ANoticeIsStoredWholeWithItsEntry()
    {
        var notice = ANotice(NoticeAudience.Flat, "A-101", expires: Now.AddDays(2));
        await Storage.Notices.AddAsync(notice, Builders.Audited("notice.posted"), Ct);

        Assert.Equal(notice, await Storage.Notices.GetAsync(notice.Id, Ct));
        Assert.Null(await Storage.Notices.GetAsync(Guid.NewGuid(), Ct));
        Assert.Equal(1, (await Storage.Audit.ListAsync(new AuditFilter(Action: "notice.posted"), new PageRequest(0, 5), Ct)).Total);
    }

    [Fact]
    public async Task AFlatSeesEveryonesItsBlocksAndItsOwnLiveNoticesNewestFirst()
    {
        var everyone = ANotice(minutes: 1);
        var blockA = ANotice(NoticeAudience.Block, "A", minutes: 2);
        var blockB = ANotice(NoticeAudience.Block, "B", minutes: 3);
        var mine = ANotice(NoticeAudience.Flat, "A-101", minutes: 4);
        var neighbour = ANotice(NoticeAudience.Flat, "A-102", minutes: 5);
        var expired = ANotice(minutes: 6, expires: Now.AddMinutes(30));
        var withdrawn = ANotice(minutes: 7);
        foreach (var notice in new[] { everyone, blockA, blockB, mine, neighbour, expired, withdrawn })
        {
            await Storage.Notices.AddAsync(notice, Builders.Audited("notice.posted"), Ct);
        }

        var withdrawnNow = await Storage.Notices.TryWithdrawAsync(withdrawn.Id, Now.AddMinutes(8), Builders.Audited("notice.withdrawn"), Ct);
        Assert.Null(await Storage.Notices.TryWithdrawAsync(withdrawn.Id, Now.AddMinutes(9), Builders.Audited("notice.withdrawn"), Ct));

        var keys = Notice.KeysFor(FlatCode.Parse("A-101"));
        Assert.Equal([expired.Id, mine.Id, blockA.Id, everyone.Id], (await Storage.Notices.ListLiveAsync(keys, Now.AddMinutes(10), 10, Ct)).Select(n => n.Id));
        Assert.Equal([mine.Id, blockA.Id, everyone.Id], (await Storage.Notices.ListLiveAsync(keys, Now.AddHours(1), 10, Ct)).Select(n => n.Id));
        Assert.Equal([expired.Id, mine.Id], (await Storage.Notices.ListLiveAsync(keys, Now.AddMinutes(10), 2, Ct)).Select(n => n.Id));
        Assert.Equal(Now.AddMinutes(8), withdrawnNow!.WithdrawnAt);
        var all = await Storage.Notices.ListAsync(new PageRequest(0, 3), Ct);
        Assert.Equal(7, all.Total);
        Assert.Equal([withdrawn.Id, expired.Id, neighbour.Id], all.Items.Select(n => n.Id));
        Assert.Equal(1, (await Storage.Audit.ListAsync(new AuditFilter(Action: "notice.withdrawn"), new PageRequest(0, 5), Ct)).Total);
    }

    [Fact]
    public async Task ReadsAreKeptPerResidentAndMarkingTwiceIsHarmless()
    {
        var (first, second) = (ANotice(minutes: 1), ANotice(minutes: 2));
        await Storage.Notices.AddAsync(first, Builders.Audited("notice.posted"), Ct);
        await Storage.Notices.AddAsync(second, Builders.Audited("notice.posted"), Ct);
        var (priya, rahul) = (Guid.NewGuid(), Guid.NewGuid());

        await Storage.Notices.MarkReadAsync(priya, [first.Id], Now, Ct);
        await Storage.Notices.MarkReadAsync(priya, [first.Id, second.Id], Now.AddMinutes(1), Ct);

        Assert.Equivalent(new[] { first.Id, second.Id }, await Storage.Notices.ListReadAsync(priya, [first.Id, second.Id], Ct), strict: true);
        Assert.Empty(await Storage.Notices.ListReadAsync(rahul, [first.Id, second.Id], Ct));
    }

    [Fact]
    public async Task EachNoticeIsClaimedForItsPushOnceAndAWithdrawnOneIsNotPushed()
    {
        var (first, second, withdrawn) = (ANotice(minutes: 1), ANotice(minutes: 2), ANotice(minutes: 3));
        foreach (var notice in new[] { first, second, withdrawn })
        {
            await Storage.Notices.AddAsync(notice, Builders.Audited("notice.posted"), Ct);
        }

        await Storage.Notices.TryWithdrawAsync(withdrawn.Id, Now.AddMinutes(4), Builders.Audited("notice.withdrawn"), Ct);

        Assert.Equal([first.Id, second.Id], (await Storage.Notices.ListUnpushedAsync(10, Ct)).Select(n => n.Id));
        Assert.True(await Storage.Notices.TryMarkPushedAsync(first.Id, Now.AddMinutes(5), Ct));
        Assert.False(await Storage.Notices.TryMarkPushedAsync(first.Id, Now.AddMinutes(6), Ct));
        Assert.Equal([second.Id], (await Storage.Notices.ListUnpushedAsync(10, Ct)).Select(n => n.Id));
    }
}
