using SecurityManagement.Core;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Expected;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Storage;

public abstract class ExpectedStoreContract(ITestStorageEngine engine) : StorageContract(engine)
{
    private static readonly DateTimeOffset Now = Builders.Now;

    private static ExpectedVisitor AnExpected(string flat = "A-101", ExpectedKind kind = ExpectedKind.Delivery, string? detail = "Swiggy", int fromMinutes = 0, int hours = 2) => new()
    {
        Id = Guid.CreateVersion7(),
        Flat = FlatCode.Parse(flat),
        Kind = kind,
        Detail = detail,
        From = Now.AddMinutes(fromMinutes),
        Until = Now.AddMinutes(fromMinutes).AddHours(hours),
        CreatedBy = Guid.NewGuid(),
        CreatedByName = "Priya Sharma",
        CreatedAt = Now,
    };

    private async Task<int> EntriesAsync(string action) =>
        (await Storage.Audit.ListAsync(new AuditFilter(Action: action), new PageRequest(0, 10), Ct)).Total;

    [Fact]
    public async Task AnExpectationIsStoredWholeWithItsEntryAndListedWhileOpen()
    {
        var soon = AnExpected(fromMinutes: 10);
        var now = AnExpected(kind: ExpectedKind.Cab, detail: "1234");
        var later = AnExpected(fromMinutes: 120, detail: null);
        var elsewhere = AnExpected("B-201", ExpectedKind.Guest, "Anjali", fromMinutes: 30);
        foreach (var expected in new[] { soon, now, later, elsewhere })
        {
            await Storage.Expected.AddAsync(expected, Builders.Audited("expected.added"), Ct);
        }

        Assert.Equal(soon, await Storage.Expected.GetAsync(soon.Id, Ct));
        Assert.Null(await Storage.Expected.GetAsync(Guid.NewGuid(), Ct));
        Assert.Equal([now.Id, soon.Id, later.Id], (await Storage.Expected.ListOpenForFlatAsync(FlatCode.Parse("A-101"), Now, Ct)).Select(e => e.Id));
        Assert.Equal([now.Id, soon.Id, elsewhere.Id], (await Storage.Expected.ListOpenAsync(Now, Now.AddHours(1), 10, Ct)).Select(e => e.Id));
        Assert.Equal([now.Id], (await Storage.Expected.ListOpenAsync(Now, Now.AddHours(1), 1, Ct)).Select(e => e.Id));
        Assert.Equal([later.Id], (await Storage.Expected.ListOpenForFlatAsync(FlatCode.Parse("A-101"), Now.AddMinutes(131), Ct)).Select(e => e.Id));
        Assert.Equal(4, await EntriesAsync("expected.added"));
    }

    [Fact]
    public async Task UsingStoresTheVisitWithBothEntriesOnceAndCancelledOrUsedOnesCloseForGood()
    {
        var expected = AnExpected();
        await Storage.Expected.AddAsync(expected, Builders.Audited("expected.added"), Ct);
        var visit = Visit.Create("Swiggy rider", Builders.NextPhone(), VisitPurpose.Delivery, expected.Flat, null, null, Guid.NewGuid(), Now.AddMinutes(5), VisitStatus.Approved)
            with { ExpectedId = expected.Id };
        var second = Visit.Create("Another rider", Builders.NextPhone(), VisitPurpose.Delivery, expected.Flat, null, null, Guid.NewGuid(), Now.AddMinutes(6), VisitStatus.Approved)
            with { ExpectedId = expected.Id };

        var used = await Storage.Expected.TryUseAsync(expected.Id, visit, Builders.Audited("expected.used"), Builders.Audited("visit.logged"), Ct);
        var again = await Storage.Expected.TryUseAsync(expected.Id, second, Builders.Audited("expected.used"), Builders.Audited("visit.logged"), Ct);

        Assert.Equal(expected with { UsedAt = visit.CreatedAt, VisitId = visit.Id }, used);
        Assert.Null(again);
        Assert.Equivalent(visit, await Storage.Visits.GetAsync(visit.Id, Ct), strict: true);
        Assert.Null(await Storage.Visits.GetAsync(second.Id, Ct));
        Assert.Equal((1, 1), (await EntriesAsync("expected.used"), await EntriesAsync("visit.logged")));
        Assert.Empty(await Storage.Expected.ListOpenForFlatAsync(expected.Flat, Now, Ct));
        Assert.Null(await Storage.Expected.TryCancelAsync(expected.Id, Now.AddMinutes(7), Builders.Audited("expected.cancelled"), Ct));

        var cancelled = AnExpected(detail: null);
        await Storage.Expected.AddAsync(cancelled, Builders.Audited("expected.added"), Ct);
        Assert.Equal(Now.AddMinutes(8), (await Storage.Expected.TryCancelAsync(cancelled.Id, Now.AddMinutes(8), Builders.Audited("expected.cancelled"), Ct))?.CancelledAt);
        Assert.Null(await Storage.Expected.TryUseAsync(cancelled.Id, second, Builders.Audited("expected.used"), Builders.Audited("visit.logged"), Ct));
        Assert.Null(await Storage.Visits.GetAsync(second.Id, Ct));
        Assert.Equal(1, await EntriesAsync("expected.cancelled"));
    }

    [Fact]
    public async Task RetentionForgetsTheDetailOfExpectationsThatEndedBeforeTheCutoff()
    {
        var (ended, open) = (AnExpected(kind: ExpectedKind.Guest, detail: "Anjali", fromMinutes: -300_000), AnExpected(kind: ExpectedKind.Guest, detail: "Meera"));
        await Storage.Expected.AddAsync(ended, Builders.Audited("expected.added"), Ct);
        await Storage.Expected.AddAsync(open, Builders.Audited("expected.added"), Ct);

        Assert.Equal(1, await Storage.Expected.ForgetEndedBeforeAsync(Now.AddDays(-90), count => Builders.Audited("retention.removed"), Ct));
        Assert.Equal(0, await Storage.Expected.ForgetEndedBeforeAsync(Now.AddDays(-90), count => Builders.Audited("retention.removed"), Ct));

        Assert.Null((await Storage.Expected.GetAsync(ended.Id, Ct))!.Detail);
        Assert.Equal("Meera", (await Storage.Expected.GetAsync(open.Id, Ct))!.Detail);
        Assert.Equal(1, await EntriesAsync("retention.removed"));
    }
}
