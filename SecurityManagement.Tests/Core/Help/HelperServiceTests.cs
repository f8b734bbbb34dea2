using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Help;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Reach;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Help;

/// <summary>Daily help on a fake clock: codes, the gate's two taps, who may come in, attendance, and who may do what.</summary>
public sealed class HelperServiceTests : IAsyncLifetime
{
    private CoreHarness _core = null!;
    private User _priyaUser = null!;
    private Actor _priya = null!;
    private Actor _neha = null!;
    private Actor _guard = null!;
    private Actor _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreHarness.CreateAsync();
        _priyaUser = await _core.AddUserAsync(Role.Resident, flat: "A-101");
        _priya = CoreHarness.ActorOf(_priyaUser);
        _neha = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Resident, flat: "A-102"));
        _guard = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Guard));
        _admin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin));
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    private Task<Helper> AddAsync(Actor? resident = null, string name = "Sunita Devi", string phone = "9811100050", HelperKind? kind = HelperKind.Maid) =>
        _core.Helpers.AddAsync(resident ?? _priya, new HelperRequest(name, phone, kind), Ct);

    [Fact]
    public async Task AResidentAddsTheirHelperWithACodeAndANeighbourSharesThem()
    {
        var sunita = await AddAsync();
        var shared = await AddAsync(_neha, "Sunita", "9811100050", HelperKind.Cook);
        var twice = await Assert.ThrowsAsync<InvalidInputException>(() => AddAsync());

        Assert.Matches("^[0-9]{6}$", sunita.Code);
        Assert.Equal((sunita.Id, sunita.Code, "Sunita Devi", HelperKind.Maid), (shared.Id, shared.Code, shared.Name, shared.Kind));
        Assert.Equal(["A-101", "A-102"], (await _core.Storage.Helpers.GetAsync(sunita.Id, Ct))!.Flats.Select(f => f.Flat.Value));
        Assert.Equal([sunita.Id], (await _core.Helpers.ListMineAsync(_neha, Ct)).Select(h => h.Helper.Id));
        Assert.Equal("Sunita Devi already works for your flat.", _core.English(twice.Errors["phone"]));
        Assert.Equal(1, await EntriesAsync("helper.added"));
        Assert.Equal(1, await EntriesAsync("helper.linked"));
    }

    [Fact]
    public async Task CodesAreUniqueAmongHelpers()
    {
        var codes = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            codes.Add((await AddAsync(name: $"Helper {i}", phone: $"98111{i:D5}")).Code);
            if (i % HelperService.MostPerFlat == HelperService.MostPerFlat - 1)
            {
                _priya = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Resident, flat: $"B-{i}"));
            }
        }

        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    [Fact]
    public async Task TheGuardChecksAHelperInAndOutByCodeAndTheFlatSeesBothTimes()
    {
        var sunita = await AddAsync();
        var inAt = _core.Clock.GetUtcNow();

        var found = Assert.Single(await _core.Helpers.FindAsync(_guard, $" {sunita.Code} ", Ct));
        var entered = await _core.Helpers.CheckInAsync(_guard, sunita.Id, ct: Ct);
        var twice = await Assert.ThrowsAsync<ConflictException>(() => _core.Helpers.CheckInAsync(_guard, sunita.Id, ct: Ct));
        var inside = await _core.Helpers.ListInsideAsync(_guard, Ct);
        _core.Clock.Advance(TimeSpan.FromHours(2));
        var left = await _core.Helpers.CheckOutAsync(_guard, sunita.Id, ct: Ct);
        var outAgain = await Assert.ThrowsAsync<ConflictException>(() => _core.Helpers.CheckOutAsync(_guard, sunita.Id, ct: Ct));

        Assert.Null(found.Refusal);
        Assert.Equal((sunita.Id, inAt), (entered.HelperId, entered.InAt));
        Assert.Equal(Codes.HelperAlreadyInside, twice.Problem.Code);
        Assert.Equal([sunita.Id], inside.Select(h => h.Id));
        Assert.Equal((entered.Id, inAt.AddHours(2), _guard.UserId), (left.Id, left.OutAt!.Value, left.OutBy!.Value));
        Assert.Equal(Codes.HelperNotInside, outAgain.Problem.Code);
        Assert.Empty(await _core.Helpers.ListInsideAsync(_guard, Ct));
        var today = Assert.Single(Assert.Single(await _core.Helpers.ListMineAsync(_priya, Ct)).Today);
        Assert.Equal((inAt, inAt.AddHours(2)), (today.InAt, today.OutAt!.Value));
        Assert.Equal([left], await _core.Helpers.AttendanceAsync(_priya, sunita.Id, DateOnly.FromDateTime(inAt.UtcDateTime), Ct));
        Assert.Empty(await _core.Helpers.AttendanceAsync(_priya, sunita.Id, DateOnly.FromDateTime(inAt.UtcDateTime).AddMonths(-1), Ct));
        Assert.Equal(2, _core.Alerts.Moved.Count);
        Assert.Contains(_core.Live.Published, p => p is { Topic: "flat:A-101", Event: HelperChanged });
        Assert.Contains(_core.Live.Published, p => p is { Topic: Topics.Gate, Event: HelperChanged });
        Assert.Equal((1, 1), (await EntriesAsync("helper.in"), await EntriesAsync("helper.out")));
    }

    [Theory]
    [InlineData("sun", true)]
    [InlineData("DEVI", true)]
    [InlineData("nita", false)]
    [InlineData("98111", true)]
    [InlineData("s", false)]
    public async Task TheGuardFindsAHelperByAWordOfTheNameOrThePhone(string query, bool found)
    {
        var sunita = await AddAsync();

        Assert.Equal(found ? [sunita.Id] : [], (await _core.Helpers.FindAsync(_guard, query, Ct)).Select(h => h.Helper.Id));
    }

    [Fact]
    public async Task AHelperNoFlatWithAnActiveResidentEmploysIsRefused()
    {
        var sunita = await AddAsync();
        await _core.Users.DeactivateAsync(_admin, _priyaUser.Id, "Moved out", Ct);

        var found = Assert.Single(await _core.Helpers.FindAsync(_guard, sunita.Code, Ct));
        var refused = await Assert.ThrowsAsync<ConflictException>(() => _core.Helpers.CheckInAsync(_guard, sunita.Id, ct: Ct));

        Assert.Equal(Codes.HelperNotEmployed, found.Refusal?.Code);
        Assert.Equal("No flat employs Sunita Devi any more: do not let them in.", _core.English(refused.Problem));
        Assert.Empty(await _core.Helpers.ListInsideAsync(_guard, Ct));
    }

    [Fact]
    public async Task AHelperLetGoByTheirLastFlatIsRefused()
    {
        var sunita = await AddAsync();
        await AddAsync(_neha, phone: "9811100050");

        await _core.Helpers.LetGoAsync(_priya, sunita.Id, Ct);
        await _core.Helpers.CheckInAsync(_guard, sunita.Id, ct: Ct);
        await _core.Helpers.CheckOutAsync(_guard, sunita.Id, ct: Ct);
        await _core.Helpers.LetGoAsync(_neha, sunita.Id, Ct);

        Assert.Empty(await _core.Helpers.ListMineAsync(_priya, Ct));
        Assert.Equal(Codes.HelperNotEmployed, (await Assert.ThrowsAsync<ConflictException>(() => _core.Helpers.CheckInAsync(_guard, sunita.Id, ct: Ct))).Problem.Code);
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Helpers.LetGoAsync(_neha, sunita.Id, Ct));
    }

    [Fact]
    public async Task AHelperAnAdminRemovedIsRefusedAndTheirCodeFindsNobody()
    {
        var sunita = await AddAsync();
        await _core.Helpers.CheckInAsync(_guard, sunita.Id, ct: Ct);

        var removed = await _core.Helpers.RemoveAsync(_admin, sunita.Id, Ct);
        var again = await Assert.ThrowsAsync<ConflictException>(() => _core.Helpers.RemoveAsync(_admin, sunita.Id, Ct));
        var left = await _core.Helpers.CheckOutAsync(_guard, sunita.Id, ct: Ct);

        Assert.NotNull(removed.RemovedAt);
        Assert.Equal(Codes.HelperRemoved, again.Problem.Code);
        Assert.NotNull(left.OutAt);
        Assert.Equal(Codes.HelperRemoved, (await Assert.ThrowsAsync<ConflictException>(() => _core.Helpers.CheckInAsync(_guard, sunita.Id, ct: Ct))).Problem.Code);
        Assert.Empty(await _core.Helpers.FindAsync(_guard, sunita.Code, Ct));
        Assert.Empty(await _core.Helpers.ListMineAsync(_priya, Ct));
        Assert.Equal(0, (await _core.Helpers.ListAsync(_admin, null, new PageRequest(0, 10), Ct)).Total);
        Assert.Equal(1, await EntriesAsync("helper.removed"));
    }

    [Fact]
    public async Task AResidentCannotBringBackAHelperAnAdminRemoved()
    {
        var sunita = await AddAsync();
        await _core.Helpers.RemoveAsync(_admin, sunita.Id, Ct);

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => AddAsync(_neha));

        Assert.Equal(Codes.HelperPhoneRemoved, refused.Errors["phone"].Code);
        Assert.Empty(await _core.Helpers.ListMineAsync(_neha, Ct));
    }

    [Fact]
    public async Task AFlatSeesAHelpersStaysOnlyFromWhenItTookThemOn()
    {
        var sunita = await AddAsync();
        await _core.Helpers.CheckInAsync(_guard, sunita.Id, ct: Ct);
        _core.Clock.Advance(TimeSpan.FromHours(1));
        await _core.Helpers.CheckOutAsync(_guard, sunita.Id, ct: Ct);
        _core.Clock.Advance(TimeSpan.FromHours(1));
        await AddAsync(_neha);
        _core.Clock.Advance(TimeSpan.FromHours(1));
        var later = await _core.Helpers.CheckInAsync(_guard, sunita.Id, ct: Ct);
        var month = DateOnly.FromDateTime(_core.Clock.GetUtcNow().UtcDateTime);

        Assert.Equal(2, (await _core.Helpers.AttendanceAsync(_priya, sunita.Id, month, Ct)).Count);
        Assert.Equal([later.Id], (await _core.Helpers.AttendanceAsync(_neha, sunita.Id, month, Ct)).Select(v => v.Id));
        Assert.Equal([later.Id], Assert.Single(await _core.Helpers.ListMineAsync(_neha, Ct)).Today.Select(v => v.Id));
    }

    [Fact]
    public async Task ChoosingWhatIsAlreadyChosenChangesNothing()
    {
        var sunita = await AddAsync();

        await _core.Helpers.SetNotifyAsync(_priya, sunita.Id, false, Ct);
        await _core.Helpers.SetNotifyAsync(_priya, sunita.Id, true, Ct);
        await _core.Helpers.SetNotifyAsync(_priya, sunita.Id, true, Ct);

        Assert.True(Assert.Single((await _core.Storage.Helpers.GetAsync(sunita.Id, Ct))!.Flats).Notify);
        Assert.Equal(1, await EntriesAsync("helper.notify-changed"));
    }

    [Theory]
    [InlineData("", "9811100050", HelperKind.Maid, "name")]
    [InlineData("Sunita", "12345", HelperKind.Maid, "phone")]
    [InlineData("Sunita", "9811100050", null, "kind")]
    public async Task BadInputIsSaidBesideItsFieldAndStoresNothing(string name, string phone, HelperKind? kind, string field)
    {
        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => AddAsync(name: name, phone: phone, kind: kind));

        Assert.True(refused.Errors.ContainsKey(field), string.Join(", ", refused.Errors.Keys));
        Assert.Empty(await _core.Helpers.ListMineAsync(_priya, Ct));
        Assert.Equal(0, await EntriesAsync("helper.added"));
    }

    [Fact]
    public async Task AFlatHasAtMostFifteenHelpers()
    {
        for (var i = 0; i < HelperService.MostPerFlat; i++)
        {
            await AddAsync(name: $"Helper {i}", phone: $"98111{i:D5}");
        }

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => AddAsync(name: "One more", phone: "9811199999"));

        Assert.Equal(Codes.HelperTooMany, refused.Errors["name"].Code);
    }

    [Fact]
    public async Task EachRoleDoesOnlyItsPart()
    {
        var sunita = await AddAsync();

        foreach (var notResident in new[] { _guard, _admin })
        {
            await Assert.ThrowsAsync<NotAllowedException>(() => AddAsync(notResident, phone: "9811100051"));
            await Assert.ThrowsAsync<NotAllowedException>(() => _core.Helpers.ListMineAsync(notResident, Ct));
            await Assert.ThrowsAsync<NotAllowedException>(() => _core.Helpers.AttendanceAsync(notResident, sunita.Id, new DateOnly(2026, 11, 1), Ct));
        }

        foreach (var notGuard in new[] { _priya, _admin })
        {
            await Assert.ThrowsAsync<NotAllowedException>(() => _core.Helpers.CheckInAsync(notGuard, sunita.Id, ct: Ct));
            await Assert.ThrowsAsync<NotAllowedException>(() => _core.Helpers.FindAsync(notGuard, sunita.Code, Ct));
        }

        foreach (var notAdmin in new[] { _priya, _guard })
        {
            await Assert.ThrowsAsync<NotAllowedException>(() => _core.Helpers.RemoveAsync(notAdmin, sunita.Id, Ct));
            await Assert.ThrowsAsync<NotAllowedException>(() => _core.Helpers.ListAsync(notAdmin, null, new PageRequest(0, 10), Ct));
        }

        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Helpers.AttendanceAsync(_neha, sunita.Id, new DateOnly(2026, 11, 1), Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Helpers.SetNotifyAsync(_neha, sunita.Id, true, Ct));
        Assert.False((await _core.Storage.Helpers.GetAsync(sunita.Id, Ct))!.IsInside);
    }

    [Fact]
    public async Task AFlatThatAskedIsToldWhenTheirHelperComesAndGoes()
    {
        var sunita = await AddAsync();
        await AddAsync(_neha, phone: "9811100050");
        foreach (var resident in new[] { _priya, _neha })
        {
            await _core.Storage.Reach.SaveDeviceAsync(new PushDevice
            {
                Endpoint = $"https://push.example/{resident.UserId}", P256dh = "key", Auth = "auth", UserId = resident.UserId, CreatedAt = _core.Clock.GetUtcNow(),
            }, Ct);
        }

        await _core.Helpers.SetNotifyAsync(_priya, sunita.Id, true, Ct);
        await _core.Helpers.CheckInAsync(_guard, sunita.Id, ct: Ct);
        await _core.Doorbell.HelperAsync(Assert.Single(_core.Alerts.Moved), Ct);

        var pushed = Assert.Single(_core.Push.Sent);
        Assert.Contains("Sunita Devi came in for A-101", pushed.Payload.Json, StringComparison.Ordinal);
        Assert.Equal($"https://push.example/{_priya.UserId}", pushed.Device.Endpoint);
    }

    private async Task<int> EntriesAsync(string action) =>
        (await _core.Storage.Audit.ListAsync(new AuditFilter(Action: action), new PageRequest(0, 10), Ct)).Total;
}
