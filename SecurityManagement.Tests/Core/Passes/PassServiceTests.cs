using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Passes;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Support;
using static SecurityManagement.Tests.Support.Builders;

namespace SecurityManagement.Tests.Core.Passes;

public sealed class PassServiceTests : IAsyncLifetime
{
    private CoreHarness _core = null!;
    private User _guard = null!;
    private User _priya = null!;
    private User _neighbour = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Actor A(User user) => CoreHarness.ActorOf(user);

    public async ValueTask InitializeAsync()
    {
        _core = await CoreHarness.CreateAsync();
        _guard = await _core.AddUserAsync(Role.Guard);
        _priya = await _core.AddUserAsync(Role.Resident, flat: "A-101");
        _neighbour = await _core.AddUserAsync(Role.Resident, flat: "A-102");
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    private Task<GuestPass> CreateAsync(PassUsage usage = PassUsage.SingleUse, string? phone = "9811100008", DateTimeOffset? from = null, DateTimeOffset? until = null) =>
        _core.Passes.CreateAsync(A(_priya), new PassRequest("Anjali", phone, from ?? Now, until ?? Now.AddHours(4), usage), Ct);

    [Fact]
    public async Task ResidentsPassForTheirFlatHasASixDigitCode()
    {
        var pass = await CreateAsync();

        Assert.Matches("^[0-9]{6}$", pass.Code);
        Assert.Equal(("A-101", _priya.Id), (pass.Flat.Value, pass.CreatedBy));
        Assert.Equal([pass.Id], (await _core.Passes.ListAsync(A(_priya), new PageRequest(0, 10), Ct)).Items.Select(p => p.Id));
        Assert.Equal(0, (await _core.Passes.ListAsync(A(_neighbour), new PageRequest(0, 10), Ct)).Total);
    }

    [Fact]
    public async Task LiveCodesAreUnique()
    {
        var codes = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            codes.Add((await CreateAsync()).Code);
        }

        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    [Fact]
    public async Task CodeAtTheGateStartsTheVisitApprovedAndSpendsASingleUsePass()
    {
        var pass = await CreateAsync();

        var visit = await _core.Passes.AdmitAsync(A(_guard), pass.Code, null, ct: Ct);
        var again = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Passes.AdmitAsync(A(_guard), pass.Code, null, ct: Ct));

        Assert.Equal((VisitStatus.Approved, "Anjali", "A-101", pass.Id), (visit.Status, visit.VisitorName, visit.Flat.Value, visit.PassId));
        Assert.Equal("This pass has already been used.", _core.English(again.Errors["code"]));
        Assert.Equal(VisitStatus.Inside, (await _core.Visits.CheckInAsync(A(_guard), visit.Id, ct: Ct)).Status);
    }

    [Fact]
    public async Task MultiUsePassAdmitsEveryTime()
    {
        var pass = await CreateAsync(PassUsage.MultiUse);

        await _core.Passes.AdmitAsync(A(_guard), pass.Code, null, ct: Ct);
        await _core.Passes.AdmitAsync(A(_guard), pass.Code, null, ct: Ct);

        Assert.Equal(2, (await _core.Storage.Passes.GetAsync(pass.Id, Ct))!.UseCount);
    }

    [Fact]
    public async Task PassWorksOnlyInsideItsWindow()
    {
        var pass = await CreateAsync(from: Now.AddHours(1), until: Now.AddHours(2));

        var early = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Passes.AdmitAsync(A(_guard), pass.Code, null, ct: Ct));
        _core.Clock.Advance(TimeSpan.FromHours(2));
        var late = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Passes.AdmitAsync(A(_guard), pass.Code, null, ct: Ct));

        Assert.Equal("This pass is valid from 10:30.", _core.English(early.Errors["code"]));
        Assert.StartsWith("No live pass has this code.", _core.English(late.Errors["code"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedPassIsRefusedAndOnlyItsFlatMayRevokeIt()
    {
        var pass = await CreateAsync();

        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Passes.RevokeAsync(A(_neighbour), pass.Id, Ct));
        await _core.Passes.RevokeAsync(A(_priya), pass.Id, Ct);
        await Assert.ThrowsAsync<ConflictException>(() => _core.Passes.RevokeAsync(A(_priya), pass.Id, Ct));

        await Assert.ThrowsAsync<InvalidInputException>(() => _core.Passes.AdmitAsync(A(_guard), pass.Code, null, ct: Ct));
    }

    [Fact]
    public async Task PassOfAResidentWhoLeftAdmitsNobody()
    {
        var pass = await CreateAsync(PassUsage.MultiUse);
        var admin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin));
        await _core.Users.DeactivateAsync(admin, _priya.Id, "Moved out", Ct);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Passes.AdmitAsync(A(_guard), pass.Code, null, ct: Ct));

        Assert.Contains("no longer valid", _core.English(ex.Errors["code"]), StringComparison.Ordinal);
        Assert.Equal(0, (await _core.Storage.Passes.GetAsync(pass.Id, Ct))!.UseCount);
    }

    [Fact]
    public async Task PassWithoutAPhoneNeedsTheGuestsPhone()
    {
        var pass = await CreateAsync(phone: null);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Passes.AdmitAsync(A(_guard), pass.Code, null, ct: Ct));
        var visit = await _core.Passes.AdmitAsync(A(_guard), pass.Code, "9811100042", ct: Ct);

        Assert.Equal("visitorPhone", ex.Field);
        Assert.Equal("9811100042", visit.VisitorPhone.Value);
    }

    [Fact]
    public async Task WrongCodesAreAuditedAndLimitedPerGuard()
    {
        var pass = await CreateAsync();
        var wrong = pass.Code == "000000" ? "111111" : "000000";
        for (var i = 0; i < _core.Gate.MaxPassCodeFailuresPerHour; i++)
        {
            await Assert.ThrowsAsync<InvalidInputException>(() => _core.Passes.AdmitAsync(A(_guard), wrong, null, ct: Ct));
        }

        var limited = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Passes.AdmitAsync(A(_guard), pass.Code, null, ct: Ct));
        var otherGuard = await _core.AddUserAsync(Role.Guard);

        Assert.StartsWith("Too many wrong pass codes", _core.English(limited.Errors["code"]), StringComparison.Ordinal);
        var audited = await _core.Storage.Audit.ListAsync(new AuditFilter(_guard.Id, PassService.CodeRefusedAction), new PageRequest(0, 1), Ct);
        Assert.Equal(_core.Gate.MaxPassCodeFailuresPerHour, audited.Total);
        Assert.Equal(VisitStatus.Approved, (await _core.Passes.AdmitAsync(A(otherGuard), pass.Code, null, ct: Ct)).Status);
    }

    [Theory]
    [InlineData(null, "Choose until when the pass is valid.")]
    [InlineData(-1, "The pass must end after it starts.")]
    [InlineData(24 * 31, "A pass lasts at most 30 days.")]
    public async Task WindowMustMakeSense(int? hours, string message)
    {
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Passes.CreateAsync(A(_priya),
            new PassRequest("Anjali", null, Now, hours is null ? null : Now.AddHours(hours.Value), PassUsage.SingleUse), Ct));

        Assert.Equal(message, _core.English(ex.Errors["validUntil"]));
    }

    [Fact]
    public async Task OnlyResidentsMakePassesAndOnlyGuardsAdmit()
    {
        var pass = await CreateAsync();

        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Passes.CreateAsync(A(_guard),
            new PassRequest("X", null, Now, Now.AddHours(1), PassUsage.SingleUse), Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Passes.AdmitAsync(A(_priya), pass.Code, null, ct: Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Passes.ListAsync(A(_guard), new PageRequest(0, 5), Ct));
    }

    /// <summary>Priya's regular: Tuesdays, 09:00 to 11:00 on the society's clock (the tests start on Tuesday at 09:30 there).</summary>
    private Task<GuestPass> RegularAsync(WeekDays days = WeekDays.Tuesday, int? from = 9 * 60, int? until = 11 * 60) =>
        _core.Passes.CreateAsync(A(_priya), new PassRequest("Dadi", "9811100009", Now, Now.AddDays(120), PassUsage.Regular, days, from, until), Ct);

    [Fact]
    public async Task RegularIsLetInByCodeInsideTheirHoursAndTheFlatIsAskedOutsideThem()
    {
        var regular = await RegularAsync();

        var inside = await _core.Passes.AdmitAsync(A(_guard), regular.Code, null, ct: Ct);
        _core.Clock.Advance(TimeSpan.FromHours(2));
        var evening = await _core.Passes.AdmitAsync(A(_guard), regular.Code, null, ct: Ct);
        _core.Clock.Advance(TimeSpan.FromHours(22));
        var wednesday = await _core.Passes.AdmitAsync(A(_guard), regular.Code, null, ct: Ct);

        Assert.Equal((VisitStatus.Approved, regular.Id), (inside.Status, inside.PassId));
        Assert.All([evening, wednesday], v => Assert.Equal((VisitStatus.Pending, "Dadi", "A-101", VisitPurpose.Guest, (Guid?)null),
            (v.Status, v.VisitorName, v.Flat.Value, v.Purpose, v.PassId)));
        Assert.Equal([evening.Id, wednesday.Id], (await _core.Visits.GetPendingAsync(A(_priya), Ct)).Select(v => v.Id));
        Assert.Equal(1, (await _core.Storage.Passes.GetAsync(regular.Id, Ct))!.UseCount);
    }

    [Fact]
    public async Task ABlockedRegularIsRefusedBesideTheCodeEvenOutsideTheirHours()
    {
        var regular = await RegularAsync(WeekDays.Monday);
        var admin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin));
        await _core.Blocklist.AddAsync(admin, new SecurityManagement.Core.Safety.BlockRequest("9811100009", "Dadi", "Not welcome"), Ct);

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Passes.AdmitAsync(A(_guard), regular.Code, null, ct: Ct));

        Assert.True(refused.Errors.ContainsKey("code"));
        Assert.Empty((await _core.Visits.GetBoardsAsync(A(_guard), ct: Ct)).Waiting);
    }

    [Fact]
    public async Task RegularOfAResidentWhoLeftIsRefusedEvenOutsideTheirHours()
    {
        var regular = await RegularAsync(WeekDays.Monday);
        await _core.Users.DeactivateAsync(CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin)), _priya.Id, "Moved out", Ct);

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Passes.AdmitAsync(A(_guard), regular.Code, null, ct: Ct));

        Assert.Equal(Codes.PassMakerLeft, refused.Errors["code"].Code);
        Assert.Empty((await _core.Visits.GetBoardsAsync(A(_guard), ct: Ct)).Waiting);
    }

    [Theory]
    [InlineData(14 * 60, null, "hoursUntil", "Give both times, or neither for all day.")]
    [InlineData(null, 60, "hoursFrom", "Give both times, or neither for all day.")]
    [InlineData(600, 600, "hoursUntil", "The hours must not start and end at the same time.")]
    [InlineData(24 * 60, 60, "hoursFrom", "Choose a time of day.")]
    [InlineData(60, -1, "hoursUntil", "Choose a time of day.")]
    public async Task RegularsHoursMustBeARealSpan(int? from, int? until, string field, string message)
    {
        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => RegularAsync(from: from, until: until));

        Assert.Equal(message, _core.English(refused.Errors[field]));
        Assert.Equal(0, (await _core.Passes.ListAsync(A(_priya), new PageRequest(0, 10), Ct)).Total);
    }

    [Fact]
    public async Task RegularLastsUpToAYearAndOtherPassesAMonth()
    {
        var year = await _core.Passes.CreateAsync(A(_priya), new PassRequest("Tutor", null, Now, Now.AddDays(366), PassUsage.Regular), Ct);
        var tooLong = await Assert.ThrowsAsync<InvalidInputException>(() =>
            _core.Passes.CreateAsync(A(_priya), new PassRequest("Tutor", null, Now, Now.AddDays(367), PassUsage.Regular), Ct));
        var guest = await Assert.ThrowsAsync<InvalidInputException>(() =>
            _core.Passes.CreateAsync(A(_priya), new PassRequest("Guest", null, Now, Now.AddDays(31), PassUsage.MultiUse, WeekDays.Monday, 60, 120), Ct));

        Assert.Equal((WeekDays.None, (int?)null), (year.Days, year.HoursFrom));
        Assert.Equal(Codes.PassTooLong, tooLong.Errors["validUntil"].Code);
        Assert.Equal(Codes.PassTooLong, guest.Errors["validUntil"].Code);
    }

    [Fact]
    public async Task DaysAndHoursBelongToRegularsOnly()
    {
        var guest = await _core.Passes.CreateAsync(A(_priya), new PassRequest("Guest", null, Now, Now.AddHours(5), PassUsage.MultiUse, WeekDays.Monday, 60, 120), Ct);

        Assert.Equal((WeekDays.None, (int?)null, (int?)null), (guest.Days, guest.HoursFrom, guest.HoursUntil));
        Assert.Equal(VisitStatus.Approved, (await _core.Passes.AdmitAsync(A(_guard), guest.Code, "9811100010", ct: Ct)).Status);
    }

    [Fact]
    public async Task OnlyResidentsMakeRegularsAndOnlyGuardsAdmitThem()
    {
        var regular = await RegularAsync();

        await Assert.ThrowsAsync<NotAllowedException>(() =>
            _core.Passes.CreateAsync(A(_guard), new PassRequest("Dadi", null, Now, Now.AddDays(3), PassUsage.Regular), Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Passes.AdmitAsync(A(_neighbour), regular.Code, null, ct: Ct));
    }
}
