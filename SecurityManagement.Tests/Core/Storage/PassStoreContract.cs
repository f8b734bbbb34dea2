using SecurityManagement.Core;
using SecurityManagement.Core.Audit;
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

        await Passes.AddAsync(pass, Now, null, Ct);

        Assert.Equal(pass, await Passes.GetAsync(pass.Id, Ct));
        Assert.Null(await Passes.GetAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task RegularsDaysAndHoursReadBackUnchanged()
    {
        var regular = APass(usage: PassUsage.Regular, until: Now.AddDays(90)) with
        {
            Days = WeekDays.Monday | WeekDays.Sunday, HoursFrom = 22 * 60, HoursUntil = 90, UseCount = 7,
        };

        await Passes.AddAsync(regular, Now, null, Ct);

        Assert.Equal(regular, await Passes.GetAsync(regular.Id, Ct));
        Assert.Equal([regular.Id], (await Passes.ListLiveByCodeAsync(regular.Code, Now, Ct)).Select(p => p.Id));
    }

    [Fact]
    public async Task LiveByCodeSkipsEndedAndRevokedPassesAndOtherCodes()
    {
        var ended = APass(from: Now.AddHours(-3), until: Now) with { Code = "123456" };
        var revoked = APass() with { Code = "123456", RevokedAt = Now.AddMinutes(-1) };
        var current = APass(from: Now.AddHours(-1), until: Now.AddHours(1)) with { Code = "123456" };
        var other = APass() with { Code = "654321" };
        await Passes.AddAsync(ended, Now.AddHours(-2), null, Ct);
        foreach (var pass in new[] { revoked, current, other })
        {
            await Passes.AddAsync(pass, Now, null, Ct);
        }

        var live = await Passes.ListLiveByCodeAsync("123456", Now, Ct);

        Assert.Equal([current.Id], live.Select(p => p.Id));
    }

    [Fact]
    public async Task ALiveCodeIsNeverGivenTwiceButARevokedOrEndedPassFreesIt()
    {
        var upcoming = APass(from: Now.AddHours(2), until: Now.AddHours(4)) with { Code = "123456" };
        var ending = APass(from: Now.AddHours(-2), until: Now.AddMinutes(10)) with { Code = "222222" };
        await Passes.AddAsync(upcoming, Now, null, Ct);
        await Passes.AddAsync(ending, Now, null, Ct);

        await Assert.ThrowsAsync<PassCodeTakenException>(() => Passes.AddAsync(APass() with { Code = "123456" }, Now, Audited(), Ct));
        await Assert.ThrowsAsync<PassCodeTakenException>(() => Passes.AddAsync(APass() with { Code = "222222" }, Now, Audited(), Ct));
        await Passes.TryRevokeAsync(upcoming.Id, Now, Audited(), Ct);
        await Passes.AddAsync(APass() with { Code = "123456" }, Now, null, Ct);
        await Passes.AddAsync(APass(until: Now.AddHours(2)) with { Code = "222222" }, Now.AddMinutes(10), null, Ct);

        // The refused passes left no entry: the only one is the revocation's.
        Assert.Equal(1, (await Storage.Audit.ListAsync(new AuditFilter(Action: "test.changed"), new PageRequest(0, 5), Ct)).Total);
        Assert.Equal(2, (await Passes.ListLiveByCodeAsync("222222", Now.AddMinutes(10), Ct)).Count + (await Passes.ListLiveByCodeAsync("123456", Now, Ct)).Count);
    }

    [Fact]
    public async Task PassesRacingForOneCodeLeaveExactlyOneLive()
    {
        var results = await RaceAsync(20, async _ =>
        {
            try
            {
                await Passes.AddAsync(APass() with { Code = "777777" }, Now, null, Ct);
                return true;
            }
            catch (PassCodeTakenException)
            {
                return false;
            }
        });

        Assert.Single(results, won => won);
        Assert.Single(await Passes.ListLiveByCodeAsync("777777", Now, Ct));
    }

    [Fact]
    public async Task FlatPassesAreNewestFirstAndPaged()
    {
        var mine = Enumerable.Range(0, 3).Select(i => APass("A-102", createdAt: Now.AddMinutes(i))).ToList();
        foreach (var pass in mine.Append(APass("A-103")))
        {
            await Passes.AddAsync(pass, Now, null, Ct);
        }

        var page = await Passes.ListForFlatAsync(FlatCode.Parse("A-102"), new PageRequest(1, 5), Ct);

        Assert.Equal([mine[1].Id, mine[0].Id], page.Items.Select(p => p.Id));
        Assert.Equal(3, page.Total);
    }

    [Fact]
    public async Task UseIsCountedOnlyFromTheExpectedCount()
    {
        var pass = APass(usage: PassUsage.MultiUse);
        await Passes.AddAsync(pass, Now, null, Ct);

        var first = await Passes.TryAdmitAsync(pass.Id, 0, Audited("pass.used"), AVisit(), Audited("visit.logged"), Ct);
        var stale = await Passes.TryAdmitAsync(pass.Id, 0, Audited("pass.used"), AVisit(), Audited("visit.logged"), Ct);
        var second = await Passes.TryAdmitAsync(pass.Id, 1, Audited("pass.used"), AVisit(), Audited("visit.logged"), Ct);

        Assert.Equal(1, first?.UseCount);
        Assert.Null(stale);
        Assert.Equal(2, second?.UseCount);
        Assert.Equal(2, (await Passes.GetAsync(pass.Id, Ct))!.UseCount);
    }

    [Fact]
    public async Task RevokedPassIsNeverUsed()
    {
        var pass = APass() with { RevokedAt = Now };
        await Passes.AddAsync(pass, Now, null, Ct);

        Assert.Null(await Passes.TryAdmitAsync(pass.Id, 0, Audited("pass.used"), AVisit(), Audited("visit.logged"), Ct));
        Assert.Equal(0, (await Passes.GetAsync(pass.Id, Ct))!.UseCount);
    }

    [Fact]
    public async Task FiftyConcurrentUsesOfOnePassExactlyOneWins()
    {
        var pass = APass();
        await Passes.AddAsync(pass, Now, null, Ct);

        var results = await RaceAsync(50, _ => Passes.TryAdmitAsync(pass.Id, 0, Audited("pass.used"), AVisit(), Audited("visit.logged"), Ct));

        Assert.Single(results, r => r is not null);
        Assert.Equal(1, (await Passes.GetAsync(pass.Id, Ct))!.UseCount);
    }

    [Fact]
    public async Task RevokeAppliesOnce()
    {
        var pass = APass();
        await Passes.AddAsync(pass, Now, null, Ct);

        var revoked = await Passes.TryRevokeAsync(pass.Id, Now.AddMinutes(1), Audited(), Ct);
        var again = await Passes.TryRevokeAsync(pass.Id, Now.AddMinutes(2), Audited(), Ct);

        Assert.Equal(Now.AddMinutes(1), revoked?.RevokedAt);
        Assert.Null(again);
        Assert.Equal(Now.AddMinutes(1), (await Passes.GetAsync(pass.Id, Ct))!.RevokedAt);
        Assert.Null(await Passes.TryRevokeAsync(Guid.NewGuid(), Now, Audited(), Ct));
    }

    [Fact]
    public async Task ForgettingGuestsTouchesOnlyPassesThatEndedBeforeTheCutoff()
    {
        var ended = APass(from: Now.AddDays(-10), until: Now.AddDays(-9));
        var live = APass();
        await Passes.AddAsync(ended, Now, null, Ct);
        await Passes.AddAsync(live, Now, null, Ct);

        Assert.Equal(1, await Passes.ForgetGuestsBeforeAsync(Now.AddDays(-1), _ => Audited(), Ct));

        Assert.Equal(ended with { GuestName = GuestPass.ForgottenName, GuestPhone = null }, await Passes.GetAsync(ended.Id, Ct));
        Assert.Equal(live, await Passes.GetAsync(live.Id, Ct));
    }
}
