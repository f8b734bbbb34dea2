using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Passes;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Help;

/// <summary>Told of each helper's entry and exit, to tell the flats that asked; never blocks the gate.</summary>
public interface IHelperAlerts
{
    void Moved(HelperMoved moved);
}

/// <summary>
/// Daily help. Residents add their helpers (one already in the directory, known by phone, is linked to their flat as well),
/// see their code, today's comings and goings and a month's attendance, choose to be told, and remove them from their flat;
/// admins see the whole directory and remove anyone. Guards find a helper by code or name and check them in and out in two
/// taps: only a helper whom some flat with an active resident employs comes in. Everything is audited and live.
/// </summary>
public sealed class HelperService(
    IHelperStore helpers,
    IUserStore users,
    ActingUsers acting,
    ILiveEvents live,
    IHelperAlerts alerts,
    GateOptions gate,
    SocietyOptions society,
    TimeProvider clock)
{
    /// <summary>The most a search at the gate shows.</summary>
    public const int FindLimit = 8;

    /// <summary>The most the gate lists as inside now (a society has far fewer).</summary>
    public const int InsideLimit = 300;

    /// <summary>The most helpers a flat may have.</summary>
    public const int MostPerFlat = 15;

    private const int MaxCodeTries = 20;

    /// <summary>Residents: adds their helper, or links one the directory knows by phone to their flat too.</summary>
    public async Task<Helper> AddAsync(Actor actor, HelperRequest request, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        var errors = new InputErrors();
        var name = errors.Check(() => Text.Required(request.Name, "name", Helper.MaxNameLength, "helperName"));
        var phone = errors.Check(() => PhoneNumber.Parse(request.Phone, "phone"));
        if (request.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors.Add("kind", Codes.HelperKindMissing);
            kind = default;
        }

        errors.ThrowIfAny();
        var flat = resident.Flat!;
        if ((await helpers.ListForFlatAsync(flat, ct)).Count >= MostPerFlat)
        {
            throw new InvalidInputException("name", Codes.HelperTooMany, MostPerFlat);
        }

        var now = Moment.Now(clock);
        var link = new HelperFlat(flat, resident.Id, now);
        var known = await helpers.FindByPhoneAsync(phone!, ct);
        if (known?.RemovedAt is not null)
        {
            // An admin took them out of the directory: a resident does not bring them back under a new code.
            throw new InvalidInputException("phone", Codes.HelperPhoneRemoved);
        }

        if (known is not null)
        {
            if (known.Employs(flat))
            {
                throw new InvalidInputException("phone", Codes.HelperAlreadyYours, known.Name);
            }

            if (!await helpers.TryLinkAsync(known.Id, link, Entry(resident.Id, "helper.linked", known, $"to {flat}"), ct))
            {
                throw new ConflictException(Codes.HelperChangedMeanwhile);
            }

            var linked = known with { Flats = [.. known.Flats, link] };
            await PublishAsync(linked);
            return linked;
        }

        var helper = new Helper
        {
            Id = Guid.CreateVersion7(),
            Name = name!,
            Phone = phone!,
            Kind = kind,
            Code = GuestPass.NewCode(),
            CreatedBy = resident.Id,
            CreatedAt = now,
            Flats = [link],
        };
        for (var tries = 1; ; tries++)
        {
            try
            {
                await helpers.AddAsync(helper, Entry(resident.Id, "helper.added", helper, $"{kind} for {flat}"), ct);
                break;
            }
            catch (HelperCodeTakenException) when (tries < MaxCodeTries)
            {
                helper = helper with { Code = GuestPass.NewCode() };
            }
            catch (HelperCodeTakenException)
            {
                throw new ConflictException(Codes.PassNoFreeCode);
            }
        }

        await PublishAsync(helper);
        return helper;
    }

    /// <summary>Residents: their flat's helpers, by name, with today's comings and goings.</summary>
    public async Task<IReadOnlyList<FlatHelper>> ListMineAsync(Actor actor, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        var mine = await helpers.ListForFlatAsync(resident.Flat!, ct);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Moment.Now(clock), society.TimeZone).Date);
        var visits = mine.Count == 0 ? [] : await helpers.ListVisitsAsync([.. mine.Select(h => h.Id)], society.StartOf(today), society.StartOf(today.AddDays(1)), ct);
        return [.. mine.Select(h => new FlatHelper(h, Since(h, resident.Flat!, visits)))];
    }

    /// <summary>Residents: a helper of their flat's stays that began in the month (society time) of <paramref name="month"/>.</summary>
    public async Task<IReadOnlyList<HelperVisit>> AttendanceAsync(Actor actor, Guid helperId, DateOnly month, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        var helper = await MineAsync(resident, helperId, ct);
        var first = new DateOnly(month.Year, month.Month, 1);
        return Since(helper, resident.Flat!, await helpers.ListVisitsAsync([helper.Id], society.StartOf(first), society.StartOf(first.AddMonths(1)), ct));
    }

    /// <summary>The helper's stays since the flat took them on: a flat sees nothing of their days before it employed them.</summary>
    private static IReadOnlyList<HelperVisit> Since(Helper helper, FlatCode flat, IEnumerable<HelperVisit> visits)
    {
        var since = helper.Flats.First(f => f.Flat == flat).AddedAt;
        return [.. visits.Where(v => v.HelperId == helper.Id && (v.OutAt ?? DateTimeOffset.MaxValue) >= since)];
    }

    /// <summary>Residents: whether their flat is told when the helper comes and goes.</summary>
    public async Task SetNotifyAsync(Actor actor, Guid helperId, bool notify, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        var helper = await MineAsync(resident, helperId, ct);
        if (helper.Flats.First(f => f.Flat == resident.Flat).Notify == notify)
        {
            return;
        }

        if (!await helpers.TrySetNotifyAsync(helper.Id, resident.Flat!, notify,
                Entry(resident.Id, "helper.notify-changed", helper, $"{resident.Flat}: {(notify ? "on" : "off")}"), ct))
        {
            throw new ConflictException(Codes.HelperChangedMeanwhile);
        }

        await PublishAsync(helper);
    }

    /// <summary>Residents: the flat no longer employs the helper (others may still).</summary>
    public async Task LetGoAsync(Actor actor, Guid helperId, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        var helper = await MineAsync(resident, helperId, ct);
        if (!await helpers.TryUnlinkAsync(helper.Id, resident.Flat!, Entry(resident.Id, "helper.unlinked", helper, $"from {resident.Flat}"), ct))
        {
            throw new ConflictException(Codes.HelperChangedMeanwhile);
        }

        await PublishAsync(helper);
    }

    /// <summary>Admins: the directory, by name.</summary>
    public async Task<Page<Helper>> ListAsync(Actor actor, string? search, PageRequest page, CancellationToken ct = default)
    {
        await RequireAdminAsync(actor, ct);
        var text = search?.Trim();
        return await helpers.ListAsync(string.IsNullOrEmpty(text) ? null : text, page, ct);
    }

    /// <summary>Admins: removes a helper from the directory; they are let in no more (one inside can still be let out).</summary>
    public async Task<Helper> RemoveAsync(Actor actor, Guid helperId, CancellationToken ct = default)
    {
        var admin = await RequireAdminAsync(actor, ct);
        var helper = await helpers.GetAsync(helperId, ct) ?? throw new NotFoundException(Codes.HelperNotFound);
        var removed = await helpers.TryRemoveAsync(helper.Id, Moment.Now(clock), Entry(admin.Id, "helper.removed", helper, null), ct)
            ?? throw new ConflictException(Codes.HelperRemoved);
        await PublishAsync(removed);
        return removed;
    }

    /// <summary>
    /// Guards: helpers by their code (six digits) or by a word of their name or the start of their phone (at least two
    /// characters), each with why they may not come in, if they may not.
    /// </summary>
    public async Task<IReadOnlyList<GateHelper>> FindAsync(Actor actor, string? query, CancellationToken ct = default)
    {
        await RequireGuardAsync(actor, ct);
        var text = query?.Trim() ?? "";
        if (text.Length < 2 || text.Length > Helper.MaxNameLength)
        {
            return [];
        }

        IReadOnlyList<Helper> found = text.Length == GuestPass.CodeLength && text.All(char.IsAsciiDigit) && await helpers.FindByCodeAsync(text, ct) is { } byCode
            ? [byCode]
            : await helpers.SearchAsync(text, FindLimit, ct);
        var result = new List<GateHelper>();
        foreach (var helper in found)
        {
            result.Add(new GateHelper(helper, helper.IsInside ? null : await RefusalAsync(helper, ct)));
        }

        return result;
    }

    /// <summary>Guards: the helpers inside now, longest first.</summary>
    public async Task<IReadOnlyList<Helper>> ListInsideAsync(Actor actor, CancellationToken ct = default)
    {
        await RequireGuardAsync(actor, ct);
        return await helpers.ListInsideAsync(InsideLimit, ct);
    }

    /// <summary>Guards: lets the helper in at this tablet's gate, if a flat with an active resident still employs them.</summary>
    public async Task<HelperVisit> CheckInAsync(Actor actor, Guid helperId, Guid? gateId = null, CancellationToken ct = default)
    {
        var guard = await RequireGuardAsync(actor, ct);
        var at = gate.Checked(gateId);
        var helper = await helpers.GetAsync(helperId, ct) ?? throw new NotFoundException(Codes.HelperNotFound);
        if (await RefusalAsync(helper, ct) is { } refusal)
        {
            throw new ConflictException(refusal.Code, refusal.Args);
        }

        var visit = new HelperVisit(Guid.CreateVersion7(), helper.Id, Moment.Now(clock), guard.Id, at);
        var inside = await helpers.TryCheckInAsync(visit, Entry(guard.Id, "helper.in", helper, null), ct)
            ?? throw new ConflictException(Codes.HelperAlreadyInside, helper.Name);
        await MovedAsync(inside, visit);
        return visit;
    }

    /// <summary>Guards: lets the helper out at this tablet's gate.</summary>
    public async Task<HelperVisit> CheckOutAsync(Actor actor, Guid helperId, Guid? gateId = null, CancellationToken ct = default)
    {
        var guard = await RequireGuardAsync(actor, ct);
        var at = gate.Checked(gateId);
        var helper = await helpers.GetAsync(helperId, ct) ?? throw new NotFoundException(Codes.HelperNotFound);
        var visit = await helpers.TryCheckOutAsync(helper.Id, Moment.Now(clock), guard.Id, at, Entry(guard.Id, "helper.out", helper, null), ct)
            ?? throw new ConflictException(Codes.HelperNotInside, helper.Name);
        await MovedAsync(helper with { InsideSince = null }, visit);
        return visit;
    }

    /// <summary>Why the helper may not come in now, or null: removed, or employed by no flat that has an active resident.</summary>
    private async Task<Problem?> RefusalAsync(Helper helper, CancellationToken ct)
    {
        if (helper.RemovedAt is not null)
        {
            return new Problem(Codes.HelperRemoved);
        }

        foreach (var link in helper.Flats)
        {
            if ((await users.ListAsync(new UserFilter(Role.Resident, UserStatus.Active, link.Flat), new PageRequest(0, 1), ct)).Total > 0)
            {
                return null;
            }
        }

        return new Problem(Codes.HelperNotEmployed, helper.Name);
    }

    private async Task MovedAsync(Helper helper, HelperVisit visit)
    {
        alerts.Moved(new HelperMoved(helper, visit));
        await PublishAsync(helper);
    }

    private async Task<Helper> MineAsync(User resident, Guid helperId, CancellationToken ct)
    {
        var helper = await helpers.GetAsync(helperId, ct) ?? throw new NotFoundException(Codes.HelperNotFound);
        return helper.RemovedAt is null && helper.Employs(resident.Flat!) ? helper : throw new NotAllowedException(Codes.HelperNotYours);
    }

    private Task<User> RequireGuardAsync(Actor actor, CancellationToken ct) =>
        acting.RequireRoleAsync(actor, [Role.Guard], Codes.GuardsOnlyGate, ct);

    private Task<User> RequireAdminAsync(Actor actor, CancellationToken ct) =>
        acting.RequireRoleAsync(actor, [Role.Admin, Role.SuperAdmin], Codes.HelperAdminsOnly, ct);

    private async Task<User> RequireResidentAsync(Actor actor, CancellationToken ct)
    {
        var user = await acting.RequireRoleAsync(actor, [Role.Resident], Codes.HelperResidentsOnly, ct);
        return user.Flat is null ? throw new NotAllowedException(Codes.HelperResidentsOnly) : user;
    }

    /// <summary>Every screen that shows the helper reloads: the gate's, and each employing flat's.</summary>
    private async Task PublishAsync(Helper helper)
    {
        var changed = new HelperChanged(helper.Id);
        await live.PublishAsync(Topics.Gate, changed);
        foreach (var link in helper.Flats)
        {
            await live.PublishAsync(Topics.Flat(link.Flat), changed);
        }
    }

    /// <summary>Names the helper by id and kind, never by name or phone: the trail is permanent, the helper's data is not.</summary>
    private AuditEntry Entry(Guid actorId, string action, Helper helper, string? details) =>
        AuditEntry.Create(actorId, action, $"helper:{helper.Id}", $"{helper.Kind}{(details is null ? "" : $": {details}")}", Moment.Now(clock));
}
