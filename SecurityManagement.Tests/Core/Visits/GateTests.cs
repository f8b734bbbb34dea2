using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Visits;

/// <summary>Several gates: admins name them; each visit records its gates; a guard's boards show their own gate's queue.</summary>
public sealed class GateTests : IAsyncLifetime
{
    private CoreHarness _core = null!;
    private Actor _admin = null!;
    private Actor _guard = null!;
    private Actor _resident = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreHarness.CreateAsync();
        _admin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin));
        _guard = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Guard));
        _resident = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Resident));
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    private Task<Visit> LogAtAsync(Guid? gate, string name = "Ravi Kumar", string flat = "A-101") =>
        _core.Visits.LogAsync(_guard, new VisitRequest(Builders.NextPhone().Value, name, VisitPurpose.Delivery, flat, null, null, gate), Ct);

    [Fact]
    public async Task AdminsNameRenameAndRetireGatesAuditedAndEveryServiceSeesThemAtOnce()
    {
        var main = await _core.Settings.AddGateAsync(_admin, "  Main gate ", Ct);
        var service = await _core.Settings.AddGateAsync(CoreHarness.ActorOf(await _core.AddUserAsync(Role.SuperAdmin)), "Service gate", Ct);
        var renamed = await _core.Settings.RenameGateAsync(_admin, service.Id, "Back gate", Ct);
        await _core.Settings.RetireGateAsync(_admin, main.Id, Ct);

        Assert.Equal("Main gate", main.Name);
        Assert.Equal([renamed], _core.Gate.GatesInUse);
        Assert.Equal("Main gate", _core.Gate.GateName(main.Id));
        Assert.Equal(4, _core.Settings.Current.Version);
        Assert.Equal(4, _core.Live.Published.Count(p => p is { Topic: Topics.Society, Event: SettingsChanged }));
        var actions = (await _core.Storage.Audit.ListAsync(new AuditFilter(), new PageRequest(0, 10), Ct)).Items.Select(e => e.Action).ToList();
        Assert.Equal(["gate.added", "gate.added", "gate.renamed", "gate.retired"], actions.Where(a => a.StartsWith("gate.", StringComparison.Ordinal)).Reverse());
        Assert.Equal((await _core.Storage.Settings.GetAsync(Ct))!.Gates, _core.Settings.Current.Gates);
    }

    [Fact]
    public async Task GuardsAndResidentsCannotNameGates()
    {
        foreach (var actor in new[] { _guard, _resident })
        {
            var refused = await Assert.ThrowsAsync<NotAllowedException>(() => _core.Settings.AddGateAsync(actor, "Main gate", Ct));
            Assert.Equal(Codes.AdminsOnlyGates, refused.Problem.Code);
        }

        var gate = await _core.Settings.AddGateAsync(_admin, "Main gate", Ct);
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Settings.RenameGateAsync(_guard, gate.Id, "Other", Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Settings.RetireGateAsync(_resident, gate.Id, Ct));
        Assert.Equal([gate], _core.Gate.GatesInUse);
    }

    [Fact]
    public async Task BadGateNamesAreRefusedAndChangeNothing()
    {
        var main = await _core.Settings.AddGateAsync(_admin, "Main gate", Ct);

        Assert.Equal(Codes.Required, (await Assert.ThrowsAsync<InvalidInputException>(() => _core.Settings.AddGateAsync(_admin, "  ", Ct))).Errors["gateName"].Code);
        Assert.Equal(Codes.TooLong,
            (await Assert.ThrowsAsync<InvalidInputException>(() => _core.Settings.AddGateAsync(_admin, new string('g', SocietyGate.MaxNameLength + 1), Ct))).Errors["gateName"].Code);
        Assert.Equal(Codes.GateNameTaken, (await Assert.ThrowsAsync<InvalidInputException>(() => _core.Settings.AddGateAsync(_admin, "MAIN GATE", Ct))).Errors["gateName"].Code);
        var service = await _core.Settings.AddGateAsync(_admin, "Service gate", Ct);
        await Assert.ThrowsAsync<InvalidInputException>(() => _core.Settings.RenameGateAsync(_admin, service.Id, "main gate", Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => _core.Settings.RenameGateAsync(_admin, Guid.NewGuid(), "Any", Ct));
        for (var i = 2; i < SocietyGate.MaxInUse; i++)
        {
            await _core.Settings.AddGateAsync(_admin, $"Gate {i}", Ct);
        }

        Assert.Equal(Codes.GateTooMany, (await Assert.ThrowsAsync<InvalidInputException>(() => _core.Settings.AddGateAsync(_admin, "One more", Ct))).Errors["gateName"].Code);
        Assert.Equal(["Main gate", "Service gate"], _core.Gate.GatesInUse.Take(2).Select(g => g.Name));

        // A retired gate's name is free again, and it cannot be renamed or retired twice.
        await _core.Settings.RetireGateAsync(_admin, main.Id, Ct);
        await _core.Settings.AddGateAsync(_admin, "Main gate", Ct);
        await Assert.ThrowsAsync<NotFoundException>(() => _core.Settings.RetireGateAsync(_admin, main.Id, Ct));
    }

    [Fact]
    public async Task OnceGatesAreNamedEachVisitRecordsWhereItCameInAndLeft()
    {
        var before = await LogAtAsync(null, "Before gates");
        var main = await _core.Settings.AddGateAsync(_admin, "Main gate", Ct);
        var service = await _core.Settings.AddGateAsync(_admin, "Service gate", Ct);

        var noGate = await Assert.ThrowsAsync<InvalidInputException>(() => LogAtAsync(null));
        Assert.Equal(Codes.GateChoose, noGate.Errors["gate"].Code);
        await Assert.ThrowsAsync<InvalidInputException>(() => LogAtAsync(Guid.NewGuid()));

        var visit = await LogAtAsync(main.Id);
        await _core.Visits.ApproveAsync(_resident, visit.Id, Ct);
        await _core.Visits.CheckInAsync(_guard, visit.Id, main.Id, Ct);
        var left = await _core.Visits.CheckOutAsync(_guard, visit.Id, service.Id, Ct);

        Assert.Null(before.Gate);
        Assert.Equal((main.Id, service.Id), (left.Gate, left.ExitGate));
        var exported = await _core.Storage.Visits.ExportAsync(new VisitLogFilter(Gate: main.Id), null, 10, Ct);
        Assert.Equal([(visit.Id, (Guid?)main.Id, (Guid?)service.Id)], exported.Select(r => (r.Id, r.Gate, r.ExitGate)));
    }

    [Fact]
    public async Task AGuardAtTheServiceGateSeesItsOwnQueueAndEveryoneInside()
    {
        var main = await _core.Settings.AddGateAsync(_admin, "Main gate", Ct);
        var service = await _core.Settings.AddGateAsync(_admin, "Service gate", Ct);
        var atMain = await LogAtAsync(main.Id, "Main gate visitor");
        var atService = await LogAtAsync(service.Id, "Service gate visitor", "A-102");
        var approvedAtMain = await LogAtAsync(main.Id, "Approved at main");
        await _core.Visits.ApproveAsync(_resident, approvedAtMain.Id, Ct);
        await _core.Visits.CheckInAsync(_guard, approvedAtMain.Id, main.Id, Ct);

        var serviceBoards = await _core.Visits.GetBoardsAsync(_guard, service.Id, Ct);
        var mainBoards = await _core.Visits.GetBoardsAsync(_guard, main.Id, Ct);

        Assert.Equal([atService.Id], serviceBoards.Waiting.Select(v => v.Id));
        Assert.Equal([atMain.Id], mainBoards.Waiting.Select(v => v.Id));
        Assert.Equal([approvedAtMain.Id], serviceBoards.Inside.Select(v => v.Id));
        Assert.Equal(Codes.GateChoose, (await Assert.ThrowsAsync<InvalidInputException>(() => _core.Visits.GetBoardsAsync(_guard, null, Ct))).Errors["gate"].Code);

        // A gate taken out of use: a tablet still set to it is told to choose, and its queue shows at the gates in use.
        await _core.Settings.RetireGateAsync(_admin, service.Id, Ct);
        await Assert.ThrowsAsync<InvalidInputException>(() => _core.Visits.GetBoardsAsync(_guard, service.Id, Ct));
        Assert.Equivalent(new[] { atMain.Id, atService.Id }, (await _core.Visits.GetBoardsAsync(_guard, main.Id, Ct)).Waiting.Select(v => v.Id), strict: true);
    }
}
