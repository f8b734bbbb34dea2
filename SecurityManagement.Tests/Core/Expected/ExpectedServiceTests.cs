using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Expected;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Reach;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Expected;

/// <summary>Expected visitors on a fake clock: the window, what fits, once only, and who may do what.</summary>
public sealed class ExpectedServiceTests : IAsyncLifetime
{
    private CoreHarness _core = null!;
    private Actor _priya = null!;
    private Actor _guard = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreHarness.CreateAsync();
        _priya = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Resident, flat: "A-101"));
        _guard = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Guard));
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    private Task<Visit> LogAsync(string name, VisitPurpose purpose, string flat = "A-101", string? vehicle = null) =>
        _core.Visits.LogAsync(_guard, new VisitRequest(Builders.NextPhone().Value, name, purpose, flat, vehicle, null), Ct);

    private Task<ExpectedVisitor> ExpectAsync(ExpectedKind kind, string? detail = null, TimeSpan? window = null, DateTimeOffset? from = null) =>
        _core.Expected.ExpectAsync(_priya, new ExpectRequest(kind, detail, from, window), Ct);

    [Fact]
    public async Task AnExpectedSwiggyRiderStartsApprovedOnceAndTheFlatIsToldItArrived()
    {
        var swiggy = await ExpectAsync(ExpectedKind.Delivery, " Swiggy ");

        var other = await LogAsync("Zomato rider", VisitPurpose.Delivery);
        var rider = await LogAsync("SWIGGY rider Ravi", VisitPurpose.Delivery);
        var second = await LogAsync("Swiggy rider Amit", VisitPurpose.Delivery);

        Assert.Equal((VisitStatus.Pending, VisitStatus.Approved, VisitStatus.Pending), (other.Status, rider.Status, second.Status));
        Assert.Equal(swiggy.Id, rider.ExpectedId);
        Assert.Equal((swiggy.From, swiggy.From + ExpectedVisitor.DefaultWindow, "Swiggy"), (swiggy.From, swiggy.Until, swiggy.Detail));
        Assert.Equal(rider.Id, (await _core.Storage.Expected.GetAsync(swiggy.Id, Ct))!.VisitId);
        Assert.Empty(await _core.Expected.ListMineAsync(_priya, Ct));
        Assert.Contains(_core.Alerts.Changed, v => v.Id == rider.Id && v.Status == VisitStatus.Approved);
        Assert.Contains(_core.Live.Published, p => p is { Topic: "flat:A-101", Event: VisitChanged { Visit.ExpectedId: not null } });
        Assert.Contains(_core.Live.Published, p => p is { Topic: Topics.Gate, Event: ExpectedChanged });

        // The flat's phones are told it arrived (the doorbell works the queue the gate hands it).
        await _core.Storage.Reach.SaveDeviceAsync(new PushDevice
        {
            Endpoint = "https://push.example/priya", P256dh = "key", Auth = "auth", UserId = _priya.UserId, CreatedAt = _core.Clock.GetUtcNow(),
        }, Ct);
        await _core.Doorbell.HandleAsync(rider, Ct);
        var pushed = Assert.Single(_core.Push.Sent);
        Assert.Contains("\"type\":\"arrived\"", pushed.Payload.Json, StringComparison.Ordinal);
        Assert.Contains("SWIGGY rider Ravi is at the gate", pushed.Payload.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyAVisitorWhoFitsInsideTheWindowAndForTheFlatIsLetIn()
    {
        await ExpectAsync(ExpectedKind.Cab, "MH 12 AB 1234", TimeSpan.FromHours(1), _core.Clock.GetUtcNow().AddMinutes(30));
        await ExpectAsync(ExpectedKind.Guest, "Anjali");

        Assert.Equal(VisitStatus.Pending, (await LogAsync("Cab driver", VisitPurpose.Cab, vehicle: "KA01AB1234")).Status);
        Assert.Equal(VisitStatus.Pending, (await LogAsync("Anjali Sharma", VisitPurpose.Guest, flat: "A-102")).Status);
        Assert.Equal(VisitStatus.Pending, (await LogAsync("Anjali Sharma", VisitPurpose.Delivery)).Status);
        Assert.Equal(VisitStatus.Approved, (await LogAsync("anjali sharma", VisitPurpose.Guest)).Status);

        // The cab's window opens in half an hour; its number's last digits are enough, however written.
        Assert.Equal(VisitStatus.Pending, (await LogAsync("Cab driver", VisitPurpose.Cab, vehicle: "mh12ab1234")).Status);
        _core.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(VisitStatus.Pending, (await LogAsync("Cab driver", VisitPurpose.Cab, vehicle: "MH12AB9999")).Status);
        Assert.Equal(VisitStatus.Approved, (await LogAsync("Cab driver", VisitPurpose.Cab, vehicle: "mh-12 ab 1234")).Status);

        // Any delivery, past its window, is asked about.
        await ExpectAsync(ExpectedKind.Delivery, window: TimeSpan.FromHours(1));
        _core.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(VisitStatus.Pending, (await LogAsync("Amazon rider", VisitPurpose.Delivery)).Status);
    }

    [Fact]
    public async Task NamesFitByWholeWordsAndTheMostSpecificWordIsUsedFirst()
    {
        await ExpectAsync(ExpectedKind.Guest, "Ram");
        Assert.Equal(VisitStatus.Pending, (await LogAsync("Shriram Iyer", VisitPurpose.Guest)).Status);
        Assert.Equal(VisitStatus.Approved, (await LogAsync("Ram Prasad", VisitPurpose.Guest)).Status);

        var anyDelivery = await ExpectAsync(ExpectedKind.Delivery);
        var amazon = await ExpectAsync(ExpectedKind.Delivery, "Amazon");
        var rider = await LogAsync("Amazon rider", VisitPurpose.Delivery);
        Assert.Equal(amazon.Id, rider.ExpectedId);
        Assert.Equal(anyDelivery.Id, (await LogAsync("Zomato rider", VisitPurpose.Delivery)).ExpectedId);
    }

    [Fact]
    public async Task AResidentsWordLapsesWhenTheyLeaveAndNeverLetsInAPhoneProposedForTheBlocklist()
    {
        var admin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin));
        await _core.Blocklist.ProposeAsync(_guard, new SecurityManagement.Core.Safety.BlockRequest("9811100055", null, "Argued at the gate"), Ct);
        await ExpectAsync(ExpectedKind.Delivery);

        var proposed = await _core.Visits.LogAsync(_guard, new VisitRequest("9811100055", "Pushy rider", VisitPurpose.Delivery, "A-101", null, null), Ct);
        Assert.Equal(VisitStatus.Pending, proposed.Status);

        await _core.Users.DeactivateAsync(admin, _priya.UserId, "Moved out", Ct);
        Assert.Empty(await _core.Expected.ListUpcomingAsync(_guard, Ct));
        Assert.Equal(VisitStatus.Pending, (await LogAsync("Any rider", VisitPurpose.Delivery)).Status);
    }

    [Fact]
    public async Task ACalledOffExpectationLetsNobodyInAndOnlyItsFlatMayCallItOff()
    {
        var expected = await ExpectAsync(ExpectedKind.Delivery);
        var neighbour = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Resident, flat: "A-102"));

        Assert.Equal(Codes.ExpectedNotYourFlat, (await Assert.ThrowsAsync<NotAllowedException>(() => _core.Expected.CancelAsync(neighbour, expected.Id, Ct))).Problem.Code);
        await _core.Expected.CancelAsync(_priya, expected.Id, Ct);

        Assert.Equal(VisitStatus.Pending, (await LogAsync("Any rider", VisitPurpose.Delivery)).Status);
        await Assert.ThrowsAsync<ConflictException>(() => _core.Expected.CancelAsync(_priya, expected.Id, Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => _core.Expected.CancelAsync(_priya, Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task TheGateSeesTheNextHourAndOnlyResidentsSayWhoIsComing()
    {
        await ExpectAsync(ExpectedKind.Delivery, "Swiggy");
        await ExpectAsync(ExpectedKind.Guest, "Anjali", from: _core.Clock.GetUtcNow().AddHours(3));

        Assert.Equal(["Swiggy"], (await _core.Expected.ListUpcomingAsync(_guard, Ct)).Select(e => e.Detail));
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Expected.ListUpcomingAsync(_priya, Ct));
        foreach (var role in new[] { Role.Guard, Role.Admin, Role.SuperAdmin })
        {
            var other = CoreHarness.ActorOf(await _core.AddUserAsync(role));
            Assert.Equal(Codes.ExpectedResidentsOnly,
                (await Assert.ThrowsAsync<NotAllowedException>(() => _core.Expected.ExpectAsync(other, new ExpectRequest(ExpectedKind.Delivery, null), Ct))).Problem.Code);
            await Assert.ThrowsAsync<NotAllowedException>(() => _core.Expected.ListMineAsync(other, Ct));
        }
    }

    [Fact]
    public async Task BadInputIsRefusedBesideItsFieldAndStoresNothing()
    {
        var now = _core.Clock.GetUtcNow();
        async Task<IReadOnlyDictionary<string, Problem>> Refused(ExpectRequest request) =>
            (await Assert.ThrowsAsync<InvalidInputException>(() => _core.Expected.ExpectAsync(_priya, request, Ct))).Errors;

        Assert.Equal(Codes.ExpectedKindMissing, (await Refused(new ExpectRequest(null, null)))["kind"].Code);
        Assert.Equal(Codes.ExpectedKindMissing, (await Refused(new ExpectRequest((ExpectedKind)9, null)))["kind"].Code);
        Assert.Equal(Codes.TooLong, (await Refused(new ExpectRequest(ExpectedKind.Delivery, new string('s', ExpectedVisitor.MaxDetailLength + 1))))["detail"].Code);
        Assert.Equal(Codes.ExpectedPlate, (await Refused(new ExpectRequest(ExpectedKind.Cab, "#")))["detail"].Code);
        Assert.Equal(Codes.ExpectedPlate, (await Refused(new ExpectRequest(ExpectedKind.Cab, "34")))["detail"].Code);
        Assert.Equal(Codes.ExpectedNameShort, (await Refused(new ExpectRequest(ExpectedKind.Delivery, "a")))["detail"].Code);
        Assert.Equal(Codes.ExpectedNameShort, (await Refused(new ExpectRequest(ExpectedKind.Guest, " R. ")))["detail"].Code);
        Assert.Equal(Codes.ExpectedStart, (await Refused(new ExpectRequest(ExpectedKind.Guest, null, now.AddHours(-1))))["from"].Code);
        Assert.Equal(Codes.ExpectedStart, (await Refused(new ExpectRequest(ExpectedKind.Guest, null, now.AddDays(8))))["from"].Code);
        Assert.Equal(Codes.ExpectedWindow, (await Refused(new ExpectRequest(ExpectedKind.Guest, null, null, TimeSpan.Zero)))["for"].Code);
        Assert.Equal(Codes.ExpectedWindow, (await Refused(new ExpectRequest(ExpectedKind.Guest, null, null, TimeSpan.FromHours(25))))["for"].Code);
        Assert.Empty(await _core.Expected.ListMineAsync(_priya, Ct));

        for (var i = 0; i < ExpectedService.MostOpenPerFlat; i++)
        {
            await ExpectAsync(ExpectedKind.Guest, $"Guest {i}");
        }

        Assert.Equal(Codes.ExpectedTooMany, (await Refused(new ExpectRequest(ExpectedKind.Guest, "One more")))["kind"].Code);
    }
}
