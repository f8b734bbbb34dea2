using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Safety;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Safety;

public sealed class SosServiceTests : IAsyncLifetime
{
    private CoreHarness _core = null!;
    private User _resident = null!;
    private User _guard = null!;
    private User _otherGuard = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreHarness.CreateAsync();
        _resident = await _core.AddUserAsync(Role.Resident);
        _guard = await _core.AddUserAsync(Role.Guard);
        _otherGuard = await _core.AddUserAsync(Role.Guard);
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    private Task<SosAlert> RaiseAsync(SosKind kind = SosKind.Medical) => _core.Sos.RaiseAsync(CoreHarness.ActorOf(_resident), kind, Ct);

    [Fact]
    public async Task AResidentsSosRingsAtTheGateAndInTheFlatAndIsAudited()
    {
        var alert = await RaiseAsync(SosKind.Fire);

        Assert.Equal((SosKind.Fire, "A-101", _resident.FullName, _resident.Phone, true), (alert.Kind, alert.Flat.Value, alert.RaisedByName, alert.RaisedByPhone, alert.IsRinging));
        Assert.Contains(_core.Live.Published, p => p is { Topic: Topics.Gate, Event: SosChanged { Alert.Id: var id } } && id == alert.Id);
        Assert.Contains(_core.Live.Published, p => p is { Topic: "flat:A-101", Event: SosChanged });
        var entry = (await _core.Storage.Audit.ListAsync(new AuditFilter(Action: "sos.raised"), new PageRequest(0, 5), Ct)).Items.Single();
        Assert.Equal((_resident.Id, "flat:A-101"), (entry.ActorId, entry.Subject));
        Assert.Equal([alert.Id], (await _core.Sos.ListOpenAsync(CoreHarness.ActorOf(_guard), Ct)).Select(a => a.Id));
    }

    [Fact]
    public async Task PressingAgainWhileTheFlatsSosIsOpenIsTheSameSosAndTwoResidentsAtOnceMakeOne()
    {
        var neighbour = await _core.AddUserAsync(Role.Resident);
        var first = await RaiseAsync();

        Assert.Equal(first.Id, (await RaiseAsync(SosKind.Intruder)).Id);
        Assert.Equal(first.Id, (await _core.Sos.RaiseAsync(CoreHarness.ActorOf(neighbour), SosKind.Other, Ct)).Id);
        await _core.Sos.CloseAsync(CoreHarness.ActorOf(_guard), first.Id, "Handled", Ct);

        var racing = await Task.WhenAll(
            Task.Run(() => RaiseAsync(), Ct),
            Task.Run(() => _core.Sos.RaiseAsync(CoreHarness.ActorOf(neighbour), SosKind.Fire, Ct), Ct));

        Assert.Equal(racing[0].Id, racing[1].Id);
        Assert.Single(await _core.Sos.ListOpenAsync(CoreHarness.ActorOf(_guard), Ct));
    }

    [Fact]
    public async Task TheFirstGuardToAcknowledgeStopsTheAlarmAndTheNextIsToldWhoIsGoing()
    {
        var alert = await RaiseAsync();

        var acknowledged = await _core.Sos.AcknowledgeAsync(CoreHarness.ActorOf(_guard), alert.Id, Ct);
        var late = await Assert.ThrowsAsync<ConflictException>(() => _core.Sos.AcknowledgeAsync(CoreHarness.ActorOf(_otherGuard), alert.Id, Ct));

        Assert.Equal((_guard.Id, _guard.FullName, false, true), (acknowledged.AcknowledgedBy, acknowledged.AcknowledgedByName, acknowledged.IsRinging, acknowledged.IsOpen));
        Assert.Equal(new Problem(Codes.SosAcknowledgedBy, _guard.FullName), late.Problem);
        Assert.Equal(_guard.FullName, (await _core.Sos.ListForMyFlatAsync(CoreHarness.ActorOf(_resident), Ct)).Single().AcknowledgedByName);
    }

    [Fact]
    public async Task AGuardClosesWithANoteOnlyOnceAndAClosedSosIsAcknowledgedToo()
    {
        var alert = await RaiseAsync();

        var empty = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Sos.CloseAsync(CoreHarness.ActorOf(_guard), alert.Id, "  ", Ct));
        var tooLong = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Sos.CloseAsync(CoreHarness.ActorOf(_guard), alert.Id, new string('x', SosAlert.MaxNoteLength + 1), Ct));
        Assert.Equal(["note"], empty.Errors.Keys);
        Assert.Equal(["note"], tooLong.Errors.Keys);
        Assert.True((await _core.Storage.Sos.GetAsync(alert.Id, Ct))!.IsRinging);

        var closed = await _core.Sos.CloseAsync(CoreHarness.ActorOf(_otherGuard), alert.Id, " Fainted; ambulance called ", Ct);

        Assert.Equal((false, "Fainted; ambulance called", _otherGuard.FullName, _otherGuard.FullName), (closed.IsOpen, closed.CloseNote, closed.ClosedByName, closed.AcknowledgedByName));
        Assert.Empty(await _core.Sos.ListOpenAsync(CoreHarness.ActorOf(_guard), Ct));
        Assert.Equal(Codes.SosClosed, (await Assert.ThrowsAsync<ConflictException>(() => _core.Sos.CloseAsync(CoreHarness.ActorOf(_guard), alert.Id, "Again", Ct))).Problem.Code);
        Assert.Equal(Codes.SosClosed, (await Assert.ThrowsAsync<ConflictException>(() => _core.Sos.AcknowledgeAsync(CoreHarness.ActorOf(_guard), alert.Id, Ct))).Problem.Code);
        Assert.Single((await _core.Storage.Audit.ListAsync(new AuditFilter(Action: "sos.closed"), new PageRequest(0, 5), Ct)).Items);
    }

    [Fact]
    public async Task UnacknowledgedPastTheSetTimeEveryActiveGuardAndAdminIsTextedOnce()
    {
        var admin = await _core.AddUserAsync(Role.Admin);
        var superAdmin = await _core.AddUserAsync(Role.SuperAdmin);
        var away = await _core.AddUserAsync(Role.Guard, UserStatus.Deactivated);
        var alert = await RaiseAsync(SosKind.Intruder);

        _core.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await _core.Sos.EscalateAsync(Ct));
        Assert.Empty(_core.Sms.Sent);

        _core.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await _core.Sos.EscalateAsync(Ct));
        _core.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, await _core.Sos.EscalateAsync(Ct));

        Assert.Equal(
            new[] { _guard, _otherGuard, admin, superAdmin }.Select(u => u.Phone.Value).Order(),
            _core.Sms.Sent.Select(s => s.To.Value).Order());
        Assert.DoesNotContain(_core.Sms.Sent, s => s.To == away.Phone);
        Assert.All(_core.Sms.Sent, s => Assert.Contains($"A-101", s.Message, StringComparison.Ordinal));
        Assert.All(_core.Sms.Sent, s => Assert.Contains(_resident.Phone.Value, s.Message, StringComparison.Ordinal));
        Assert.NotNull((await _core.Storage.Sos.GetAsync(alert.Id, Ct))!.EscalatedAt);
        Assert.True((await _core.Storage.Sos.GetAsync(alert.Id, Ct))!.IsRinging);
    }

    [Fact]
    public async Task AnAcknowledgedSosIsNeverTexted()
    {
        var alert = await RaiseAsync();
        _core.Clock.Advance(TimeSpan.FromSeconds(10));
        await _core.Sos.AcknowledgeAsync(CoreHarness.ActorOf(_guard), alert.Id, Ct);

        _core.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(0, await _core.Sos.EscalateAsync(Ct));
        Assert.Empty(_core.Sms.Sent);
    }

    [Fact]
    public async Task OneUnreachablePhoneDoesNotStopTheEscalation()
    {
        await RaiseAsync();
        _core.Clock.Advance(TimeSpan.FromSeconds(30));
        _core.Sms.Failing = true;

        Assert.Equal(1, await _core.Sos.EscalateAsync(Ct));
        _core.Sms.Failing = false;
        Assert.Equal(0, await _core.Sos.EscalateAsync(Ct));
    }

    [Theory]
    [InlineData(Role.Guard)]
    [InlineData(Role.Admin)]
    [InlineData(Role.SuperAdmin)]
    public async Task OnlyResidentsRaiseAnSos(Role role)
    {
        var someone = await _core.AddUserAsync(role);

        var refused = await Assert.ThrowsAsync<NotAllowedException>(() => _core.Sos.RaiseAsync(CoreHarness.ActorOf(someone), SosKind.Fire, Ct));

        Assert.Equal(Codes.SosResidentsOnly, refused.Problem.Code);
        Assert.Empty(await _core.Storage.Sos.ListOpenAsync(Ct));
    }

    [Fact]
    public async Task ResidentsNeitherSeeTheGatesAlertsNorAnswerThem()
    {
        var alert = await RaiseAsync();
        var resident = CoreHarness.ActorOf(_resident);

        Assert.Equal(Codes.SosStaffOnly, (await Assert.ThrowsAsync<NotAllowedException>(() => _core.Sos.ListOpenAsync(resident, Ct))).Problem.Code);
        Assert.Equal(Codes.SosStaffOnly, (await Assert.ThrowsAsync<NotAllowedException>(() => _core.Sos.AcknowledgeAsync(resident, alert.Id, Ct))).Problem.Code);
        Assert.Equal(Codes.SosStaffOnly, (await Assert.ThrowsAsync<NotAllowedException>(() => _core.Sos.CloseAsync(resident, alert.Id, "Fine", Ct))).Problem.Code);
        Assert.Equal(Codes.SosResidentsOnly, (await Assert.ThrowsAsync<NotAllowedException>(() => _core.Sos.ListForMyFlatAsync(CoreHarness.ActorOf(_guard), Ct))).Problem.Code);
        Assert.True((await _core.Storage.Sos.GetAsync(alert.Id, Ct))!.IsRinging);
    }

    [Fact]
    public async Task ADeactivatedResidentCannotRaiseAndAnUnknownKindOrSosIsRefused()
    {
        var stale = CoreHarness.ActorOf(_resident);
        await _core.Users.DeactivateAsync(await _core.SignInAsync(await _core.AddUserAsync(Role.Admin)), _resident.Id, "Moved out", Ct);

        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Sos.RaiseAsync(stale, SosKind.Fire, Ct));
        var neighbour = await _core.AddUserAsync(Role.Resident);
        Assert.Equal(["kind"], (await Assert.ThrowsAsync<InvalidInputException>(() => _core.Sos.RaiseAsync(CoreHarness.ActorOf(neighbour), (SosKind)42, Ct))).Errors.Keys);
        await Assert.ThrowsAsync<NotFoundException>(() => _core.Sos.AcknowledgeAsync(CoreHarness.ActorOf(_guard), Guid.NewGuid(), Ct));
        Assert.Empty(await _core.Storage.Sos.ListOpenAsync(Ct));
    }
}
