using SecurityManagement.Core;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Passes;
using static SecurityManagement.Tests.Support.Builders;

namespace SecurityManagement.Tests.Core.Storage;

public abstract class PassStoreContract(ITestStorageEngine engine) : StorageContract(engine)
{
    private IPassStore Passes => Storage.Passes;

    [Fact]
    public async Task AddedPassReadsBackUnchanged()
    {
        var pass = APass() with { UseCount = 2, RevokedAt = Now.AddMinutes(3) };

        await Passes.AddAsync(pass, Ct);

        Assert.Equal(pass, await Passes.GetAsync(pass.Id, Ct));
        Assert.Null(await Passes.GetAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task LiveByCodeSkipsEndedAndRevokedPassesAndOtherCodes()
    {
        var later = APass(from: Now.AddHours(2), until: Now.AddHours(4)) with { Code = "123456" };
        var current = APass(from: Now.AddHours(-1), until: Now.AddHours(1)) with { Code = "123456" };
        var ended = APass(from: Now.AddHours(-3), until: Now) with { Code = "123456" };
        var revoked = APass() with { Code = "123456", RevokedAt = Now.AddMinutes(-1) };
        var other = APass() with { Code = "654321" };
        foreach (var pass in new[] { later, current, ended, revoked, other })
        {
            await Passes.AddAsync(pass, Ct);
        }

        var live = await Passes.ListLiveByCodeAsync("123456", Now, Ct);

        Assert.Equal([current.Id, later.Id], live.Select(p => p.Id));
    }

    [Fact]
    public async Task FlatPassesAreNewestFirstAndPaged()
    {
        var mine = Enumerable.Range(0, 3).Select(i => APass("A-102", createdAt: Now.AddMinutes(i))).ToList();
        foreach (var pass in mine.Append(APass("A-103")))
        {
            await Passes.AddAsync(pass, Ct);
        }

        var page = await Passes.ListForFlatAsync(FlatCode.Parse("A-102"), new PageRequest(1, 5), Ct);

        Assert.Equal([mine[1].Id, mine[0].Id], page.Items.Select(p => p.Id));
        Assert.Equal(3, page.Total);
    }

    [Fact]
    public async Task UseIsCountedOnlyFromTheExpectedCount()
    {
        var pass = APass(usage: PassUsage.MultiUse);
        await Passes.AddAsync(pass, Ct);

        var first = await Passes.TryRecordUseAsync(pass.Id, 0, Ct);
        var stale = await Passes.TryRecordUseAsync(pass.Id, 0, Ct);
        var second = await Passes.TryRecordUseAsync(pass.Id, 1, Ct);

        Assert.Equal(1, first?.UseCount);
        Assert.Null(stale);
        Assert.Equal(2, second?.UseCount);
        Assert.Equal(2, (await Passes.GetAsync(pass.Id, Ct))!.UseCount);
    }

    [Fact]
    public async Task RevokedPassIsNeverUsed()
    {
        var pass = APass() with { RevokedAt = Now };
        await Passes.AddAsync(pass, Ct);

        Assert.Null(await Passes.TryRecordUseAsync(pass.Id, 0, Ct));
        Assert.Equal(0, (await Passes.GetAsync(pass.Id, Ct))!.UseCount);
    }

    [Fact]
    public async Task FiftyConcurrentUsesOfOnePassExactlyOneWins()
    {
        var pass = APass();
        await Passes.AddAsync(pass, Ct);

        var results = await RaceAsync(50, _ => Passes.TryRecordUseAsync(pass.Id, 0, Ct));

        Assert.Single(results, r => r is not null);
        Assert.Equal(1, (await Passes.GetAsync(pass.Id, Ct))!.UseCount);
    }

    [Fact]
    public async Task RevokeAppliesOnce()
    {
        var pass = APass();
        await Passes.AddAsync(pass, Ct);

        var revoked = await Passes.TryRevokeAsync(pass.Id, Now.AddMinutes(1), Ct);
        var again = await Passes.TryRevokeAsync(pass.Id, Now.AddMinutes(2), Ct);

        Assert.Equal(Now.AddMinutes(1), revoked?.RevokedAt);
        Assert.Null(again);
        Assert.Equal(Now.AddMinutes(1), (await Passes.GetAsync(pass.Id, Ct))!.RevokedAt);
        Assert.Null(await Passes.TryRevokeAsync(Guid.NewGuid(), Now, Ct));
    }

    [Fact]
    public async Task ForgettingGuestsTouchesOnlyPassesThatEndedBeforeTheCutoff()
    {
        var ended = APass(from: Now.AddDays(-10), until: Now.AddDays(-9));
        var live = APass();
        await Passes.AddAsync(ended, Ct);
        await Passes.AddAsync(live, Ct);

        Assert.Equal(1, await Passes.ForgetGuestsBeforeAsync(Now.AddDays(-1), Ct));

        Assert.Equal(ended with { GuestName = GuestPass.ForgottenName, GuestPhone = null }, await Passes.GetAsync(ended.Id, Ct));
        Assert.Equal(live, await Passes.GetAsync(live.Id, Ct));
    }
}
