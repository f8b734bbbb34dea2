using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Help;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Storage;

public abstract class HelperStoreContract(ITestStorageEngine engine) : StorageContract(engine)
{
    private static readonly DateTimeOffset Now = Builders.Now;

    private IHelperStore Helpers => Storage.Helpers;

    private static Helper AHelper(string name = "Sunita Devi", string? code = null, params string[] flats) => new()
    {
        Id = Guid.CreateVersion7(),
        Name = name,
        Phone = Builders.NextPhone(),
        Kind = HelperKind.Maid,
        Code = code ?? Random.Shared.Next(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture),
        CreatedBy = Guid.NewGuid(),
        CreatedAt = Now,
        Flats = [.. (flats.Length == 0 ? ["A-101"] : flats).Select((flat, i) => new HelperFlat(FlatCode.Parse(flat), Guid.NewGuid(), Now.AddMinutes(i)))],
    };

    private async Task<Helper> AddAsync(Helper helper)
    {
        await Helpers.AddAsync(helper, Builders.Audited("helper.added"), Ct);
        return helper;
    }

    private async Task<int> EntriesAsync(string action) =>
        (await Storage.Audit.ListAsync(new AuditFilter(Action: action), new PageRequest(0, 10), Ct)).Total;

    [Fact]
    public async Task AHelperIsStoredWholeWithTheirFlatsAndFoundByPhoneCodeAndName()
    {
        var sunita = await AddAsync(AHelper("Sunita Devi", "123456", "A-101", "B-201"));
        var ramu = await AddAsync(AHelper("Ramu Kaka", "654321", "B-201"));

        Assert.Equal(sunita, await Helpers.GetAsync(sunita.Id, Ct));
        Assert.Null(await Helpers.GetAsync(Guid.NewGuid(), Ct));
        Assert.Equal(sunita.Id, (await Helpers.FindByPhoneAsync(sunita.Phone, Ct))?.Id);
        Assert.Equal(ramu.Id, (await Helpers.FindByCodeAsync("654321", Ct))?.Id);
        Assert.Null(await Helpers.FindByCodeAsync("111111", Ct));
        Assert.Equal([sunita.Id], (await Helpers.SearchAsync("dev", 10, Ct)).Select(h => h.Id));
        Assert.Equal([sunita.Id], (await Helpers.SearchAsync(sunita.Phone.Value, 10, Ct)).Select(h => h.Id));
        Assert.Empty(await Helpers.SearchAsync("nita", 10, Ct));
        Assert.Equal([ramu.Id, sunita.Id], (await Helpers.ListForFlatAsync(FlatCode.Parse("B-201"), Ct)).Select(h => h.Id));
        Assert.Equal([sunita.Id], (await Helpers.ListForFlatAsync(FlatCode.Parse("A-101"), Ct)).Select(h => h.Id));
        Assert.Equal(2, (await Helpers.ListAsync(null, new PageRequest(0, 10), Ct)).Total);
        Assert.Equal([ramu.Id], (await Helpers.ListAsync("kaka", new PageRequest(0, 10), Ct)).Items.Select(h => h.Id));
        Assert.Equal(2, await EntriesAsync("helper.added"));
    }

    [Fact]
    public async Task ACodeIsHeldWhileTheHelperIsInTheDirectoryAndFreedWhenRemoved()
    {
        var first = await AddAsync(AHelper(code: "424242"));

        await Assert.ThrowsAsync<HelperCodeTakenException>(() => Helpers.AddAsync(AHelper("Other", "424242"), Builders.Audited("helper.added"), Ct));
        var removed = await Helpers.TryRemoveAsync(first.Id, Now, Builders.Audited("helper.removed"), Ct);
        var again = await Helpers.TryRemoveAsync(first.Id, Now, Builders.Audited("helper.removed"), Ct);
        var second = await AddAsync(AHelper("Other", "424242"));

        Assert.Equal(Now, removed?.RemovedAt);
        Assert.Null(again);
        Assert.Equal(second.Id, (await Helpers.FindByCodeAsync("424242", Ct))?.Id);
        Assert.Equal(Now, (await Helpers.FindByPhoneAsync(first.Phone, Ct))?.RemovedAt);
        Assert.Equal((2, 1), (await EntriesAsync("helper.added"), await EntriesAsync("helper.removed")));
    }

    [Fact]
    public async Task APhoneFindsTheHelperInTheDirectoryBeforeOneRemoved()
    {
        var removed = await AddAsync(AHelper("First"));
        await Helpers.TryRemoveAsync(removed.Id, Now, Builders.Audited("helper.removed"), Ct);
        var current = await AddAsync(AHelper("Second") with { Phone = removed.Phone, CreatedAt = Now.AddMinutes(-5) });

        Assert.Equal(current.Id, (await Helpers.FindByPhoneAsync(removed.Phone, Ct))?.Id);
    }

    [Fact]
    public async Task FlatsAreLinkedOnceUnlinkedAndChooseToBeTold()
    {
        var sunita = await AddAsync(AHelper());
        var flat = FlatCode.Parse("B-201");

        Assert.True(await Helpers.TryLinkAsync(sunita.Id, new HelperFlat(flat, Guid.NewGuid(), Now.AddHours(1)), Builders.Audited("helper.linked"), Ct));
        Assert.False(await Helpers.TryLinkAsync(sunita.Id, new HelperFlat(flat, Guid.NewGuid(), Now.AddHours(2)), Builders.Audited("helper.linked"), Ct));
        Assert.True(await Helpers.TrySetNotifyAsync(sunita.Id, flat, true, Builders.Audited("helper.notify-changed"), Ct));
        Assert.False(await Helpers.TrySetNotifyAsync(sunita.Id, flat, true, Builders.Audited("helper.notify-changed"), Ct));
        Assert.False(await Helpers.TrySetNotifyAsync(sunita.Id, FlatCode.Parse("C-301"), true, Builders.Audited("helper.notify-changed"), Ct));
        Assert.Equal([false, true], (await Helpers.GetAsync(sunita.Id, Ct))!.Flats.Select(f => f.Notify));
        Assert.True(await Helpers.TryUnlinkAsync(sunita.Id, FlatCode.Parse("A-101"), Builders.Audited("helper.unlinked"), Ct));
        Assert.False(await Helpers.TryUnlinkAsync(sunita.Id, FlatCode.Parse("A-101"), Builders.Audited("helper.unlinked"), Ct));

        Assert.Equal(["B-201"], (await Helpers.GetAsync(sunita.Id, Ct))!.Flats.Select(f => f.Flat.Value));
        Assert.Empty(await Helpers.ListForFlatAsync(FlatCode.Parse("A-101"), Ct));
        Assert.Equal((1, 1, 1), (await EntriesAsync("helper.linked"), await EntriesAsync("helper.notify-changed"), await EntriesAsync("helper.unlinked")));
    }

    [Fact]
    public async Task InAndOutAreOnceEachAndMakeTheAttendance()
    {
        var sunita = await AddAsync(AHelper());
        var guard = Guid.NewGuid();
        var gate = Guid.NewGuid();
        var morning = new HelperVisit(Guid.CreateVersion7(), sunita.Id, Now, guard, gate);

        var inside = await Helpers.TryCheckInAsync(morning, Builders.Audited("helper.in"), Ct);
        var twice = await Helpers.TryCheckInAsync(morning with { Id = Guid.CreateVersion7() }, Builders.Audited("helper.in"), Ct);
        var listed = await Helpers.ListInsideAsync(10, Ct);
        var left = await Helpers.TryCheckOutAsync(sunita.Id, Now.AddHours(2), guard, null, Builders.Audited("helper.out"), Ct);
        var outTwice = await Helpers.TryCheckOutAsync(sunita.Id, Now.AddHours(3), guard, null, Builders.Audited("helper.out"), Ct);
        var evening = new HelperVisit(Guid.CreateVersion7(), sunita.Id, Now.AddHours(8), guard, null);
        await Helpers.TryCheckInAsync(evening, Builders.Audited("helper.in"), Ct);

        Assert.Equal(Now, inside?.InsideSince);
        Assert.Null(twice);
        Assert.Equal([sunita.Id], listed.Select(h => h.Id));
        Assert.Equal(morning with { OutAt = Now.AddHours(2), OutBy = guard }, left);
        Assert.Null(outTwice);
        Assert.Equal([left!, evening], await Helpers.ListVisitsAsync([sunita.Id], Now.AddHours(-1), Now.AddDays(1), Ct));
        Assert.Equal([evening], await Helpers.ListVisitsAsync([sunita.Id, Guid.NewGuid()], Now.AddHours(1), Now.AddDays(1), Ct));
        Assert.Equal((2, 1), (await EntriesAsync("helper.in"), await EntriesAsync("helper.out")));
    }

    [Fact]
    public async Task ARemovedHelperIsNotLetIn()
    {
        var sunita = await AddAsync(AHelper());
        await Helpers.TryRemoveAsync(sunita.Id, Now, Builders.Audited("helper.removed"), Ct);

        Assert.Null(await Helpers.TryCheckInAsync(new HelperVisit(Guid.CreateVersion7(), sunita.Id, Now, Guid.NewGuid(), null), Builders.Audited("helper.in"), Ct));
        Assert.Equal(0, await EntriesAsync("helper.in"));
    }

    [Fact]
    public async Task RetentionRemovesOldStaysAndTheNamesOfHelpersRemovedLongAgo()
    {
        var old = await AddAsync(AHelper("Old Helper"));
        var current = await AddAsync(AHelper("Current Helper"));
        var guard = Guid.NewGuid();
        await Helpers.TryCheckInAsync(new HelperVisit(Guid.CreateVersion7(), current.Id, Now.AddDays(-10), guard, null), Builders.Audited("helper.in"), Ct);
        await Helpers.TryCheckOutAsync(current.Id, Now.AddDays(-10).AddHours(2), guard, null, Builders.Audited("helper.out"), Ct);
        await Helpers.TryCheckInAsync(new HelperVisit(Guid.CreateVersion7(), current.Id, Now, guard, null), Builders.Audited("helper.in"), Ct);
        await Helpers.TryRemoveAsync(old.Id, Now.AddDays(-10), Builders.Audited("helper.removed"), Ct);

        var forgotten = await Helpers.ForgetBeforeAsync(Now.AddDays(-5), count => Builders.Audited($"retention {count}"), Ct);
        var again = await Helpers.ForgetBeforeAsync(Now.AddDays(-5), count => Builders.Audited($"retention {count}"), Ct);

        Assert.Equal((2, 0), (forgotten, again));
        Assert.Equal(Helper.ForgottenName, (await Helpers.GetAsync(old.Id, Ct))!.Name);
        Assert.Equal("Current Helper", (await Helpers.GetAsync(current.Id, Ct))!.Name);
        Assert.Single(await Helpers.ListVisitsAsync([current.Id], Now.AddDays(-30), Now.AddDays(1), Ct));
        Assert.Equal(1, await EntriesAsync("retention 2"));
    }
}
