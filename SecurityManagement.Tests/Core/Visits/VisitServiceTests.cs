using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Visits;

public sealed class VisitServiceTests : IAsyncLifetime
{
    private CoreHarness _core = null!;
    private User _guard = null!;
    private User _priya = null!;
    private User _rahul = null!;
    private User _neighbour = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Actor A(User user) => CoreHarness.ActorOf(user);

    public async ValueTask InitializeAsync()
    {
        _core = await CoreHarness.CreateAsync();
        _guard = await _core.AddUserAsync(Role.Guard);
        _priya = await _core.AddUserAsync(Role.Resident, flat: "A-101");
        _rahul = await _core.AddUserAsync(Role.Resident, flat: "A-101");
        _neighbour = await _core.AddUserAsync(Role.Resident, flat: "A-102");
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Fact]
    public async Task GuardLogsAVisitorWhoWaitsForTheFlatAndEveryScreenIsTold()
    {
        var visit = await _core.Visits.LogAsync(A(_guard),
            new VisitRequest(" 9811100001 ", " Ravi ", VisitPurpose.Delivery, "a-101", "ka01ab1234", "Parcel"), Ct);

        Assert.Equal((VisitStatus.Pending, "A-101", "Ravi", _guard.Id), (visit.Status, visit.Flat.Value, visit.VisitorName, visit.LoggedBy));
        Assert.Equal([visit.Id], (await _core.Visits.GetPendingAsync(A(_priya), Ct)).Select(v => v.Id));
        Assert.Contains(_core.Live.Published, p => p.Topic == Topics.Flat(visit.Flat) && p.Event is VisitChanged);
        Assert.Contains(_core.Live.Published, p => p.Topic == Topics.Gate && p.Event is VisitChanged);
        var audit = await _core.Storage.Audit.ListAsync(new AuditFilter(Action: "visit.logged"), new PageRequest(0, 5), Ct);
        var entry = Assert.Single(audit.Items);

        // The permanent trail names the visit and flat, never the visitor (retention could not remove it there).
        Assert.Equal(($"visit:{visit.Id}", "for A-101"), (entry.Subject, entry.Details));
    }

    [Fact]
    public async Task EveryBadFieldIsReportedAndNothingIsStored()
    {
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() =>
            _core.Visits.LogAsync(A(_guard), new VisitRequest("98111", " ", null, "Z-404", new string('K', 21), null), Ct));

        Assert.Equal(["flat", "phone", "purpose", "vehicleNumber", "visitorName"], ex.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("There is no flat Z-404 in the society's directory.", _core.English(ex.Errors["flat"]));
        Assert.Equal(new GateCounts(0, 0, 0), await _core.Storage.Visits.CountAsync(DateTimeOffset.UnixEpoch, Ct));
    }

    [Fact]
    public async Task APhoneSeenBeforeFillsInTheLastNameAndFlat()
    {
        var first = await _core.Visits.LogAsync(A(_guard), new VisitRequest("9811100001", "Ravi", VisitPurpose.Delivery, "A-101", null, null), Ct);
        _core.Clock.Advance(TimeSpan.FromMinutes(1));
        await _core.Visits.LogAsync(A(_guard), new VisitRequest("9811100001", "Ravi K", VisitPurpose.Delivery, "A-102", null, null), Ct);

        var found = await _core.Visits.FindVisitorAsync(A(_guard), "9811100001", Ct);

        Assert.Equal(("Ravi K", "A-102"), (found!.VisitorName, found.Flat.Value));
        Assert.Null(await _core.Visits.FindVisitorAsync(A(_guard), "9811100002", Ct));
        Assert.Null(await _core.Visits.FindVisitorAsync(A(_guard), "123", Ct));
        Assert.NotEqual(first.Id, found.Id);
    }

    [Fact]
    public async Task FirstAnswerWinsAndTheOtherResidentIsToldWhoDecidedWhat()
    {
        var visit = await _core.LogVisitAsync(_guard);

        await _core.Visits.ApproveAsync(A(_priya), visit.Id, Ct);
        var ex = await Assert.ThrowsAsync<ConflictException>(() => _core.Visits.DenyAsync(A(_rahul), visit.Id, "Not expecting anyone", Ct));

        Assert.StartsWith($"{_priya.FullName} already approved this visit at 09:30", _core.English(ex.Problem), StringComparison.Ordinal);
        Assert.Equal(VisitStatus.Approved, (await _core.Storage.Visits.GetAsync(visit.Id, Ct))!.Status);
    }

    [Fact]
    public async Task HundredParallelAnswersExactlyOneWins()
    {
        var visit = await _core.LogVisitAsync(_guard);
        var residents = new List<User>();
        for (var i = 0; i < 10; i++)
        {
            residents.Add(await _core.AddUserAsync(Role.Resident, flat: "A-101"));
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            try
            {
                var resident = A(residents[i % 10]);
                return i % 2 == 0
                    ? await _core.Visits.ApproveAsync(resident, visit.Id, Ct)
                    : await _core.Visits.DenyAsync(resident, visit.Id, "Not home", Ct);
            }
            catch (ConflictException)
            {
                return null;
            }
        }, Ct)));

        var winner = Assert.Single(results, r => r is not null)!;
        var stored = await _core.Storage.Visits.GetAsync(visit.Id, Ct);
        Assert.Equal(winner.Status, stored!.Status);
        Assert.Single(stored.History);
    }

    [Fact]
    public async Task ResidentOfAnotherFlatCanNeitherSeeNorAnswer()
    {
        var visit = await _core.LogVisitAsync(_guard, "A-101");

        Assert.Empty(await _core.Visits.GetPendingAsync(A(_neighbour), Ct));
        Assert.Equal(0, (await _core.Visits.GetHistoryAsync(A(_neighbour), new PageRequest(0, 10), Ct)).Total);
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Visits.ApproveAsync(A(_neighbour), visit.Id, Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Visits.DenyAsync(A(_neighbour), visit.Id, "No", Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Visits.NotForUsAsync(A(_neighbour), visit.Id, Ct));
        Assert.Equal(VisitStatus.Pending, (await _core.Storage.Visits.GetAsync(visit.Id, Ct))!.Status);
    }

    [Theory]
    [InlineData(UserStatus.PendingApproval)]
    [InlineData(UserStatus.Deactivated)]
    public async Task OnlyActiveResidentsAnswer(UserStatus status)
    {
        var inactive = await _core.AddUserAsync(Role.Resident, status, "A-101");
        var visit = await _core.LogVisitAsync(_guard);

        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Visits.ApproveAsync(A(inactive), visit.Id, Ct));
    }

    [Fact]
    public async Task GuardCannotApproveForTheFlatWithoutANote()
    {
        var visit = await _core.LogVisitAsync(_guard);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Visits.ApproveForFlatAsync(A(_guard), visit.Id, "  ", ct: Ct));
        var approved = await _core.Visits.ApproveForFlatAsync(A(_guard), visit.Id, "Confirmed by intercom", ct: Ct);

        Assert.Equal("note", ex.Field);
        Assert.Equal((VisitStatus.Approved, "Confirmed by intercom", _guard.Id), (approved.Status, approved.History[^1].Note, approved.History[^1].ActorId));
    }

    [Fact]
    public async Task ApprovedVisitorGoesInAndOutWithBothTimesRecorded()
    {
        var visit = await _core.LogVisitAsync(_guard);
        await _core.Visits.ApproveAsync(A(_priya), visit.Id, Ct);
        _core.Clock.Advance(TimeSpan.FromMinutes(1));
        var inside = await _core.Visits.CheckInAsync(A(_guard), visit.Id, ct: Ct);
        _core.Clock.Advance(TimeSpan.FromMinutes(20));

        var done = await _core.Visits.CheckOutAsync(A(_guard), visit.Id, ct: Ct);

        Assert.Equal(VisitStatus.Inside, inside.Status);
        Assert.Equal((VisitStatus.Completed, Builders.Now.AddMinutes(1), Builders.Now.AddMinutes(21)), (done.Status, done.EntryAt, done.ExitAt));
    }

    [Theory]
    [InlineData(VisitStatus.Denied)]
    [InlineData(VisitStatus.Cancelled)]
    [InlineData(VisitStatus.Expired)]
    [InlineData(VisitStatus.Pending)]
    public async Task NoCheckInUnlessApproved(VisitStatus status)
    {
        var visit = await VisitInAsync(status);

        await Assert.ThrowsAsync<ConflictException>(() => _core.Visits.CheckInAsync(A(_guard), visit.Id, ct: Ct));

        Assert.Equal(status, (await _core.Storage.Visits.GetAsync(visit.Id, Ct))!.Status);
    }

    [Theory]
    [InlineData(VisitStatus.Pending)]
    [InlineData(VisitStatus.Approved)]
    [InlineData(VisitStatus.Completed)]
    public async Task CheckOutOnlyWhenInside(VisitStatus status)
    {
        var visit = await VisitInAsync(status);

        await Assert.ThrowsAsync<ConflictException>(() => _core.Visits.CheckOutAsync(A(_guard), visit.Id, ct: Ct));
    }

    [Fact]
    public async Task NotForUsSendsTheVisitBackToTheGuardWhoReRoutesIt()
    {
        var visit = await _core.LogVisitAsync(_guard, "A-101");

        var returned = await _core.Visits.NotForUsAsync(A(_priya), visit.Id, Ct);
        var boards = await _core.Visits.GetBoardsAsync(A(_guard), ct: Ct);
        var rerouted = await _core.Visits.RerouteAsync(A(_guard), visit.Id, "a-102", ct: Ct);

        Assert.Equal(VisitStatus.Returned, returned.Status);
        Assert.Equal([visit.Id], boards.Waiting.Select(v => v.Id));
        Assert.Equal((VisitStatus.Pending, "A-102"), (rerouted.Status, rerouted.Flat.Value));
        Assert.Empty(await _core.Visits.GetPendingAsync(A(_priya), Ct));
        Assert.Equal([visit.Id], (await _core.Visits.GetPendingAsync(A(_neighbour), Ct)).Select(v => v.Id));
        Assert.Contains(_core.Live.Published, p => p.Topic == Topics.Flat(FlatCode.Parse("A-101")) && p.Event is VisitChanged { Visit.Status: VisitStatus.Pending });
    }

    [Fact]
    public async Task ReRoutingToAFlatOutsideTheDirectoryIsRefused()
    {
        var visit = await _core.LogVisitAsync(_guard);
        await _core.Visits.NotForUsAsync(A(_priya), visit.Id, Ct);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Visits.RerouteAsync(A(_guard), visit.Id, "Z-1", ct: Ct));

        Assert.Equal("flat", ex.Field);
        Assert.Equal(VisitStatus.Returned, (await _core.Storage.Visits.GetAsync(visit.Id, Ct))!.Status);
    }

    [Fact]
    public async Task DenialNeedsAReason()
    {
        var visit = await _core.LogVisitAsync(_guard);

        Assert.Equal("reason", (await Assert.ThrowsAsync<InvalidInputException>(() => _core.Visits.DenyAsync(A(_priya), visit.Id, "", Ct))).Field);
    }

    [Fact]
    public async Task UnansweredAfterSixtySeconds()
    {
        var visit = await _core.LogVisitAsync(_guard);

        _core.Clock.Advance(TimeSpan.FromSeconds(59));
        var at59 = _core.Visits.IsUnanswered(visit);
        _core.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.False(at59);
        Assert.True(_core.Visits.IsUnanswered(visit));
    }

    [Fact]
    public async Task UnansweredVisitsExpireAfterFifteenMinutesAndLeaveTheBoards()
    {
        var old = await _core.LogVisitAsync(_guard, name: "Early");
        _core.Clock.Advance(TimeSpan.FromMinutes(5));
        var later = await _core.LogVisitAsync(_guard, name: "Later");
        var approved = await _core.LogVisitAsync(_guard, name: "Approved");
        await _core.Visits.ApproveAsync(A(_priya), approved.Id, Ct);

        _core.Clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        var none = await _core.Visits.ExpireOverdueAsync(Ct);
        _core.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var one = await _core.Visits.ExpireOverdueAsync(Ct);

        Assert.Equal((0, 1), (none, one));
        Assert.Equal(VisitStatus.Expired, (await _core.Storage.Visits.GetAsync(old.Id, Ct))!.Status);
        var boards = await _core.Visits.GetBoardsAsync(A(_guard), ct: Ct);
        Assert.Equal([later.Id], boards.Waiting.Select(v => v.Id));
        Assert.Contains(boards.RecentlyDone, v => v.Id == old.Id);
        Assert.Null((await _core.Storage.Visits.GetAsync(old.Id, Ct))!.History.Single().ActorId);
    }

    [Fact]
    public async Task ApprovedVisitorsWhoNeverCameAndReturnedRequestsNobodyReroutedAreClosedAfterTwelveHours()
    {
        var approved = await _core.Visits.ApproveAsync(A(_priya), (await _core.LogVisitAsync(_guard, name: "Never came")).Id, Ct);
        var returned = await _core.Visits.NotForUsAsync(A(_priya), (await _core.LogVisitAsync(_guard, name: "Wrong flat")).Id, Ct);
        var inside = await _core.Visits.CheckInAsync(A(_guard), (await _core.Visits.ApproveAsync(A(_priya), (await _core.LogVisitAsync(_guard, name: "Inside")).Id, Ct)).Id, ct: Ct);

        _core.Clock.Advance(TimeSpan.FromHours(12) - TimeSpan.FromMilliseconds(1));
        var before = await _core.Visits.ExpireOverdueAsync(Ct);
        _core.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var after = await _core.Visits.ExpireOverdueAsync(Ct);

        Assert.Equal((0, 2), (before, after));
        foreach (var visit in new[] { approved, returned })
        {
            var closed = (await _core.Storage.Visits.GetAsync(visit.Id, Ct))!;
            Assert.Equal((VisitStatus.Expired, (Guid?)null, "Not used within 12 hours"), (closed.Status, closed.History[^1].ActorId, closed.History[^1].Note));
        }

        Assert.Equal(VisitStatus.Inside, (await _core.Storage.Visits.GetAsync(inside.Id, Ct))!.Status);
        var boards = await _core.Visits.GetBoardsAsync(A(_guard), ct: Ct);
        Assert.Empty(boards.Approved);
        Assert.Empty(boards.Waiting);
        Assert.Equal(2, (await _core.Storage.Audit.ListAsync(new AuditFilter(Action: "visit.expired"), new PageRequest(0, 5), Ct)).Total);
    }

    [Fact]
    public async Task TheClosingTimeIsASetting()
    {
        _core.Gate.CloseUnusedAfter = TimeSpan.FromHours(2);
        var approved = await _core.Visits.ApproveAsync(A(_priya), (await _core.LogVisitAsync(_guard)).Id, Ct);

        _core.Clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal(1, await _core.Visits.ExpireOverdueAsync(Ct));
        Assert.Equal("Not used within 2 hours", (await _core.Storage.Visits.GetAsync(approved.Id, Ct))!.History[^1].Note);
    }

    [Fact]
    public async Task TodayListsEveryVisitOfTheFlatSinceMidnightHoweverLongTheHistory()
    {
        var flat = FlatCode.Parse("A-101");
        for (var i = 0; i < 60; i++)
        {
            await _core.Storage.Visits.AddAsync(Support.Builders.AVisit(createdAt: Support.Builders.Now.AddDays(-1).AddMinutes(-i)), null, Ct);
        }

        var today = new List<Guid>();
        for (var i = 0; i < 55; i++)
        {
            today.Add((await _core.LogVisitAsync(_guard)).Id);
            _core.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        await _core.LogVisitAsync(_guard, flat: "A-102");

        var listed = await _core.Visits.GetTodayAsync(A(_priya), Ct);

        Assert.Equal(Enumerable.Reverse(today), listed.Select(v => v.Visit.Id));
        Assert.All(listed, v => Assert.Equal(flat, v.Visit.Flat));
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Visits.GetTodayAsync(A(_guard), Ct));
    }

    [Fact]
    public async Task TodaySaysWhoAnsweredAndWhy()
    {
        var denied = await _core.Visits.DenyAsync(A(_priya), (await _core.LogVisitAsync(_guard)).Id, "Not expecting anyone", Ct);
        var approved = await _core.Visits.ApproveAsync(A(_rahul), (await _core.LogVisitAsync(_guard)).Id, Ct);
        var waiting = await _core.LogVisitAsync(_guard);

        var today = (await _core.Visits.GetTodayAsync(A(_rahul), Ct)).ToDictionary(v => v.Visit.Id);

        Assert.Equal((_priya.FullName, "Not expecting anyone"), (today[denied.Id].AnsweredBy, today[denied.Id].Answer!.Note));
        Assert.Equal((_rahul.FullName, VisitStatus.Approved), (today[approved.Id].AnsweredBy, today[approved.Id].Answer!.To));
        Assert.Null(today[waiting.Id].Answer);
    }

    [Fact]
    public async Task AReasonOrNoteLongerThanALineIsRefusedAndNothingChanges()
    {
        var visit = await _core.LogVisitAsync(_guard);
        var essay = new string('x', VisitService.MaxReasonLength + 1);

        var denied = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Visits.DenyAsync(A(_priya), visit.Id, essay, Ct));
        var approved = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Visits.ApproveForFlatAsync(A(_guard), visit.Id, essay, ct: Ct));

        Assert.Equal(("reason", "The reason can be at most 200 characters."), (denied.Field, _core.English(denied.Errors["reason"])));
        Assert.Equal("note", approved.Field);
        Assert.Equal(VisitStatus.Pending, (await _core.Storage.Visits.GetAsync(visit.Id, Ct))!.Status);
    }

    [Theory]
    [InlineData(Role.Resident)]
    [InlineData(Role.Admin)]
    [InlineData(Role.SuperAdmin)]
    public async Task OnlyGuardsWorkTheGate(Role role)
    {
        var other = A(await _core.AddUserAsync(role));
        var visit = await _core.LogVisitAsync(_guard);
        await _core.Visits.ApproveAsync(A(_priya), visit.Id, Ct);

        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Visits.LogAsync(other, new VisitRequest("9811100001", "X", VisitPurpose.Cab, "A-101", null, null), Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Visits.GetBoardsAsync(other, ct: Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Visits.CheckInAsync(other, visit.Id, ct: Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Visits.ApproveForFlatAsync(other, visit.Id, "note", ct: Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Visits.GetFlatContactsAsync(other, visit.Flat, Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Visits.FindVisitorAsync(other, "9811100001", Ct));
    }

    [Theory]
    [InlineData(Role.Guard)]
    [InlineData(Role.Admin)]
    [InlineData(Role.SuperAdmin)]
    public async Task OnlyResidentsAnswer(Role role)
    {
        var other = A(await _core.AddUserAsync(role));
        var visit = await _core.LogVisitAsync(_guard);

        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Visits.ApproveAsync(other, visit.Id, Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Visits.GetPendingAsync(other, Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Visits.GetHistoryAsync(other, new PageRequest(0, 5), Ct));
    }

    [Fact]
    public async Task DeactivatedGuardIsRefused()
    {
        var guard = await _core.AddUserAsync(Role.Guard, UserStatus.Deactivated);

        await Assert.ThrowsAsync<NotAllowedException>(() => _core.LogVisitAsync(guard));
    }

    [Fact]
    public async Task GuardCallsTheFlatsActiveResidents()
    {
        await _core.AddUserAsync(Role.Resident, UserStatus.PendingApproval, "A-101");

        var contacts = await _core.Visits.GetFlatContactsAsync(A(_guard), FlatCode.Parse("A-101"), Ct);

        Assert.Equal(new[] { _priya.Id, _rahul.Id }.Order(), contacts.Select(c => c.Id).Order());
    }

    private async Task<Visit> VisitInAsync(VisitStatus status)
    {
        var visit = await _core.LogVisitAsync(_guard);
        switch (status)
        {
            case VisitStatus.Denied:
                return await _core.Visits.DenyAsync(A(_priya), visit.Id, "No", Ct);
            case VisitStatus.Cancelled:
                return await _core.Visits.CancelAsync(A(_guard), visit.Id, null, ct: Ct);
            case VisitStatus.Expired:
                _core.Clock.Advance(_core.Gate.ExpireAfter);
                await _core.Visits.ExpireOverdueAsync(Ct);
                return (await _core.Storage.Visits.GetAsync(visit.Id, Ct))!;
            case VisitStatus.Approved:
                return await _core.Visits.ApproveAsync(A(_priya), visit.Id, Ct);
            case VisitStatus.Completed:
                await _core.Visits.ApproveAsync(A(_priya), visit.Id, Ct);
                await _core.Visits.CheckInAsync(A(_guard), visit.Id, ct: Ct);
                return await _core.Visits.CheckOutAsync(A(_guard), visit.Id, ct: Ct);
            default:
                return visit;
        }
    }
}
