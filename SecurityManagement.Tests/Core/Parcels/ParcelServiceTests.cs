using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Expected;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Parcels;
using SecurityManagement.Core.Reach;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Parcels;

/// <summary>Leave at the gate: who asks, the guard keeping the parcel, the flat told, collecting it once, and who may do what.</summary>
public sealed class ParcelServiceTests : IAsyncLifetime
{
    private CoreHarness _core = null!;
    private Actor _priya = null!;
    private Actor _neha = null!;
    private Actor _guard = null!;
    private Actor _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreHarness.CreateAsync();
        _priya = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Resident, flat: "A-101"));
        _neha = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Resident, flat: "A-102"));
        _guard = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Guard));
        _admin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin));
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    private Task<Parcel> KeepAsync(string company = "Amazon", string flat = "A-101", string? note = null) =>
        _core.Parcels.KeepAsync(_guard, new ParcelRequest(flat, company, note), Ct);

    [Fact]
    public async Task AFlatThatLeavesDeliveriesIsKeptAParcelAndToldOfIt()
    {
        Assert.Null(await _core.Parcels.WantsLeftAsync(_guard, "A-101", "Amazon", null, Ct));
        await _core.Parcels.SetLeaveDeliveriesAsync(_priya, true, Ct);

        var asks = await _core.Parcels.WantsLeftAsync(_guard, "a-101", "Amazon", null, Ct);
        var parcel = await KeepAsync(note: " Two boxes ");

        Assert.Equal(new LeaveAtGate(FlatCode("A-101"), null), asks);
        Assert.Null(await _core.Parcels.WantsLeftAsync(_guard, "A-102", "Amazon", null, Ct));
        Assert.True((await _core.Parcels.GetMineAsync(_priya, Ct)).LeaveDeliveries);
        Assert.Equal(("Amazon", "Two boxes", (Guid?)null), (parcel.Company, parcel.Note, parcel.ExpectedId));
        Assert.Equal([parcel.Id], (await _core.Parcels.GetMineAsync(_priya, Ct)).Parcels.Select(p => p.Id));
        Assert.Empty((await _core.Parcels.GetMineAsync(_neha, Ct)).Parcels);
        Assert.Equal([parcel.Id], (await _core.Parcels.ListWaitingAsync(_guard, Ct)).Select(p => p.Id));
        Assert.Equal([parcel.Id], _core.Alerts.Kept.Select(p => p.Id));
        Assert.Contains(_core.Live.Published, p => p is { Topic: "flat:A-101", Event: ParcelChanged });
        Assert.Contains(_core.Live.Published, p => p is { Topic: Topics.Gate, Event: ParcelChanged });
        Assert.Equal(1, await EntriesAsync("parcel.kept"));
        Assert.Equal(1, await EntriesAsync("household.parcels-changed"));
        Assert.DoesNotContain("Amazon", Assert.Single((await _core.Storage.Audit.ListAsync(new AuditFilter(Action: "parcel.kept"), new PageRequest(0, 1), Ct)).Items).Details,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChoosingWhatIsAlreadyChosenChangesNothingAndOtherScreensHearOfAChange()
    {
        await _core.Parcels.SetLeaveDeliveriesAsync(_priya, false, Ct);
        await _core.Parcels.SetLeaveDeliveriesAsync(_priya, true, Ct);
        await _core.Parcels.SetLeaveDeliveriesAsync(_priya, true, Ct);

        Assert.Equal(1, await EntriesAsync("household.parcels-changed"));
        Assert.Single(_core.Live.Published, p => p is { Topic: "flat:A-101", Event: ParcelChanged });
    }

    [Fact]
    public async Task AnExpectedDeliveryToLeaveAtTheGateIsUsedUpByItsParcel()
    {
        var amazon = await _core.Expected.ExpectAsync(_priya, new ExpectRequest(ExpectedKind.Delivery, "Amazon", LeaveAtGate: true), Ct);
        var swiggy = await _core.Expected.ExpectAsync(_priya, new ExpectRequest(ExpectedKind.Delivery, "Swiggy"), Ct);

        Assert.Null(await _core.Parcels.WantsLeftAsync(_guard, "A-101", "Swiggy rider", null, Ct));
        Assert.Equal(amazon.Id, (await _core.Parcels.WantsLeftAsync(_guard, "A-101", "Amazon courier", null, Ct))?.ExpectedId);
        var parcel = await KeepAsync("Amazon courier");

        Assert.Equal(amazon.Id, parcel.ExpectedId);
        Assert.Equal([swiggy.Id], (await _core.Expected.ListMineAsync(_priya, Ct)).Select(e => e.Id));
        Assert.Null(await _core.Parcels.WantsLeftAsync(_guard, "A-101", "Amazon courier", null, Ct));
        Assert.Equal(1, await EntriesAsync("expected.used"));
    }

    [Fact]
    public async Task OnlyADeliveryIsLeftAtTheGate()
    {
        var cab = await _core.Expected.ExpectAsync(_priya, new ExpectRequest(ExpectedKind.Cab, "1234", LeaveAtGate: true), Ct);

        Assert.False(cab.LeaveAtGate);
    }

    [Fact]
    public async Task AParcelIsCollectedOnceByTheFlatOrAGuard()
    {
        var first = await KeepAsync();
        _core.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await KeepAsync("Flipkart");

        var collected = await _core.Parcels.CollectAsync(_priya, first.Id, Ct);
        var again = await Assert.ThrowsAsync<ConflictException>(() => _core.Parcels.CollectAsync(_guard, first.Id, Ct));
        var neighbour = await Assert.ThrowsAsync<NotAllowedException>(() => _core.Parcels.CollectAsync(_neha, second.Id, Ct));
        var admin = await Assert.ThrowsAsync<NotAllowedException>(() => _core.Parcels.CollectAsync(_admin, second.Id, Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => _core.Parcels.CollectAsync(_guard, Guid.NewGuid(), Ct));
        var byGuard = await _core.Parcels.CollectAsync(_guard, second.Id, Ct);

        Assert.Equal((_priya.UserId, _core.Clock.GetUtcNow()), (collected.CollectedBy!.Value, collected.CollectedAt!.Value));
        Assert.Equal(Codes.ParcelCollected, again.Problem.Code);
        Assert.Equal(Codes.ParcelNotYourFlat, neighbour.Problem.Code);
        Assert.Equal(Codes.ParcelNotAllowed, admin.Problem.Code);
        Assert.Equal(_guard.UserId, byGuard.CollectedBy);
        Assert.Empty(await _core.Parcels.ListWaitingAsync(_guard, Ct));
        Assert.Equal([second.Id, first.Id], (await _core.Parcels.GetMineAsync(_priya, Ct)).Parcels.Select(p => p.Id));
        _core.Clock.Advance(ParcelService.CollectedShownFor + TimeSpan.FromMinutes(1));
        Assert.Empty((await _core.Parcels.GetMineAsync(_priya, Ct)).Parcels);
        Assert.Equal(2, await EntriesAsync("parcel.collected"));
    }

    [Theory]
    [InlineData("A-101", "", "company", "Enter the company.")]
    [InlineData("A-101", "A company name far longer than sixty characters, which nobody types", "company", "60")]
    [InlineData("Z-999", "Amazon", "flat", "Z-999")]
    [InlineData("", "Amazon", "flat", "")]
    public async Task BadInputIsSaidBesideItsFieldAndKeepsNothing(string flat, string company, string field, string said)
    {
        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => KeepAsync(company, flat));

        Assert.Contains(said, _core.English(refused.Errors[field]), StringComparison.Ordinal);
        Assert.Empty(await _core.Parcels.ListWaitingAsync(_guard, Ct));
        Assert.Equal(0, await EntriesAsync("parcel.kept"));
    }

    [Fact]
    public async Task ANoteLongerThanALineIsRefused()
    {
        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => KeepAsync(note: new string('x', Parcel.MaxNoteLength + 1)));

        Assert.True(refused.Errors.ContainsKey("note"));
    }

    [Fact]
    public async Task EachRoleDoesOnlyItsPart()
    {
        var parcel = await KeepAsync();

        foreach (var notGuard in new[] { _priya, _admin })
        {
            await Assert.ThrowsAsync<NotAllowedException>(() => _core.Parcels.KeepAsync(notGuard, new ParcelRequest("A-101", "Amazon", null), Ct));
            await Assert.ThrowsAsync<NotAllowedException>(() => _core.Parcels.ListWaitingAsync(notGuard, Ct));
            await Assert.ThrowsAsync<NotAllowedException>(() => _core.Parcels.WantsLeftAsync(notGuard, "A-101", "Amazon", null, Ct));
        }

        foreach (var notResident in new[] { _guard, _admin })
        {
            await Assert.ThrowsAsync<NotAllowedException>(() => _core.Parcels.SetLeaveDeliveriesAsync(notResident, true, Ct));
            await Assert.ThrowsAsync<NotAllowedException>(() => _core.Parcels.GetMineAsync(notResident, Ct));
        }

        Assert.True((await _core.Storage.Parcels.GetAsync(parcel.Id, Ct))!.IsWaiting);
    }

    [Fact]
    public async Task ReachSettingsKeepTheFlatsChoiceForDeliveries()
    {
        await _core.Parcels.SetLeaveDeliveriesAsync(_priya, true, Ct);

        await _core.Reach.SaveHouseholdAsync(_priya, false, true, null, null, Ct);

        Assert.True((await _core.Parcels.GetMineAsync(_priya, Ct)).LeaveDeliveries);
        Assert.False((await _core.Storage.Reach.GetHouseholdAsync(FlatCode("A-101"), Ct)).Push);
    }

    [Fact]
    public async Task TheFlatsPhonesAreToldOfTheParcel()
    {
        await _core.Storage.Reach.SaveDeviceAsync(new PushDevice
        {
            Endpoint = "https://push.example/priya", P256dh = "key", Auth = "auth", UserId = _priya.UserId, CreatedAt = _core.Clock.GetUtcNow(),
        }, Ct);
        var parcel = await KeepAsync("Amazon", note: "Two boxes");

        await _core.Doorbell.ParcelAsync(parcel, Ct);

        var pushed = Assert.Single(_core.Push.Sent);
        Assert.Contains("\"type\":\"parcel\"", pushed.Payload.Json, StringComparison.Ordinal);
        Assert.Contains("A parcel from Amazon is at the gate", pushed.Payload.Json, StringComparison.Ordinal);
    }

    private static SecurityManagement.Core.Flats.FlatCode FlatCode(string flat) => SecurityManagement.Core.Flats.FlatCode.Parse(flat);

    private async Task<int> EntriesAsync(string action) =>
        (await _core.Storage.Audit.ListAsync(new AuditFilter(Action: action), new PageRequest(0, 10), Ct)).Total;
}
