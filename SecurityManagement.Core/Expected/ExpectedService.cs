using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Live;

namespace SecurityManagement.Core.Expected;

/// <summary>
/// Expected visitors: a resident says a delivery, a cab or a guest is coming within a window; the gate shows the next
/// hour's; the first fitting visitor the guard logs for the flat in the window starts approved (see
/// <see cref="Visits.VisitService.LogAsync"/>). Added and cancelled by the flat's residents, audited, live to the gate and the flat.
/// </summary>
public sealed class ExpectedService(IExpectedStore expected, IUserStore users, ActingUsers acting, ILiveEvents live, TimeProvider clock)
{
    /// <summary>How far ahead the guard's screen looks.</summary>
    public static readonly TimeSpan GuardHorizon = TimeSpan.FromHours(1);

    /// <summary>The most the guard's screen lists.</summary>
    public const int UpcomingLimit = 50;

    /// <summary>The most open expectations a flat may have at once.</summary>
    public const int MostOpenPerFlat = 20;

    /// <summary>A window may start this much before now (the form was open a while).</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromMinutes(5);

    public async Task<ExpectedVisitor> ExpectAsync(Actor actor, ExpectRequest request, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        var now = Moment.Now(clock);
        var errors = new InputErrors();
        if (request.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            errors.Add("kind", Codes.ExpectedKindMissing);
            kind = default;
        }

        var detail = errors.Check(() => Text.Optional(request.Detail, "detail", ExpectedVisitor.MaxDetailLength));
        if (kind == ExpectedKind.Cab && detail is not null && ExpectedVisitor.Plate(detail).Length is < ExpectedVisitor.MinPlateLength or > 10)
        {
            errors.Add("detail", Codes.ExpectedPlate, ExpectedVisitor.MinPlateLength);
        }
        else if (kind != ExpectedKind.Cab && detail is not null && detail.Count(char.IsLetterOrDigit) < ExpectedVisitor.MinNameLength)
        {
            errors.Add("detail", Codes.ExpectedNameShort, ExpectedVisitor.MinNameLength);
        }

        var from = request.From is { } start ? Moment.Stored(start) : now;
        if (from < now - Slack || from > now + ExpectedVisitor.FurthestStart)
        {
            errors.Add("from", Codes.ExpectedStart, (int)ExpectedVisitor.FurthestStart.TotalDays);
        }

        var span = request.For ?? ExpectedVisitor.DefaultWindow;
        if (span <= TimeSpan.Zero || span > ExpectedVisitor.LongestWindow)
        {
            errors.Add("for", Codes.ExpectedWindow, (int)ExpectedVisitor.LongestWindow.TotalHours);
        }

        errors.ThrowIfAny();
        if ((await expected.ListOpenForFlatAsync(resident.Flat!, now, ct)).Count >= MostOpenPerFlat)
        {
            throw new InvalidInputException("kind", Codes.ExpectedTooMany, MostOpenPerFlat);
        }

        var added = new ExpectedVisitor
        {
            Id = Guid.CreateVersion7(),
            Flat = resident.Flat!,
            Kind = kind,
            Detail = kind == ExpectedKind.Cab && detail is not null ? ExpectedVisitor.Plate(detail) : detail,
            From = from,
            Until = from + span,
            CreatedBy = resident.Id,
            CreatedByName = resident.FullName,
            CreatedAt = now,
            LeaveAtGate = kind == ExpectedKind.Delivery && request.LeaveAtGate,
        };
        await expected.AddAsync(added, Entry(resident.Id, "expected.added", added), ct);
        await PublishAsync(added);
        return added;
    }

    /// <summary>Residents of the flat call it off.</summary>
    public async Task<ExpectedVisitor> CancelAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        var found = await expected.GetAsync(id, ct) ?? throw new NotFoundException(Codes.ExpectedNotFound);
        if (found.Flat != resident.Flat)
        {
            throw new NotAllowedException(Codes.ExpectedNotYourFlat);
        }

        var cancelled = await expected.TryCancelAsync(id, Moment.Now(clock), Entry(resident.Id, "expected.cancelled", found), ct)
            ?? throw new ConflictException(Codes.ExpectedSettled);
        await PublishAsync(cancelled);
        return cancelled;
    }

    /// <summary>Residents: their flat's open expectations, soonest first (those of a resident who has left are void).</summary>
    public async Task<IReadOnlyList<ExpectedVisitor>> ListMineAsync(Actor actor, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        return await StandingAsync(users, await expected.ListOpenForFlatAsync(resident.Flat!, Moment.Now(clock), ct), ct);
    }

    /// <summary>Guards: who is expected at the gate within the next hour (or now), soonest first.</summary>
    public async Task<IReadOnlyList<ExpectedVisitor>> ListUpcomingAsync(Actor actor, CancellationToken ct = default)
    {
        await acting.RequireRoleAsync(actor, [Role.Guard], Codes.GuardsOnlyGate, ct);
        var now = Moment.Now(clock);
        return await StandingAsync(users, await expected.ListOpenAsync(now, now + GuardHorizon, UpcomingLimit, ct), ct);
    }

    /// <summary>
    /// The expectations whose residents still live in their flats: a resident's word, like a guest pass, speaks for them
    /// only while they are an active resident there. The gate checks the same before letting anyone in on it.
    /// </summary>
    internal static async Task<IReadOnlyList<ExpectedVisitor>> StandingAsync(IUserStore users, IReadOnlyList<ExpectedVisitor> open, CancellationToken ct)
    {
        var makers = new Dictionary<Guid, User?>();
        var standing = new List<ExpectedVisitor>();
        foreach (var item in open)
        {
            if (!makers.TryGetValue(item.CreatedBy, out var maker))
            {
                maker = makers[item.CreatedBy] = await users.GetAsync(item.CreatedBy, ct);
            }

            if (maker is { Status: UserStatus.Active, Role: Role.Resident } && maker.Flat == item.Flat)
            {
                standing.Add(item);
            }
        }

        return standing;
    }

    private async Task<User> RequireResidentAsync(Actor actor, CancellationToken ct)
    {
        var user = await acting.RequireRoleAsync(actor, [Role.Resident], Codes.ExpectedResidentsOnly, ct);
        return user.Flat is null ? throw new NotAllowedException(Codes.ExpectedResidentsOnly) : user;
    }

    private async Task PublishAsync(ExpectedVisitor changed)
    {
        var liveEvent = new ExpectedChanged(changed.Flat.Value);
        await live.PublishAsync(Topics.Gate, liveEvent);
        await live.PublishAsync(Topics.Flat(changed.Flat), liveEvent);
    }

    /// <summary>Names the flat and the kind; the detail (a company, a number, a name) stays on the expectation.</summary>
    private AuditEntry Entry(Guid actorId, string action, ExpectedVisitor subject) =>
        AuditEntry.Create(actorId, action, $"flat:{subject.Flat}", $"expected {subject.Id}: {subject.Kind}{(subject.LeaveAtGate ? ", leave at the gate" : "")}", Moment.Now(clock));
}
