using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Expected;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Reach;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Parcels;

/// <summary>Told of each parcel kept at the gate, to tell the flat's phones; never blocks the gate.</summary>
public interface IParcelAlerts
{
    void Kept(Parcel parcel);
}

/// <summary>
/// Leave at the gate: a flat asks for its deliveries to be kept at the gate (always, or for one expected delivery); the guard,
/// told so when logging a delivery for it, takes the parcel instead of sending the rider up; the flat is told; the parcel waits
/// on the gate's board until a resident of the flat or a guard marks it collected (who and when). Audited, live to the gate and the flat.
/// </summary>
public sealed class ParcelService(
    IParcelStore parcels,
    IExpectedStore expected,
    IReachStore households,
    IUserStore users,
    IFlatStore flats,
    ActingUsers acting,
    ILiveEvents live,
    IParcelAlerts alerts,
    GateOptions gate,
    TimeProvider clock)
{
    /// <summary>The most the gate's board lists (a society's gate holds far fewer at once).</summary>
    public const int BoardLimit = 200;

    /// <summary>How long a flat sees a collected parcel on its list.</summary>
    public static readonly TimeSpan CollectedShownFor = TimeSpan.FromDays(1);

    private const int FlatLimit = 50;

    /// <summary>
    /// Guards: whether a delivery being logged for this flat should be kept at the gate instead (the flat's expected delivery
    /// that fits, else the household's default); null when it should go up as usual, or the flat is not one of the directory.
    /// </summary>
    public async Task<LeaveAtGate?> WantsLeftAsync(Actor actor, string? flatInput, string? company, string? note, CancellationToken ct = default)
    {
        await RequireGuardAsync(actor, ct);
        if (!FlatCode.TryParse(flatInput, out var flat, out _) || await flats.GetAsync(flat, ct) is null)
        {
            return null;
        }

        if (await FittingAsync(flat, company, note, ct) is { } fitting)
        {
            return new LeaveAtGate(flat, fitting.Id);
        }

        return (await households.GetHouseholdAsync(flat, ct)).LeaveDeliveries ? new LeaveAtGate(flat, null) : null;
    }

    /// <summary>Guards: keeps a parcel for a flat of the directory at this tablet's gate, using up the flat's fitting expected delivery.</summary>
    public async Task<Parcel> KeepAsync(Actor actor, ParcelRequest request, CancellationToken ct = default)
    {
        var guard = await RequireGuardAsync(actor, ct);
        var errors = new InputErrors();
        var flat = errors.Check(() => FlatCode.Parse(request.Flat));
        if (flat is not null && await flats.GetAsync(flat, ct) is null)
        {
            errors.Add("flat", Codes.FlatUnknown, flat);
        }

        var company = errors.Check(() => Text.Required(request.Company, "company", Parcel.MaxCompanyLength));
        var note = errors.Check(() => Text.Optional(request.Note, "note", Parcel.MaxNoteLength));
        errors.ThrowIfAny();
        var at = gate.Checked(request.Gate);
        var now = Moment.Now(clock);
        var fitting = await FittingAsync(flat!, company, note, ct);
        var parcel = new Parcel
        {
            Id = Guid.CreateVersion7(),
            Flat = flat!,
            Company = company!,
            Note = note,
            KeptBy = guard.Id,
            KeptByName = guard.FullName,
            KeptAt = now,
            Gate = at,
            ExpectedId = fitting?.Id,
        };
        var kept = await parcels.AddAsync(parcel, Entry(guard.Id, "parcel.kept", parcel),
            AuditEntry.Create(guard.Id, "expected.used", $"flat:{parcel.Flat}", $"expected {fitting?.Id}: parcel {parcel.Id}", now), ct);
        await PublishAsync(kept);
        if (kept.ExpectedId is not null)
        {
            var changed = new ExpectedChanged(kept.Flat.Value);
            await live.PublishAsync(Topics.Gate, changed);
            await live.PublishAsync(Topics.Flat(kept.Flat), changed);
        }

        alerts.Kept(kept);
        return kept;
    }

    /// <summary>Guards: the parcels waiting at the gate, oldest first.</summary>
    public async Task<IReadOnlyList<Parcel>> ListWaitingAsync(Actor actor, CancellationToken ct = default)
    {
        await RequireGuardAsync(actor, ct);
        return await parcels.ListWaitingAsync(BoardLimit, ct);
    }

    /// <summary>Residents: whether their flat's deliveries are kept at the gate, and its parcels waiting and those collected in the last day, newest first.</summary>
    public async Task<FlatParcels> GetMineAsync(Actor actor, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        return new FlatParcels(
            (await households.GetHouseholdAsync(resident.Flat!, ct)).LeaveDeliveries,
            await parcels.ListForFlatAsync(resident.Flat!, Moment.Now(clock) - CollectedShownFor, FlatLimit, ct));
    }

    /// <summary>A guard, or a resident of the parcel's flat, marks it collected; refused when it already was.</summary>
    public async Task<Parcel> CollectAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        var user = await acting.RequireRoleAsync(actor, [Role.Guard, Role.Resident], Codes.ParcelNotAllowed, ct);
        var parcel = await parcels.GetAsync(id, ct) ?? throw new NotFoundException(Codes.ParcelNotFound);
        if (user.Role == Role.Resident && user.Flat != parcel.Flat)
        {
            throw new NotAllowedException(Codes.ParcelNotYourFlat);
        }

        var collected = await parcels.TryCollectAsync(id, Moment.Now(clock), user.Id, user.FullName, Entry(user.Id, "parcel.collected", parcel), ct)
            ?? throw new ConflictException(Codes.ParcelCollected);
        await PublishAsync(collected);
        return collected;
    }

    /// <summary>Any resident of the flat sets whether its deliveries are kept at the gate (audited).</summary>
    public async Task SetLeaveDeliveriesAsync(Actor actor, bool leave, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        var household = await households.GetHouseholdAsync(resident.Flat!, ct);
        if (household.LeaveDeliveries == leave)
        {
            return;
        }

        await households.SaveHouseholdAsync(household with { LeaveDeliveries = leave },
            AuditEntry.Create(resident.Id, "household.parcels-changed", $"flat:{household.Flat}",
                leave ? "deliveries kept at the gate" : "deliveries sent up", Moment.Now(clock)), ct);
        await live.PublishAsync(Topics.Flat(household.Flat), new ParcelChanged(household.Flat.Value));
    }

    /// <summary>The flat's open expected delivery to be left at the gate that fits (a named company first), whose resident still lives there.</summary>
    private async Task<ExpectedVisitor?> FittingAsync(FlatCode flat, string? company, string? note, CancellationToken ct)
    {
        var now = Moment.Now(clock);
        var open = (await expected.ListOpenForFlatAsync(flat, now, ct))
            .Where(e => e.LeaveAtGate && e.Admits(VisitPurpose.Delivery, company ?? "", null, note, now))
            .OrderBy(e => e.Detail is null)
            .ToList();
        return await ExpectedService.StandingAsync(users, open, ct) is [var first, ..] ? first : null;
    }

    private Task<User> RequireGuardAsync(Actor actor, CancellationToken ct) =>
        acting.RequireRoleAsync(actor, [Role.Guard], Codes.GuardsOnlyGate, ct);

    private async Task<User> RequireResidentAsync(Actor actor, CancellationToken ct)
    {
        var user = await acting.RequireRoleAsync(actor, [Role.Resident], Codes.ParcelNotAllowed, ct);
        return user.Flat is null ? throw new NotAllowedException(Codes.ParcelNotAllowed) : user;
    }

    private async Task PublishAsync(Parcel parcel)
    {
        var changed = new ParcelChanged(parcel.Flat.Value);
        await live.PublishAsync(Topics.Gate, changed);
        await live.PublishAsync(Topics.Flat(parcel.Flat), changed);
    }

    /// <summary>Names the parcel and its flat; who it is from (often a rider's name) and the note stay on the parcel, which retention removes.</summary>
    private AuditEntry Entry(Guid actorId, string action, Parcel parcel) =>
        AuditEntry.Create(actorId, action, $"flat:{parcel.Flat}", $"parcel {parcel.Id}", Moment.Now(clock));
}
