using SecurityManagement.Core;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Expected;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Parcels;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Storage;

public abstract class ParcelStoreContract(ITestStorageEngine engine) : StorageContract(engine)
{
    private static readonly DateTimeOffset Now = Builders.Now;

    private static Parcel AParcel(string flat = "A-101", int minutes = 0, Guid? expected = null) => new()
    {
        Id = Guid.CreateVersion7(),
        Flat = FlatCode.Parse(flat),
        Company = "Amazon",
        Note = "Two boxes",
        KeptBy = Guid.NewGuid(),
        KeptByName = "Ramesh Kumar",
        KeptAt = Now.AddMinutes(minutes),
        Gate = Guid.NewGuid(),
        ExpectedId = expected,
    };

    private async Task<int> EntriesAsync(string action) =>
        (await Storage.Audit.ListAsync(new AuditFilter(Action: action), new PageRequest(0, 10), Ct)).Total;

    [Fact]
    public async Task AParcelIsStoredWholeWithItsEntryAndWaitsOldestFirst()
    {
        var later = AParcel(minutes: 5);
        var earlier = AParcel("B-201");
        await Storage.Parcels.AddAsync(later, Builders.Audited("parcel.kept"), Builders.Audited("expected.used"), Ct);
        await Storage.Parcels.AddAsync(earlier, Builders.Audited("parcel.kept"), Builders.Audited("expected.used"), Ct);

        Assert.Equal(later, await Storage.Parcels.GetAsync(later.Id, Ct));
        Assert.Null(await Storage.Parcels.GetAsync(Guid.NewGuid(), Ct));
        Assert.Equal([earlier.Id, later.Id], (await Storage.Parcels.ListWaitingAsync(10, Ct)).Select(p => p.Id));
        Assert.Equal([earlier.Id], (await Storage.Parcels.ListWaitingAsync(1, Ct)).Select(p => p.Id));
        Assert.Equal((2, 0), (await EntriesAsync("parcel.kept"), await EntriesAsync("expected.used")));
    }

    [Fact]
    public async Task AParcelUsesUpItsOpenExpectationInTheSameStepOrGoesWithoutIt()
    {
        var open = AnExpected();
        var cancelled = AnExpected();
        await Storage.Expected.AddAsync(open, Builders.Audited("expected.added"), Ct);
        await Storage.Expected.AddAsync(cancelled, Builders.Audited("expected.added"), Ct);
        await Storage.Expected.TryCancelAsync(cancelled.Id, Now, Builders.Audited("expected.cancelled"), Ct);

        var used = await Storage.Parcels.AddAsync(AParcel(expected: open.Id), Builders.Audited("parcel.kept"), Builders.Audited("expected.used"), Ct);
        var without = await Storage.Parcels.AddAsync(AParcel(expected: cancelled.Id), Builders.Audited("parcel.kept"), Builders.Audited("expected.used"), Ct);

        Assert.True((await Storage.Expected.GetAsync(open.Id, Ct))!.LeaveAtGate);
        Assert.Equal(open.Id, used.ExpectedId);
        Assert.Null(without.ExpectedId);
        Assert.Null((await Storage.Parcels.GetAsync(without.Id, Ct))!.ExpectedId);
        Assert.Equal(Now, (await Storage.Expected.GetAsync(open.Id, Ct))!.UsedAt);
        Assert.Empty(await Storage.Expected.ListOpenForFlatAsync(FlatCode.Parse("A-101"), Now, Ct));
        Assert.Equal((2, 1), (await EntriesAsync("parcel.kept"), await EntriesAsync("expected.used")));
    }

    [Fact]
    public async Task CollectingIsOnceOnlyAndTheFlatSeesWhatItCollectedLately()
    {
        var parcel = AParcel();
        var old = AParcel(minutes: -3000);
        var other = AParcel("B-201");
        foreach (var each in new[] { parcel, old, other })
        {
            await Storage.Parcels.AddAsync(each, Builders.Audited("parcel.kept"), Builders.Audited("expected.used"), Ct);
        }

        var collector = Guid.NewGuid();
        var collected = await Storage.Parcels.TryCollectAsync(parcel.Id, Now.AddMinutes(10), collector, "Priya Sharma", Builders.Audited("parcel.collected"), Ct);
        var again = await Storage.Parcels.TryCollectAsync(parcel.Id, Now.AddMinutes(11), Guid.NewGuid(), "Rahul", Builders.Audited("parcel.collected"), Ct);
        await Storage.Parcels.TryCollectAsync(old.Id, Now.AddDays(-2), collector, "Priya Sharma", Builders.Audited("parcel.collected"), Ct);

        Assert.Equal(parcel with { CollectedAt = Now.AddMinutes(10), CollectedBy = collector, CollectedByName = "Priya Sharma" }, collected);
        Assert.Null(again);
        Assert.Equal(2, await EntriesAsync("parcel.collected"));
        Assert.Equal([other.Id], (await Storage.Parcels.ListWaitingAsync(10, Ct)).Select(p => p.Id));
        Assert.Equal([parcel.Id], (await Storage.Parcels.ListForFlatAsync(FlatCode.Parse("A-101"), Now.AddDays(-1), 10, Ct)).Select(p => p.Id));
        Assert.Equal([parcel.Id, old.Id], (await Storage.Parcels.ListForFlatAsync(FlatCode.Parse("A-101"), Now.AddDays(-3), 10, Ct)).Select(p => p.Id));
    }

    [Fact]
    public async Task RetentionRemovesOnlyParcelsCollectedBeforeTheCutoff()
    {
        var old = AParcel(minutes: -3000);
        var waiting = AParcel(minutes: -4000);
        var recent = AParcel();
        foreach (var each in new[] { old, waiting, recent })
        {
            await Storage.Parcels.AddAsync(each, Builders.Audited("parcel.kept"), Builders.Audited("expected.used"), Ct);
        }

        await Storage.Parcels.TryCollectAsync(old.Id, Now.AddDays(-2), Guid.NewGuid(), "Priya", Builders.Audited("parcel.collected"), Ct);
        await Storage.Parcels.TryCollectAsync(recent.Id, Now, Guid.NewGuid(), "Priya", Builders.Audited("parcel.collected"), Ct);

        var removed = await Storage.Parcels.RemoveCollectedBeforeAsync(Now.AddDays(-1), count => Builders.Audited($"retention {count}"), Ct);
        var again = await Storage.Parcels.RemoveCollectedBeforeAsync(Now.AddDays(-1), count => Builders.Audited($"retention {count}"), Ct);

        Assert.Equal((1, 0), (removed, again));
        Assert.Null(await Storage.Parcels.GetAsync(old.Id, Ct));
        Assert.NotNull(await Storage.Parcels.GetAsync(waiting.Id, Ct));
        Assert.NotNull(await Storage.Parcels.GetAsync(recent.Id, Ct));
        Assert.Equal(1, await EntriesAsync("retention 1"));
    }

    [Fact]
    public async Task AHouseholdKeepsItsChoiceToLeaveDeliveriesAtTheGate()
    {
        var flat = FlatCode.Parse("A-101");
        Assert.False((await Storage.Reach.GetHouseholdAsync(flat, Ct)).LeaveDeliveries);

        await Storage.Reach.SaveHouseholdAsync(SecurityManagement.Core.Reach.Household.Default(flat) with { LeaveDeliveries = true, Sms = false },
            Builders.Audited("household.parcels-changed"), Ct);

        Assert.Equal((true, false), ((await Storage.Reach.GetHouseholdAsync(flat, Ct)).LeaveDeliveries, (await Storage.Reach.GetHouseholdAsync(flat, Ct)).Sms));
    }

    private static ExpectedVisitor AnExpected() => new()
    {
        Id = Guid.CreateVersion7(),
        Flat = FlatCode.Parse("A-101"),
        Kind = ExpectedKind.Delivery,
        Detail = "Amazon",
        From = Now.AddMinutes(-5),
        Until = Now.AddHours(2),
        CreatedBy = Guid.NewGuid(),
        CreatedByName = "Priya Sharma",
        CreatedAt = Now,
        LeaveAtGate = true,
    };
}
