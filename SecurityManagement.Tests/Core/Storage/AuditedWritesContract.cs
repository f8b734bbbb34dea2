using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Passes;
using SecurityManagement.Core.Settings;
using SecurityManagement.Core.Visits;
using static SecurityManagement.Tests.Support.Builders;

namespace SecurityManagement.Tests.Core.Storage;

/// <summary>
/// Every port write that carries an audit entry keeps it exactly when the change happened: a won
/// compare-and-set has its entry in the trail, a lost one leaves none, and the chain stays whole.
/// </summary>
public abstract class AuditedWritesContract(ITestStorageEngine engine) : StorageContract(engine)
{
    private async Task<IReadOnlyList<string>> ActionsAsync() =>
        [.. (await Storage.Audit.ListAfterAsync(0, 100, Ct)).Select(e => e.Action)];

    [Fact]
    public async Task EveryChangeKeepsItsEntryAndEveryLostCompareAndSetLeavesNone()
    {
        var user = AUser();
        await Storage.Users.AddAsync(user, Audited("user.created"), Ct);
        var changed = user with { FullName = "Priya S.", SecurityStamp = User.NewSecurityStamp() };
        Assert.True(await Storage.Users.UpdateAsync(changed, user.SecurityStamp, Audited("user.edited"), Ct));
        Assert.False(await Storage.Users.UpdateAsync(changed, user.SecurityStamp, Audited("user.lost"), Ct));

        await Storage.Flats.AddAsync(new Flat(FlatCode.Parse("A-101"), Now), Audited("flat.added"), Ct);
        Assert.True(await Storage.Flats.RenameAsync(FlatCode.Parse("A-101"), FlatCode.Parse("A-111"), Audited("flat.renamed"), Ct));
        Assert.False(await Storage.Flats.RenameAsync(FlatCode.Parse("A-101"), FlatCode.Parse("A-121"), Audited("flat.lost"), Ct));
        Assert.True(await Storage.Flats.RemoveAsync(FlatCode.Parse("A-111"), Audited("flat.removed"), Ct));
        Assert.False(await Storage.Flats.RemoveAsync(FlatCode.Parse("A-111"), Audited("flat.lost"), Ct));

        var visit = AVisit();
        await Storage.Visits.AddAsync(visit, Audited("visit.logged"), Ct);
        var approve = VisitStatusChange.Create(VisitStatus.Pending, VisitStatus.Approved, user.Id, Now);
        Assert.NotNull(await Storage.Visits.TryChangeStatusAsync(visit.Id, 0, approve, Audited("visit.approved"), Ct));
        Assert.Null(await Storage.Visits.TryChangeStatusAsync(visit.Id, 0, approve, Audited("visit.lost"), Ct));

        var pass = APass(usage: PassUsage.SingleUse);
        await Storage.Passes.AddAsync(pass, Now, Audited("pass.created"), Ct);
        var guest = AVisit(startAs: VisitStatus.Approved);
        Assert.NotNull(await Storage.Passes.TryAdmitAsync(pass.Id, 0, Audited("pass.used"), guest, Audited("visit.logged"), Ct));
        Assert.Null(await Storage.Passes.TryAdmitAsync(pass.Id, 0, Audited("pass.lost"), AVisit(), Audited("visit.lost"), Ct));
        Assert.NotNull(await Storage.Passes.TryRevokeAsync(pass.Id, Now, Audited("pass.revoked"), Ct));
        Assert.Null(await Storage.Passes.TryRevokeAsync(pass.Id, Now, Audited("pass.lost"), Ct));

        var settings = SocietySettings.Defaults(new SocietyOptions("Test", TimeZoneInfo.Utc), new GateOptions(), new OtpOptions()) with { Version = 1 };
        Assert.True(await Storage.Settings.TrySaveAsync(settings, 0, Audited("settings.changed"), Ct));
        Assert.False(await Storage.Settings.TrySaveAsync(settings, 0, Audited("settings.lost"), Ct));

        Assert.Equal(
            ["user.created", "user.edited", "flat.added", "flat.renamed", "flat.removed", "visit.logged", "visit.approved",
             "pass.created", "pass.used", "visit.logged", "pass.revoked", "settings.changed"],
            await ActionsAsync());
        Assert.Null(Chain.FirstBreak(await Storage.Audit.ListAfterAsync(0, 100, Ct), null));
        Assert.NotNull(await Storage.Visits.GetAsync(guest.Id, Ct));
    }

    [Fact]
    public async Task RetentionRecordsHowManyItForgotAndNothingWhenThereWasNothing()
    {
        var old = AVisit(createdAt: Now.AddDays(-100));
        await Storage.Visits.AddAsync(old, null, Ct);
        await Storage.Visits.TryChangeStatusAsync(old.Id, 0, VisitStatusChange.Create(VisitStatus.Pending, VisitStatus.Expired, null, Now.AddDays(-100)), Audited(), Ct);

        var first = await Storage.Visits.ForgetVisitorsBeforeAsync(Now.AddDays(-90), n => Audited($"forgot {n}"), Ct);
        var second = await Storage.Visits.ForgetVisitorsBeforeAsync(Now.AddDays(-90), n => Audited($"forgot {n}"), Ct);

        Assert.Equal((1, 0), (first, second));
        Assert.Equal(["test.changed", "forgot 1"], await ActionsAsync());
    }

    [Fact]
    public async Task ConcurrentAuditedChangesMakeOneUnbrokenChain()
    {
        var visits = Enumerable.Range(0, 20).Select(_ => AVisit()).ToList();
        foreach (var visit in visits)
        {
            await Storage.Visits.AddAsync(visit, null, Ct);
        }

        await RaceAsync(20, i => Storage.Visits.TryChangeStatusAsync(visits[i].Id, 0,
            VisitStatusChange.Create(VisitStatus.Pending, VisitStatus.Approved, null, Now), Audited("visit.approved"), Ct));

        var chain = await Storage.Audit.ListAfterAsync(0, 100, Ct);
        Assert.Equal(20, chain.Count);
        Assert.Null(Chain.FirstBreak(chain, null));
    }
}
