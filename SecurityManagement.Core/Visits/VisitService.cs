using System.Globalization;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Expected;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Reach;
using SecurityManagement.Core.Safety;

namespace SecurityManagement.Core.Visits;

/// <summary>
/// The gate loop: guards log visitors and let them in and out; the flat's active residents answer.
/// Every move is a compare-and-set in the store (the first answer wins), is audited, and is
/// published live to the flat and the gate.
/// </summary>
public sealed class VisitService(
    IVisitStore visits,
    IUserStore users,
    ActingUsers acting,
    IFlatStore flats,
    ILiveEvents live,
    IVisitAlerts alerts,
    BlocklistService blocklist,
    IExpectedStore expected,
    GateOptions gate,
    SocietyOptions society,
    TimeProvider clock)
{
    public const int BoardLimit = 100;

    /// <summary>The most visitors the evacuation list shows.</summary>
    public const int EvacuationLimit = 5_000;
    public const int RecentlyDoneLimit = 20;

    /// <summary>The most of today's visits a resident's "Today" shows (a flat has far fewer in a day).</summary>
    public const int TodayLimit = 200;

    /// <summary>A resident's reason for turning someone away, or a guard's note on how the flat said yes: a line, not a letter.</summary>
    public const int MaxReasonLength = 200;

    /// <summary>The visitor's last visit, so the form can fill in name and flat from the phone.</summary>
    public async Task<Visit?> FindVisitorAsync(Actor actor, string? phoneInput, CancellationToken ct = default)
    {
        await RequireGuardAsync(actor, ct);
        return PhoneNumber.TryParse(phoneInput, out var phone, out _) ? await visits.FindLatestByVisitorPhoneAsync(phone, ct) : null;
    }

    /// <summary>
    /// Logs a visitor for a flat of the directory; the flat's residents are asked at once, unless one of them said the
    /// visitor was coming: then the visit starts approved, uses that expectation up, and the flat is told it arrived.
    /// </summary>
    public async Task<Visit> LogAsync(Actor actor, VisitRequest request, CancellationToken ct = default)
    {
        var guard = await RequireGuardAsync(actor, ct);
        var errors = new InputErrors();
        var phone = errors.Check(() => PhoneNumber.Parse(request.Phone));
        var name = errors.Check(() => Text.Required(request.Name, "visitorName", Visit.MaxNameLength));
        var flat = errors.Check(() => FlatCode.Parse(request.Flat));
        if (flat is not null && await flats.GetAsync(flat, ct) is null)
        {
            errors.Add("flat", Codes.FlatUnknown, flat);
        }

        if (request.Purpose is not { } purpose || !Enum.IsDefined(purpose))
        {
            errors.Add("purpose", Codes.PurposeMissing);
            purpose = default;
        }

        errors.Check(() => Text.Optional(request.VehicleNumber, "vehicleNumber", Visit.MaxVehicleLength));
        errors.Check(() => Text.Optional(request.Note, "note", Visit.MaxNoteLength));
        errors.ThrowIfAny();
        var at = gate.Checked(request.Gate);
        var proposedBlock = await blocklist.RefuseIfBlockedAsync(guard, phone!, "phone", ct);

        // A resident's word lets the visitor in without asking, the most specific word first ("Amazon" before "any
        // delivery"); never a visitor a guard has proposed blocking, whom the flat is asked about.
        var now = Moment.Now(clock);
        var fits = proposedBlock is not null
            ? []
            : await ExpectedService.StandingAsync(users,
                [.. (await expected.ListOpenForFlatAsync(flat!, now, ct)).Where(e => e.Admits(purpose, name!, request.VehicleNumber, request.Note, now)).OrderBy(e => e.Detail is null)],
                ct);
        foreach (var fitting in fits)
        {
            var approved = Visit.Create(name, phone!, purpose, flat!, request.VehicleNumber, request.Note, guard.Id, now, VisitStatus.Approved, gate: at)
                with { ExpectedId = fitting.Id };
            var used = AuditEntry.Create(guard.Id, "expected.used", $"flat:{flat}", $"expected {fitting.Id}: visit {approved.Id}", now);
            if (await expected.TryUseAsync(fitting.Id, approved, used, Entry(guard.Id, "visit.logged", approved.Id, flat!), ct) is not null)
            {
                // The visit's own event tells the gate and the flat (whose screens reload their expected visitors with it).
                await PublishAsync(approved, ct);
                return approved;
            }
        }

        var visit = Visit.Create(name, phone!, purpose, flat!, request.VehicleNumber, request.Note, guard.Id, now, gate: at);
        await visits.AddAsync(visit, Entry(guard.Id, "visit.logged", visit.Id, visit.Flat), ct);
        await PublishAsync(visit, ct);
        return visit;
    }

    /// <summary>Flats of the directory starting with what the guard typed, for the flat field.</summary>
    public async Task<IReadOnlyList<FlatCode>> SearchFlatsAsync(Actor actor, string? prefix, CancellationToken ct = default)
    {
        await RequireGuardAsync(actor, ct);
        return prefix?.Trim().Length > FlatCode.MaxLength ? [] : [.. (await flats.SearchAsync(prefix ?? "", 20, ct)).Select(f => f.Code)];
    }

    /// <summary>
    /// The boards at the guard's gate: the waiting and approved boards hold the visits logged at that gate (and
    /// any logged before the gates were named, or at a gate since taken out of use, so nobody is left standing);
    /// inside and finished, everyone's, since a visitor may leave by any gate.
    /// </summary>
    public async Task<GateBoards> GetBoardsAsync(Actor actor, Guid? gateId = null, CancellationToken ct = default)
    {
        await RequireGuardAsync(actor, ct);
        var at = gate.Checked(gateId);
        IReadOnlyCollection<Guid> elsewhere = [.. gate.GatesInUse.Where(g => g.Id != at).Select(g => g.Id)];
        var pending = await visits.ListByStatusAsync(VisitStatus.Pending, BoardLimit, elsewhere, ct);
        var returned = await visits.ListByStatusAsync(VisitStatus.Returned, BoardLimit, elsewhere, ct);
        return new GateBoards(
            [.. returned.Concat(pending).OrderByDescending(v => v.StatusChangedAt)],
            [.. (await visits.ListByStatusAsync(VisitStatus.Approved, BoardLimit, elsewhere, ct)).OrderByDescending(v => v.StatusChangedAt)],
            await visits.ListByStatusAsync(VisitStatus.Inside, BoardLimit, ct: ct),
            await visits.ListFinishedSinceAsync(society.StartOfDay(clock.GetUtcNow()), RecentlyDoneLimit, ct));
    }

    /// <summary>
    /// Everyone inside now, longest inside first: the evacuation list. Guards and admins; up to
    /// <see cref="EvacuationLimit"/> (a society's gate never holds that many at once).
    /// </summary>
    public async Task<IReadOnlyList<Visit>> GetInsideAsync(Actor actor, CancellationToken ct = default)
    {
        await acting.RequireRoleAsync(actor, [Role.Guard, Role.Admin, Role.SuperAdmin], Codes.InsideStaffOnly, ct);
        return await visits.ListByStatusAsync(VisitStatus.Inside, EvacuationLimit, ct: ct);
    }

    /// <summary>The flat's active residents, for the guard to call when nobody answers.</summary>
    public async Task<IReadOnlyList<User>> GetFlatContactsAsync(Actor actor, FlatCode flat, CancellationToken ct = default)
    {
        await RequireGuardAsync(actor, ct);
        return (await users.ListAsync(new UserFilter(Role.Resident, UserStatus.Active, flat), new PageRequest(0, 20), ct)).Items;
    }

    /// <summary>Whether a waiting visit has gone unanswered long enough for the guard to call.</summary>
    public bool IsUnanswered(Visit visit) =>
        visit.Status == VisitStatus.Pending && clock.GetUtcNow() - visit.StatusChangedAt >= gate.NoAnswerAfter;

    /// <summary>
    /// The guard at <paramref name="gateId"/> lets the visitor in; the change records the gate. A visitor whose phone
    /// was blocked since they were logged is refused here too.
    /// </summary>
    public async Task<Visit> CheckInAsync(Actor actor, Guid visitId, Guid? gateId = null, CancellationToken ct = default)
    {
        var guard = await RequireGuardAsync(actor, ct);
        return await MoveAsync(guard, visitId, VisitStatus.Inside, null, null, ct, gate: gate.Checked(gateId),
            check: visit => blocklist.RefuseIfBlockedAsync(guard, visit.VisitorPhone, "phone", ct));
    }

    /// <summary>The visitor leaves by <paramref name="gateId"/>: their gate of exit.</summary>
    public async Task<Visit> CheckOutAsync(Actor actor, Guid visitId, Guid? gateId = null, CancellationToken ct = default) =>
        await MoveAsync(await RequireGuardAsync(actor, ct), visitId, VisitStatus.Completed, null, null, ct, gate: gate.Checked(gateId));

    /// <summary>The visitor left before going in.</summary>
    public async Task<Visit> CancelAsync(Actor actor, Guid visitId, string? note, Guid? gateId = null, CancellationToken ct = default) =>
        await MoveAsync(await RequireGuardAsync(actor, ct), visitId, VisitStatus.Cancelled, note, null, ct, gate: gate.Checked(gateId));

    /// <summary>The guard approves for the flat (say, after the intercom); the note saying how is required.</summary>
    public async Task<Visit> ApproveForFlatAsync(Actor actor, Guid visitId, string? note, Guid? gateId = null, CancellationToken ct = default)
    {
        var guard = await RequireGuardAsync(actor, ct);
        var required = Text.Required(note, "note", MaxReasonLength, "confirmNote");
        return await MoveAsync(guard, visitId, VisitStatus.Approved, required, null, ct, gate: gate.Checked(gateId));
    }

    /// <summary>Sends a returned ("not for us") visit to the right flat, where it waits for an answer again.</summary>
    public async Task<Visit> RerouteAsync(Actor actor, Guid visitId, string? flatInput, Guid? gateId = null, CancellationToken ct = default)
    {
        var guard = await RequireGuardAsync(actor, ct);
        var at = gate.Checked(gateId);
        var flat = FlatCode.Parse(flatInput);
        if (await flats.GetAsync(flat, ct) is null)
        {
            throw new InvalidInputException("flat", Codes.FlatUnknown, flat);
        }

        return await MoveAsync(guard, visitId, VisitStatus.Pending, $"Re-routed to {flat}", flat, ct, gate: at);
    }

    /// <summary>The resident's flat's requests waiting for an answer, oldest first.</summary>
    public async Task<IReadOnlyList<Visit>> GetPendingAsync(Actor actor, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        return await visits.ListPendingForFlatAsync(resident.Flat!, ct);
    }

    /// <summary>The resident's flat's visits that arrived today (the society's day), newest first, each with who answered it.</summary>
    public async Task<IReadOnlyList<FlatVisit>> GetTodayAsync(Actor actor, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        var today = await visits.ListForFlatSinceAsync(resident.Flat!, society.StartOfDay(clock.GetUtcNow()), TodayLimit, ct);
        var names = new Dictionary<Guid, string?>();
        var lines = new List<FlatVisit>();
        foreach (var visit in today)
        {
            var answer = visit.Answer;
            string? by = null;
            if (answer?.ActorId is { } id && !names.TryGetValue(id, out by))
            {
                by = names[id] = (await users.GetAsync(id, ct))?.FullName;
            }

            lines.Add(new FlatVisit(visit, answer, by));
        }

        return lines;
    }

    /// <summary>The resident's flat's visits, newest first.</summary>
    public async Task<Page<Visit>> GetHistoryAsync(Actor actor, PageRequest page, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        return await visits.ListForFlatAsync(resident.Flat!, page, ct);
    }

    public async Task<Visit> ApproveAsync(Actor actor, Guid visitId, CancellationToken ct = default) =>
        await MoveAsync(await RequireResidentAsync(actor, ct), visitId, VisitStatus.Approved, null, null, ct);

    public async Task<Visit> DenyAsync(Actor actor, Guid visitId, string? reason, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        var required = Text.Required(reason, "reason", MaxReasonLength);
        return await MoveAsync(resident, visitId, VisitStatus.Denied, required, null, ct);
    }

    /// <summary>
    /// The resident's answer to the request as it was at change count <paramref name="round"/> (a notification
    /// or a text message's link was made then): refused, saying who acted first, once the visit has moved on.
    /// </summary>
    public async Task<Visit> AnswerAsync(Actor actor, Guid visitId, int round, bool approve, string? reason, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        var note = approve ? null : Text.Required(reason, "reason", MaxReasonLength);
        return await MoveAsync(resident, visitId, approve ? VisitStatus.Approved : VisitStatus.Denied, note, null, ct, round);
    }

    /// <summary>Wrong flat: the request goes back to the guard, marked for re-routing.</summary>
    public async Task<Visit> NotForUsAsync(Actor actor, Guid visitId, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        return await MoveAsync(resident, visitId, VisitStatus.Returned, $"Not for {resident.Flat}", null, ct);
    }

    /// <summary>
    /// The system's sweep: requests nobody answered in time expire, and approved visitors who never came
    /// in, or returned requests nobody re-routed, are closed once they are older than the gate's setting,
    /// so the boards hold only what is live. Returns how many it closed.
    /// </summary>
    public async Task<int> ExpireOverdueAsync(CancellationToken ct = default)
    {
        var unused = $"Not used within {gate.CloseUnusedAfter.TotalHours:0} hours";
        return await ExpireAsync(VisitStatus.Pending, gate.ExpireAfter, $"No answer in {gate.ExpireAfter.TotalMinutes:0} minutes", ct)
            + await ExpireAsync(VisitStatus.Approved, gate.CloseUnusedAfter, unused, ct)
            + await ExpireAsync(VisitStatus.Returned, gate.CloseUnusedAfter, unused, ct);
    }

    private async Task<int> ExpireAsync(VisitStatus status, TimeSpan after, string note, CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - after;
        var expired = 0;
        foreach (var visit in await visits.ListByStatusAsync(status, BoardLimit, ct: ct))
        {
            if (visit.StatusChangedAt > cutoff)
            {
                break;
            }

            var change = VisitStatusChange.Create(status, VisitStatus.Expired, null, Moment.Now(clock), note);
            if (await visits.TryChangeStatusAsync(visit.Id, visit.History.Count, change, Entry(null, "visit.expired", visit.Id, visit.Flat), ct) is { } done)
            {
                expired++;
                await PublishAsync(done, ct);
            }
        }

        return expired;
    }

    private Task<User> RequireGuardAsync(Actor actor, CancellationToken ct) =>
        acting.RequireRoleAsync(actor, [Role.Guard], Codes.GuardsOnlyGate, ct);

    private async Task<User> RequireResidentAsync(Actor actor, CancellationToken ct)
    {
        var user = await acting.RequireActiveAsync(actor, ct);
        return user is { Role: Role.Resident, Flat: not null } ? user : throw new NotAllowedException(Codes.ResidentsOnlyAnswer);
    }

    /// <summary>Moves the visit if it is still where the actor saw it; otherwise says who moved it first.</summary>
    private async Task<Visit> MoveAsync(
        User actor, Guid visitId, VisitStatus to, string? note, FlatCode? routedTo, CancellationToken ct, int? round = null, Guid? gate = null,
        Func<Visit, Task>? check = null)
    {
        var visit = await visits.GetAsync(visitId, ct) ?? throw new NotFoundException(Codes.VisitNotFound);
        if (actor.Role == Role.Resident && visit.Flat != actor.Flat)
        {
            throw new NotAllowedException(Codes.VisitNotYourFlat);
        }

        if (!VisitStatusMachine.CanMove(visit.Status, to) || (round is { } seen && seen != visit.History.Count))
        {
            throw await StaleAsync(visit, ct);
        }

        if (check is not null)
        {
            await check(visit);
        }

        var change = VisitStatusChange.Create(visit.Status, to, actor.Id, Moment.Now(clock), note, routedTo) with { Gate = gate };
        var entry = Entry(actor.Id, $"visit.{to.ToString().ToLowerInvariant()}", visit.Id, routedTo ?? visit.Flat);
        var moved = await visits.TryChangeStatusAsync(visit.Id, visit.History.Count, change, entry, ct);
        if (moved is null)
        {
            var now = await visits.GetAsync(visit.Id, ct) ?? throw new NotFoundException(Codes.VisitNotFound);
            throw await StaleAsync(now, ct);
        }

        await PublishAsync(moved, ct);
        if (routedTo is not null && routedTo != visit.Flat)
        {
            await live.PublishAsync(Topics.Flat(visit.Flat), new VisitChanged(moved));
        }

        return moved;
    }

    /// <summary>Who acted first, when and with what note: "Rahul Sharma already approved this visit at 10:02."</summary>
    private async Task<ConflictException> StaleAsync(Visit visit, CancellationToken ct)
    {
        if (visit.History.Count == 0)
        {
            return new ConflictException(Codes.VisitCannotMove, visit.Status);
        }

        var last = visit.History[^1];
        object who = last.ActorId is { } id ? (await users.GetAsync(id, ct))?.FullName ?? (object)new Word("someone") : new Word("system");
        var code = last.To switch
        {
            VisitStatus.Approved => Codes.VisitAlreadyApproved,
            VisitStatus.Denied => Codes.VisitAlreadyDenied,
            VisitStatus.Returned => Codes.VisitAlreadyReturned,
            VisitStatus.Pending => Codes.VisitAlreadyRerouted,
            VisitStatus.Inside => Codes.VisitAlreadyCheckedIn,
            VisitStatus.Completed => Codes.VisitAlreadyCheckedOut,
            VisitStatus.Cancelled => Codes.VisitAlreadyCancelled,
            _ => Codes.VisitAlreadyClosed,
        };
        return new ConflictException(code, who, last.At, last.Note is null ? "" : $" ({last.Note})");
    }

    /// <summary>
    /// The audit trail is permanent (hash-chained), so it names the visit and the flat, never the
    /// visitor or a note: those live on the visit, where retention can remove them.
    /// </summary>
    private AuditEntry Entry(Guid? actorId, string action, Guid visitId, FlatCode flat) =>
        AuditEntry.Create(actorId, action, $"visit:{visitId}", $"for {flat}", Moment.Now(clock));

    /// <summary>The change is stored: the flat is reached beyond its screens whatever happens to the caller, then the screens hear of it.</summary>
    private async Task PublishAsync(Visit visit, CancellationToken ct)
    {
        alerts.Changed(visit);
        ct.ThrowIfCancellationRequested();
        await live.PublishAsync(Topics.Flat(visit.Flat), new VisitChanged(visit));
        await live.PublishAsync(Topics.Gate, new VisitChanged(visit));
    }
}
