using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Visits;
using static SecurityManagement.Tests.Support.Builders;

namespace SecurityManagement.Tests.Core.Storage;

public abstract class VisitStoreContract(ITestStorageEngine engine) : StorageContract(engine)
{
    private IVisitStore Visits => Storage.Visits;

    private static VisitStatusChange Change(VisitStatus from, VisitStatus to, int minutes, Guid? actor = null, string? note = null) =>
        VisitStatusChange.Create(from, to, actor ?? Guid.NewGuid(), Now.AddMinutes(minutes), note);

    [Fact]
    public async Task AddedVisitReadsBackUnchanged()
    {
        var visit = AVisit() with { PassId = Guid.NewGuid() };

        await Visits.AddAsync(visit, null, Ct);

        Assert.Equivalent(visit, await Visits.GetAsync(visit.Id, Ct), strict: true);
        Assert.Null(await Visits.GetAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task StatusChangeAppliesWhenTheStatusIsAsExpectedAndIsRecordedInTheHistory()
    {
        var visit = AVisit();
        await Visits.AddAsync(visit, null, Ct);
        var approve = Change(VisitStatus.Pending, VisitStatus.Approved, 1, note: "by intercom");
        var enter = Change(VisitStatus.Approved, VisitStatus.Inside, 3);

        var approved = await Visits.TryChangeStatusAsync(visit.Id, 0, approve, Audited(), Ct);
        var inside = await Visits.TryChangeStatusAsync(visit.Id, 1, enter, Audited(), Ct);

        Assert.Equal(VisitStatus.Approved, approved?.Status);
        Assert.Equal([approve], approved!.History);
        Assert.Equal(VisitStatus.Inside, inside?.Status);
        Assert.Equal([approve, enter], inside!.History);
        Assert.Equal((Now.AddMinutes(3), Now.AddMinutes(3)), (inside.StatusChangedAt, inside.EntryAt));
        Assert.Equivalent(inside, await Visits.GetAsync(visit.Id, Ct), strict: true);
    }

    [Fact]
    public async Task StatusChangeFromAStaleStatusChangesNothing()
    {
        var visit = AVisit();
        await Visits.AddAsync(visit, null, Ct);
        await Visits.TryChangeStatusAsync(visit.Id, 0, Change(VisitStatus.Pending, VisitStatus.Denied, 1), Audited(), Ct);
        var before = await Visits.GetAsync(visit.Id, Ct);

        var stale = await Visits.TryChangeStatusAsync(visit.Id, 1, Change(VisitStatus.Pending, VisitStatus.Approved, 2), Audited(), Ct);

        Assert.Null(stale);
        Assert.Equivalent(before, await Visits.GetAsync(visit.Id, Ct), strict: true);
    }

    [Fact]
    public async Task StatusChangeOfAnUnknownVisitReportsNull() =>
        Assert.Null(await Visits.TryChangeStatusAsync(Guid.NewGuid(), 0, Change(VisitStatus.Pending, VisitStatus.Approved, 1), Audited(), Ct));

    [Fact]
    public async Task FiftyConcurrentAnswersExactlyOneWins()
    {
        var visit = AVisit();
        await Visits.AddAsync(visit, null, Ct);
        var actors = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToArray();

        var results = await RaceAsync(50, i => Visits.TryChangeStatusAsync(visit.Id, 0,
            Change(VisitStatus.Pending, i % 2 == 0 ? VisitStatus.Approved : VisitStatus.Denied, 1, actors[i]), Audited(), Ct));

        var winner = Assert.Single(results, r => r is not null)!;
        var stored = await Visits.GetAsync(visit.Id, Ct);
        Assert.Equal(winner.Status, stored!.Status);
        Assert.Equal(winner.History.Single().ActorId, Assert.Single(stored.History).ActorId);
    }

    [Fact]
    public async Task PendingForAFlatListsOnlyThatFlatsWaitingVisitsOldestFirst()
    {
        var late = AVisit("A-101", Now.AddMinutes(5));
        var early = AVisit("A-101", Now.AddMinutes(1));
        var otherFlat = AVisit("A-102", Now);
        var answered = AVisit("A-101", Now);
        foreach (var visit in new[] { late, early, otherFlat, answered })
        {
            await Visits.AddAsync(visit, null, Ct);
        }

        await Visits.TryChangeStatusAsync(answered.Id, 0, Change(VisitStatus.Pending, VisitStatus.Approved, 2), Audited(), Ct);

        var pending = await Visits.ListPendingForFlatAsync(FlatCode.Parse("A-101"), Ct);

        Assert.Equal([early.Id, late.Id], pending.Select(v => v.Id));
    }

    [Fact]
    public async Task ByStatusListsLongestInThatStatusFirstUpToTheLimit()
    {
        var visits = Enumerable.Range(0, 4).Select(i => AVisit(createdAt: Now.AddMinutes(i))).ToList();
        foreach (var visit in visits)
        {
            await Visits.AddAsync(visit, null, Ct);
        }

        // Approved in the reverse order of arrival: the board orders by time of approval.
        await Visits.TryChangeStatusAsync(visits[2].Id, 0, Change(VisitStatus.Pending, VisitStatus.Approved, 10), Audited(), Ct);
        await Visits.TryChangeStatusAsync(visits[1].Id, 0, Change(VisitStatus.Pending, VisitStatus.Approved, 11), Audited(), Ct);
        await Visits.TryChangeStatusAsync(visits[0].Id, 0, Change(VisitStatus.Pending, VisitStatus.Approved, 12), Audited(), Ct);

        var approved = await Visits.ListByStatusAsync(VisitStatus.Approved, 2, ct: Ct);
        var waiting = await Visits.ListByStatusAsync(VisitStatus.Pending, 10, ct: Ct);

        Assert.Equal([visits[2].Id, visits[1].Id], approved.Select(v => v.Id));
        Assert.Equal([visits[3].Id], waiting.Select(v => v.Id));
    }

    [Fact]
    public async Task FlatHistoryIsNewestFirstAndPaged()
    {
        var mine = Enumerable.Range(0, 5).Select(i => AVisit("B-201", Now.AddMinutes(i))).ToList();
        foreach (var visit in mine.Append(AVisit("B-202", Now.AddHours(1))))
        {
            await Visits.AddAsync(visit, null, Ct);
        }

        var first = await Visits.ListForFlatAsync(FlatCode.Parse("B-201"), new PageRequest(0, 2), Ct);
        var last = await Visits.ListForFlatAsync(FlatCode.Parse("B-201"), new PageRequest(4, 2), Ct);

        Assert.Equal([mine[4].Id, mine[3].Id], first.Items.Select(v => v.Id));
        Assert.Equal([mine[0].Id], last.Items.Select(v => v.Id));
        Assert.Equal((5, 5), (first.Total, last.Total));
    }

    [Fact]
    public async Task CreatedBetweenIncludesTheStartExcludesTheEndAndIsNewestFirst()
    {
        var before = AVisit(createdAt: Now.AddMilliseconds(-1));
        var atStart = AVisit(createdAt: Now);
        var inside = AVisit(createdAt: Now.AddHours(1));
        var atEnd = AVisit(createdAt: Now.AddDays(1));
        foreach (var visit in new[] { before, atStart, inside, atEnd })
        {
            await Visits.AddAsync(visit, null, Ct);
        }

        var page = await Visits.ListCreatedBetweenAsync(Now, Now.AddDays(1), new PageRequest(0, 10), Ct);
        var second = await Visits.ListCreatedBetweenAsync(Now, Now.AddDays(1), new PageRequest(1, 1), Ct);

        Assert.Equal([inside.Id, atStart.Id], page.Items.Select(v => v.Id));
        Assert.Equal([atStart.Id], second.Items.Select(v => v.Id));
        Assert.Equal((2, 2), (page.Total, second.Total));
    }

    [Fact]
    public async Task CountsVisitsSinceAMomentAndWhoIsInsideOrWaitingNow()
    {
        var yesterday = AVisit(createdAt: Now.AddDays(-1));
        var inside = AVisit(createdAt: Now.AddMinutes(1));
        var waiting = AVisit(createdAt: Now.AddMinutes(2));
        foreach (var visit in new[] { yesterday, inside, waiting })
        {
            await Visits.AddAsync(visit, null, Ct);
        }

        await Visits.TryChangeStatusAsync(inside.Id, 0, Change(VisitStatus.Pending, VisitStatus.Approved, 3), Audited(), Ct);
        await Visits.TryChangeStatusAsync(inside.Id, 1, Change(VisitStatus.Approved, VisitStatus.Inside, 4), Audited(), Ct);

        Assert.Equal(new GateCounts(VisitsSince: 2, InsideNow: 1, Pending: 2), await Visits.CountAsync(Now, Ct));
    }

    [Fact]
    public async Task ReRouteMovesTheVisitToTheNewFlatAndRecordsIt()
    {
        var visit = AVisit("A-101");
        await Visits.AddAsync(visit, null, Ct);
        await Visits.TryChangeStatusAsync(visit.Id, 0, Change(VisitStatus.Pending, VisitStatus.Returned, 1), Audited(), Ct);
        var reroute = VisitStatusChange.Create(VisitStatus.Returned, VisitStatus.Pending, Guid.NewGuid(), Now.AddMinutes(2), null, FlatCode.Parse("B-201"));

        var moved = await Visits.TryChangeStatusAsync(visit.Id, 1, reroute, Audited(), Ct);

        Assert.Equal(("B-201", VisitStatus.Pending), (moved!.Flat.Value, moved.Status));
        Assert.Equal(reroute, moved.History[^1]);
        Assert.Equivalent(moved, await Visits.GetAsync(visit.Id, Ct), strict: true);
        Assert.Equal([visit.Id], (await Visits.ListPendingForFlatAsync(FlatCode.Parse("B-201"), Ct)).Select(v => v.Id));
        Assert.Empty(await Visits.ListPendingForFlatAsync(FlatCode.Parse("A-101"), Ct));
    }

    [Fact]
    public async Task LatestVisitOfAPhoneIsFound()
    {
        var older = AVisit(createdAt: Now);
        var newer = older with { Id = Guid.NewGuid(), CreatedAt = Now.AddDays(1), VisitorName = "Ravi K" };
        await Visits.AddAsync(older, null, Ct);
        await Visits.AddAsync(newer, null, Ct);
        await Visits.AddAsync(AVisit(createdAt: Now.AddDays(2)), null, Ct);

        Assert.Equal(newer.Id, (await Visits.FindLatestByVisitorPhoneAsync(older.VisitorPhone, Ct))?.Id);
        Assert.Null(await Visits.FindLatestByVisitorPhoneAsync(NextPhone(), Ct));
    }

    [Fact]
    public async Task FinishedSinceListsOnlyFinalStatusesReachedSinceThenLatestFirst()
    {
        var before = AVisit();
        var denied = AVisit();
        var cancelled = AVisit();
        var stillPending = AVisit();
        foreach (var visit in new[] { before, denied, cancelled, stillPending })
        {
            await Visits.AddAsync(visit, null, Ct);
        }

        await Visits.TryChangeStatusAsync(before.Id, 0, Change(VisitStatus.Pending, VisitStatus.Expired, 1), Audited(), Ct);
        await Visits.TryChangeStatusAsync(denied.Id, 0, Change(VisitStatus.Pending, VisitStatus.Denied, 10), Audited(), Ct);
        await Visits.TryChangeStatusAsync(cancelled.Id, 0, Change(VisitStatus.Pending, VisitStatus.Cancelled, 11), Audited(), Ct);

        var finished = await Visits.ListFinishedSinceAsync(Now.AddMinutes(5), 10, Ct);
        var limited = await Visits.ListFinishedSinceAsync(Now, 1, Ct);

        Assert.Equal([cancelled.Id, denied.Id], finished.Select(v => v.Id));
        Assert.Equal([cancelled.Id], limited.Select(v => v.Id));
    }

    [Fact]
    public async Task VisitThatMovedOnAndCameBackIsNotMistakenForTheOneSeen()
    {
        var visit = AVisit("A-101");
        await Visits.AddAsync(visit, null, Ct);
        await Visits.TryChangeStatusAsync(visit.Id, 0, Change(VisitStatus.Pending, VisitStatus.Returned, 1), Audited(), Ct);
        await Visits.TryChangeStatusAsync(visit.Id, 1,
            VisitStatusChange.Create(VisitStatus.Returned, VisitStatus.Pending, Guid.NewGuid(), Now.AddMinutes(2), null, FlatCode.Parse("A-102")), Audited(), Ct);

        var stale = await Visits.TryChangeStatusAsync(visit.Id, 0, Change(VisitStatus.Pending, VisitStatus.Approved, 3), Audited(), Ct);

        Assert.Null(stale);
        Assert.Equal((VisitStatus.Pending, 2), ((await Visits.GetAsync(visit.Id, Ct))!.Status, (await Visits.GetAsync(visit.Id, Ct))!.History.Count));
    }

    [Fact]
    public async Task LogSearchFiltersAndPagesAndTheBatchWalkReturnsTheSameRows()
    {
        var visits = new List<Visit>();
        for (var i = 0; i < 7; i++)
        {
            var visit = AVisit(i % 2 == 0 ? "A-101" : "A-102", Now.AddMinutes(-i), name: $"Visitor {i}",
                purpose: i < 3 ? VisitPurpose.Guest : VisitPurpose.Delivery);
            visits.Add(visit);
            await Visits.AddAsync(visit, null, Ct);
        }

        // Two at the same moment: the walk must order them by id and lose neither.
        var twin = AVisit("A-101", Now.AddMinutes(-2), name: "Visitor twin");
        await Visits.AddAsync(twin, null, Ct);
        var filter = new VisitLogFilter(Flat: FlatCode.Parse("A-101"));

        var walked = new List<Visit>();
        VisitCursor? after = null;
        while (true)
        {
            var batch = await Visits.SearchAsync(filter, after, 2, Ct);
            walked.AddRange(batch);
            if (batch.Count < 2)
            {
                break;
            }

            after = new VisitCursor(batch[^1].CreatedAt, batch[^1].Id);
        }

        var expected = visits.Where(v => v.Flat.Value == "A-101").Append(twin)
            .OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id).Select(v => v.Id).ToList();
        Assert.Equal(5, await Visits.CountAsync(filter, 100, Ct));
        Assert.Equal(3, await Visits.CountAsync(filter, 3, Ct));
        Assert.Equal(expected, walked.Select(v => v.Id));
        Assert.Equal(4, await Visits.CountAsync(new VisitLogFilter(Purpose: VisitPurpose.Guest), 100, Ct));
        Assert.Equal(["Visitor 3"], (await Visits.SearchAsync(new VisitLogFilter(Text: "TOR 3"), null, 10, Ct)).Select(v => v.VisitorName));
        Assert.Equal(2, await Visits.CountAsync(new VisitLogFilter(From: Now.AddMinutes(-1), To: Now.AddMinutes(1)), 100, Ct));
    }

    [Fact]
    public async Task ExportRowsSayWhatTheVisitsSayWithoutReadingTheirHistories()
    {
        var completed = AVisit("A-101", Now.AddMinutes(-4), name: "Went in and out");
        var denied = AVisit("A-102", Now.AddMinutes(-3), name: "Turned away");
        var rerouted = AVisit("A-101", Now.AddMinutes(-2), name: "Sent to the right flat");
        var waiting = AVisit("B-201", Now.AddMinutes(-1), name: "Still waiting");
        foreach (var visit in new[] { completed, denied, rerouted, waiting })
        {
            await Visits.AddAsync(visit, null, Ct);
        }

        await Visits.TryChangeStatusAsync(completed.Id, 0, Change(VisitStatus.Pending, VisitStatus.Approved, 1), Audited(), Ct);
        await Visits.TryChangeStatusAsync(completed.Id, 1, Change(VisitStatus.Approved, VisitStatus.Inside, 2), Audited(), Ct);
        await Visits.TryChangeStatusAsync(completed.Id, 2, Change(VisitStatus.Inside, VisitStatus.Completed, 3), Audited(), Ct);
        await Visits.TryChangeStatusAsync(denied.Id, 0, Change(VisitStatus.Pending, VisitStatus.Denied, 1, note: "Not expecting anyone"), Audited(), Ct);
        await Visits.TryChangeStatusAsync(rerouted.Id, 0, Change(VisitStatus.Pending, VisitStatus.Returned, 1), Audited(), Ct);
        await Visits.TryChangeStatusAsync(rerouted.Id, 1,
            VisitStatusChange.Create(VisitStatus.Returned, VisitStatus.Pending, Guid.NewGuid(), Now.AddMinutes(2), null, FlatCode.Parse("A-102")), Audited(), Ct);
        await Visits.TryChangeStatusAsync(rerouted.Id, 2, Change(VisitStatus.Pending, VisitStatus.Approved, 3), Audited(), Ct);

        foreach (var filter in new[] { new VisitLogFilter(), new VisitLogFilter(Flat: FlatCode.Parse("A-102")), new VisitLogFilter(Text: "flat") })
        {
            var expected = (await Visits.SearchAsync(filter, null, 10, Ct)).Select(VisitLogRow.Of).ToList();
            Assert.Equal(expected, await Visits.ExportAsync(filter, null, 10, Ct));
            Assert.Equal(expected.Skip(1), await Visits.ExportAsync(filter, new VisitCursor(expected[0].CreatedAt, expected[0].Id), 10, Ct));
        }

        var rows = (await Visits.ExportAsync(new VisitLogFilter(), null, 10, Ct)).ToDictionary(r => r.Id);
        Assert.NotNull(rows[completed.Id].EnteredAt);
        Assert.NotNull(rows[completed.Id].LeftAt);
        Assert.NotNull(rows[denied.Id].AnsweredBy);
        Assert.Null(rows[waiting.Id].AnsweredBy);
        Assert.Equal("A-102", rows[rerouted.Id].Flat);
    }

    [Fact]
    public async Task VisitsRecordTheirGatesAndTheBoardsAndTheLogFilterByThem()
    {
        var (main, service) = (Guid.NewGuid(), Guid.NewGuid());
        var atMain = AVisit("A-101", Now.AddMinutes(-3), name: "Logged at main") with { Gate = main };
        var atService = AVisit("A-102", Now.AddMinutes(-2), name: "Logged at service") with { Gate = service };
        var beforeGates = AVisit("B-201", Now.AddMinutes(-1), name: "Logged before gates");
        foreach (var visit in new[] { atMain, atService, beforeGates })
        {
            await Visits.AddAsync(visit, null, Ct);
        }

        Assert.Equivalent(atMain, await Visits.GetAsync(atMain.Id, Ct), strict: true);
        Assert.Equal([atService.Id, beforeGates.Id], (await Visits.ListByStatusAsync(VisitStatus.Pending, 10, [main], Ct)).Select(v => v.Id));
        Assert.Equal([beforeGates.Id], (await Visits.ListByStatusAsync(VisitStatus.Pending, 10, [main, service], Ct)).Select(v => v.Id));
        Assert.Equal([atMain.Id, atService.Id, beforeGates.Id], (await Visits.ListByStatusAsync(VisitStatus.Pending, 10, ct: Ct)).Select(v => v.Id));

        await Visits.TryChangeStatusAsync(atMain.Id, 0, Change(VisitStatus.Pending, VisitStatus.Approved, 1), Audited(), Ct);
        await Visits.TryChangeStatusAsync(atMain.Id, 1, Change(VisitStatus.Approved, VisitStatus.Inside, 2) with { Gate = main }, Audited(), Ct);
        var left = await Visits.TryChangeStatusAsync(atMain.Id, 2, Change(VisitStatus.Inside, VisitStatus.Completed, 3) with { Gate = service }, Audited(), Ct);

        Assert.Equal((main, service), (left!.Gate, left.ExitGate));
        var stored = (await Visits.GetAsync(atMain.Id, Ct))!;
        Assert.Equal([null, main, service], stored.History.Select(c => c.Gate));
        Assert.Equal([atMain.Id], (await Visits.SearchAsync(new VisitLogFilter(Gate: main), null, 10, Ct)).Select(v => v.Id));
        Assert.Equal(1, await Visits.CountAsync(new VisitLogFilter(Gate: service), 10, Ct));
        var row = Assert.Single(await Visits.ExportAsync(new VisitLogFilter(Gate: main), null, 10, Ct));
        Assert.Equal(VisitLogRow.Of(stored), row);
        Assert.Equal((main, service), (row.Gate, row.ExitGate));
    }

    [Fact]
    public async Task LogSearchFindsPartOfANameInAnyCaseOrTheStartOfAPhoneAndFollowsRenames()
    {
        var anand = AVisit("A-101", Now, name: "Anand O\"Brien-Kulkarni") with { VisitorPhone = PhoneNumber.Parse("9876512345") };
        var sita = AVisit("A-102", Now.AddMinutes(-1), name: "सीता देवी") with { VisitorPhone = PhoneNumber.Parse("9123456789") };
        var old = AVisit("A-102", Now.AddDays(-400), name: "Kulkarni Senior") with { Status = VisitStatus.Completed };
        foreach (var visit in new[] { anand, sita, old })
        {
            await Visits.AddAsync(visit, null, Ct);
        }

        async Task<IEnumerable<Guid>> Find(string text) => (await Visits.SearchAsync(new VisitLogFilter(Text: text), null, 10, Ct)).Select(v => v.Id);

        Assert.Equal([anand.Id, old.Id], await Find("kulKARNI"));
        Assert.Equal([anand.Id], await Find("o\"brien"));
        Assert.Equal([sita.Id], await Find("सीता"));
        Assert.Equal([anand.Id], await Find("98765"));
        Assert.Empty(await Find("876"));
        Assert.Empty(await Find("Nobody"));
        Assert.Equal([old.Id], (await Visits.SearchAsync(new VisitLogFilter(Flat: FlatCode.Parse("A-102"), Text: "karni"), null, 10, Ct)).Select(v => v.Id));
        Assert.Equal([anand.Id], (await Visits.SearchAsync(new VisitLogFilter(From: Now.AddDays(-1), Text: "karni"), null, 10, Ct)).Select(v => v.Id));
        Assert.Equal([old.Id], (await Visits.SearchAsync(new VisitLogFilter(Status: VisitStatus.Completed, Text: "karni"), null, 10, Ct)).Select(v => v.Id));
        var first = Assert.Single(await Visits.SearchAsync(new VisitLogFilter(Text: "karni"), null, 1, Ct));
        var next = Assert.Single(await Visits.SearchAsync(new VisitLogFilter(Text: "karni"), new VisitCursor(first.CreatedAt, first.Id), 1, Ct));
        Assert.Equal([anand.Id, old.Id], [first.Id, next.Id]);
        Assert.Empty(await Visits.SearchAsync(new VisitLogFilter(Text: "karni"), new VisitCursor(next.CreatedAt, next.Id), 1, Ct));
        Assert.Equal(2, await Visits.CountAsync(new VisitLogFilter(Text: "karni"), 10, Ct));
        Assert.Equal(1, await Visits.CountAsync(new VisitLogFilter(Text: "karni"), 1, Ct));
        Assert.Equal(1, await Visits.CountAsync(new VisitLogFilter(Purpose: VisitPurpose.Guest, To: Now.AddDays(-1), Text: "karni"), 10, Ct));

        await Visits.ForgetVisitorsBeforeAsync(Now.AddDays(-180), n => Audited(), Ct);

        Assert.Equal([anand.Id], await Find("kulkarni"));
        Assert.Equal(1, await Visits.CountAsync(new VisitLogFilter(Text: "removed"), 10, Ct));
    }

    [Fact]
    public async Task VisitsAreCountedPerLocalHour()
    {
        // Now is 09:30 UTC: 15:00 in India (UTC+05:30). Four visits fall in 15:00-16:00, one at 16:35.
        var india = TimeSpan.FromHours(5.5);
        foreach (var minutes in new[] { 0, 10, 29, 30, 95 })
        {
            await Visits.AddAsync(AVisit(createdAt: Now.AddMinutes(minutes)), null, Ct);
        }

        await Visits.AddAsync(AVisit(createdAt: Now.AddDays(-3)), null, Ct);

        var hours = await Visits.CountByHourAsync(Now, Now.AddHours(3), india, Ct);

        var firstLocalHour = (Now + india).ToUnixTimeMilliseconds() / 3_600_000;
        Assert.Equal([new HourCount(firstLocalHour, 4), new HourCount(firstLocalHour + 1, 1)], hours);
    }

    [Fact]
    public async Task ForgettingVisitorsRemovesPersonalDataOfFinishedVisitsBeforeTheCutoffOnly()
    {
        var old = AVisit(createdAt: Now.AddDays(-10));
        var recent = AVisit(createdAt: Now);
        var stillInside = AVisit(createdAt: Now.AddDays(-10), startAs: VisitStatus.Approved);
        await Visits.AddAsync(old, null, Ct);
        await Visits.AddAsync(recent, null, Ct);
        await Visits.AddAsync(stillInside, null, Ct);
        await Visits.TryChangeStatusAsync(stillInside.Id, 0, Change(VisitStatus.Approved, VisitStatus.Inside, -14000), Audited(), Ct);
        await Visits.TryChangeStatusAsync(old.Id, 0, Change(VisitStatus.Pending, VisitStatus.Denied, -14399, note: "Rude to the guard"), Audited(), Ct);

        Assert.Equal(1, await Visits.ForgetVisitorsBeforeAsync(Now.AddDays(-1), _ => Audited(), Ct));
        Assert.Equal(0, await Visits.ForgetVisitorsBeforeAsync(Now.AddDays(-1), _ => Audited(), Ct));

        var forgotten = await Visits.GetAsync(old.Id, Ct);
        Assert.Equal((Visit.ForgottenName, Visit.ForgottenPhone, (string?)null, (string?)null, (string?)null),
            (forgotten!.VisitorName, forgotten.VisitorPhone, forgotten.VehicleNumber, forgotten.Note, forgotten.History.Single().Note));
        Assert.Equal((VisitStatus.Denied, old.Flat), (forgotten.Status, forgotten.Flat));
        Assert.Equivalent(recent, await Visits.GetAsync(recent.Id, Ct), strict: true);
        Assert.Equal(stillInside.VisitorName, (await Visits.GetAsync(stillInside.Id, Ct))!.VisitorName);
    }
}
