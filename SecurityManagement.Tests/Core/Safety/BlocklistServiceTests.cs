using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Passes;
using SecurityManagement.Core.Safety;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Safety;

/// <summary>The blocklist: admins list and lift, guards propose, and the gate refuses an active block before the flat is asked.</summary>
public sealed class BlocklistServiceTests : IAsyncLifetime
{
    private const string Phone = "9876543210";

    private CoreHarness _core = null!;
    private Actor _admin = null!;
    private Actor _superAdmin = null!;
    private Actor _guard = null!;
    private Actor _resident = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreHarness.CreateAsync();
        _admin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin));
        _superAdmin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.SuperAdmin));
        _guard = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Guard));
        _resident = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Resident));
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    private Task<Visit> LogAsync(string phone = Phone) =>
        _core.Visits.LogAsync(_guard, new VisitRequest(phone, "Door Seller", VisitPurpose.Other, "A-101", null, null), Ct);

    private async Task<int> AuditedAsync(string action) =>
        (await _core.Storage.Audit.ListAsync(new AuditFilter(Action: action), new PageRequest(0, 10), Ct)).Total;

    [Fact]
    public async Task AnActiveBlockRefusesTheVisitBeforeTheFlatIsAskedUntilAnAdminLiftsIt()
    {
        var block = await _core.Blocklist.AddAsync(_admin, new BlockRequest($" {Phone} ", " Door Seller ", "Harassed residents on 3 May"), Ct);

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => LogAsync());

        Assert.Equal((BlockStatus.Active, "Door Seller"), (block.Status, block.Name));
        Assert.Equal(new Problem(Codes.VisitorBlocked, "Harassed residents on 3 May"), refused.Errors["phone"]);
        Assert.Empty(await _core.Storage.Visits.SearchAsync(new VisitLogFilter(), null, 10, Ct));
        Assert.Empty(_core.Alerts.Changed);
        Assert.Equal(1, await AuditedAsync("blocklist.refused"));
        Assert.Equal(block.Id, (await _core.Blocklist.CheckAsync(_guard, Phone, Ct))?.Id);

        await _core.Blocklist.LiftAsync(_superAdmin, block.Id, "Spoke to him; he apologised", Ct);
        var visit = await LogAsync();

        Assert.Equal(VisitStatus.Pending, visit.Status);
        Assert.Null(await _core.Blocklist.CheckAsync(_guard, Phone, Ct));
        Assert.Equal(1, await AuditedAsync("blocklist.lifted"));
        var trail = (await _core.Storage.Audit.ListAsync(new AuditFilter(), new PageRequest(0, 20), Ct)).Items;
        Assert.DoesNotContain(trail, e => e.Details is { } details && (details.Contains("apologised", StringComparison.Ordinal) || details.Contains(Phone, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AGuardsProposalOnlyWarnsUntilAnAdminConfirmsIt()
    {
        var proposal = await _core.Blocklist.ProposeAsync(_guard, new BlockRequest(Phone, null, "Followed a resident in"), Ct);

        Assert.Equal(BlockStatus.Proposed, (await _core.Blocklist.CheckAsync(_guard, Phone, Ct))?.Status);
        await LogAsync();

        var confirmed = await _core.Blocklist.ConfirmAsync(_admin, proposal.Id, Ct);
        await Assert.ThrowsAsync<InvalidInputException>(() => LogAsync());
        await Assert.ThrowsAsync<ConflictException>(() => _core.Blocklist.ConfirmAsync(_admin, proposal.Id, Ct));

        Assert.Equal(BlockStatus.Active, confirmed.Status);
        Assert.NotNull(confirmed.ConfirmedAt);
        Assert.Equal((1, 1), (await AuditedAsync("blocklist.proposed"), await AuditedAsync("blocklist.confirmed")));
    }

    [Fact]
    public async Task AnAdminMayDeclineAProposalAndThePhoneIsAskedAboutAsBefore()
    {
        var proposal = await _core.Blocklist.ProposeAsync(_guard, new BlockRequest(Phone, "Door Seller", "Rude at the gate"), Ct);

        var declined = await _core.Blocklist.LiftAsync(_admin, proposal.Id, null, Ct);

        Assert.Equal(BlockStatus.Lifted, declined.Status);
        Assert.Equal(1, await AuditedAsync("blocklist.declined"));
        Assert.Empty((await _core.Blocklist.ListAsync(_admin, new PageRequest(0, 10), Ct)).Items);
        await Assert.ThrowsAsync<ConflictException>(() => _core.Blocklist.LiftAsync(_admin, proposal.Id, null, Ct));
        await LogAsync();
    }

    [Fact]
    public async Task AVisitorBlockedAfterTheyWereLoggedIsNotCheckedIn()
    {
        var visit = await LogAsync();
        await _core.Visits.ApproveAsync(_resident, visit.Id, Ct);
        await _core.Blocklist.AddAsync(_admin, new BlockRequest(Phone, null, "Seen stealing a parcel"), Ct);

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Visits.CheckInAsync(_guard, visit.Id, ct: Ct));

        Assert.Equal(Codes.VisitorBlocked, refused.Errors["phone"].Code);
        Assert.Equal(VisitStatus.Approved, (await _core.Storage.Visits.GetAsync(visit.Id, Ct))!.Status);
    }

    [Fact]
    public async Task AGuestPassDoesNotGetABlockedPhoneIn()
    {
        var pass = await _core.Passes.CreateAsync(CoreHarness.ActorOf(await _core.AddUserAsync(Role.Resident)),
            new PassRequest("Door Seller", Phone, _core.Clock.GetUtcNow(), _core.Clock.GetUtcNow().AddHours(4), PassUsage.SingleUse), Ct);
        await _core.Blocklist.AddAsync(_admin, new BlockRequest(Phone, null, "Harassed residents"), Ct);

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Passes.AdmitAsync(_guard, pass.Code, null, ct: Ct));

        Assert.Equal(Codes.VisitorBlocked, refused.Errors["code"].Code);
        Assert.Equal(0, (await _core.Storage.Passes.GetAsync(pass.Id, Ct))!.UseCount);
    }

    [Fact]
    public async Task EachRoleMayDoOnlyItsPart()
    {
        var request = new BlockRequest(Phone, null, "Reason");
        foreach (var actor in new[] { _guard, _resident })
        {
            Assert.Equal(Codes.BlocklistAdminsOnly, (await Assert.ThrowsAsync<NotAllowedException>(() => _core.Blocklist.AddAsync(actor, request, Ct))).Problem.Code);
            await Assert.ThrowsAsync<NotAllowedException>(() => _core.Blocklist.ListAsync(actor, new PageRequest(0, 10), Ct));
        }

        Assert.Equal(Codes.BlocklistStaffOnly, (await Assert.ThrowsAsync<NotAllowedException>(() => _core.Blocklist.ProposeAsync(_resident, request, Ct))).Problem.Code);
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Blocklist.CheckAsync(_resident, Phone, Ct));
        var proposal = await _core.Blocklist.ProposeAsync(_guard, request, Ct);
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Blocklist.ConfirmAsync(_guard, proposal.Id, Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Blocklist.LiftAsync(_guard, proposal.Id, null, Ct));
        var deactivated = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin, UserStatus.Deactivated));
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Blocklist.ConfirmAsync(deactivated, proposal.Id, Ct));
        Assert.Equal(BlockStatus.Proposed, (await _core.Storage.Blocklist.GetAsync(proposal.Id, Ct))!.Status);
    }

    [Fact]
    public async Task BadInputIsRefusedFieldByFieldAndStoresNothing()
    {
        var bad = await Assert.ThrowsAsync<InvalidInputException>(() =>
            _core.Blocklist.AddAsync(_admin, new BlockRequest("12345", new string('n', BlockedVisitor.MaxNameLength + 1), "  "), Ct));
        Assert.Equal(["phone", "reason", "visitorName"], bad.Errors.Keys.Order());
        await Assert.ThrowsAsync<InvalidInputException>(() =>
            _core.Blocklist.AddAsync(_admin, new BlockRequest(Phone, null, new string('r', BlockedVisitor.MaxReasonLength + 1)), Ct));
        Assert.Empty((await _core.Blocklist.ListAsync(_admin, new PageRequest(0, 10), Ct)).Items);

        await _core.Blocklist.ProposeAsync(_guard, new BlockRequest(Phone, null, "First"), Ct);
        Assert.Equal(Codes.BlocklistAlreadyProposed,
            (await Assert.ThrowsAsync<InvalidInputException>(() => _core.Blocklist.ProposeAsync(_guard, new BlockRequest(Phone, null, "Again"), Ct))).Errors["phone"].Code);
        await Assert.ThrowsAsync<NotFoundException>(() => _core.Blocklist.ConfirmAsync(_admin, Guid.NewGuid(), Ct));
        Assert.Equal(1, (await _core.Blocklist.ListAsync(_admin, new PageRequest(0, 10), Ct)).Total);
        Assert.Null(await _core.Blocklist.CheckAsync(_guard, "98765", Ct));
    }
}
