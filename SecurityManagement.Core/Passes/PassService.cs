using System.Globalization;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Safety;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Passes;

/// <summary>
/// What a resident fills in to invite a guest. A regular may also have days (none: every day) and hours, in minutes
/// after the society's midnight (none: all day).
/// </summary>
public sealed record PassRequest(
    string? GuestName, string? GuestPhone, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil, PassUsage Usage,
    WeekDays Days = WeekDays.None, int? HoursFrom = null, int? HoursUntil = null);

/// <summary>
/// Guest passes: residents invite guests ahead with a 6-digit code; at the gate the code starts the
/// visit as already approved. Codes are unique among live passes, valid only inside their window,
/// spent at check-in when single-use; wrong codes at the gate are audited and limited per guard.
/// A regular's pass (a frequent visitor) lasts up to a year and admits without asking only on their
/// days and hours; outside them the code makes an ordinary request to the flat.
/// </summary>
public sealed class PassService(
    IPassStore passes,
    IUserStore users,
    ActingUsers acting,
    IAuditStore audit,
    ILiveEvents live,
    BlocklistService blocklist,
    VisitService visits,
    GateOptions gate,
    SocietyOptions society,
    TimeProvider clock)
{
    public const string CodeRefusedAction = "pass.code-refused";
    public static readonly TimeSpan LongestPass = TimeSpan.FromDays(30);
    public static readonly TimeSpan LongestRegular = TimeSpan.FromDays(366);
    private const int MinutesInDay = 24 * 60;

    // A million codes and few live passes: a clash is rare, and a new code clears it.
    private const int MaxCodeTries = 20;

    public async Task<GuestPass> CreateAsync(Actor actor, PassRequest request, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        var now = Moment.Now(clock);
        var errors = new InputErrors();
        var name = errors.Check(() => Text.Required(request.GuestName, "guestName", GuestPass.MaxNameLength));
        var phone = string.IsNullOrWhiteSpace(request.GuestPhone) ? null : errors.Check(() => PhoneNumber.Parse(request.GuestPhone, "guestPhone"));
        var from = request.ValidFrom ?? now;
        if (request.ValidUntil is not { } until)
        {
            errors.Add("validUntil", Codes.PassUntilMissing);
            until = from;
        }
        else if (until <= from)
        {
            errors.Add("validUntil", Codes.PassEndsBeforeStart);
        }
        else if (until <= now)
        {
            errors.Add("validUntil", Codes.PassEndsInPast);
        }
        else if (until - from > Longest(request.Usage))
        {
            errors.Add("validUntil", Codes.PassTooLong, (int)Longest(request.Usage).TotalDays);
        }

        var regular = request.Usage == PassUsage.Regular;
        if (regular)
        {
            CheckHours(request, errors);
        }

        errors.ThrowIfAny();
        var pass = GuestPass.Create(resident.Flat!, name, phone, from, until, request.Usage, resident.Id, now) with
        {
            Days = regular ? request.Days & AllDays : WeekDays.None,
            HoursFrom = regular ? request.HoursFrom : null,
            HoursUntil = regular ? request.HoursUntil : null,
        };
        for (var tries = 1; ; tries++)
        {
            try
            {
                // The store keeps live codes unique; a taken one is refused there, never doubled.
                await passes.AddAsync(pass, now, Entry(resident.Id, "pass.created", pass, $"{pass.Usage}, {Local(pass.ValidFrom)} to {Local(pass.ValidUntil)}"), ct);
                break;
            }
            catch (PassCodeTakenException) when (tries < MaxCodeTries)
            {
                pass = pass with { Code = GuestPass.NewCode() };
            }
            catch (PassCodeTakenException)
            {
                throw new ConflictException(Codes.PassNoFreeCode);
            }
        }

        await live.PublishAsync(Topics.Flat(pass.Flat), new PassChanged(pass));
        return pass;
    }

    /// <summary>The resident's flat's passes, newest first.</summary>
    public async Task<Page<GuestPass>> ListAsync(Actor actor, PageRequest page, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        return await passes.ListForFlatAsync(resident.Flat!, page, ct);
    }

    public async Task<GuestPass> RevokeAsync(Actor actor, Guid passId, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        var pass = await passes.GetAsync(passId, ct) ?? throw new NotFoundException(Codes.PassNotFound);
        if (pass.Flat != resident.Flat)
        {
            throw new NotAllowedException(Codes.PassNotYours);
        }

        var revoked = await passes.TryRevokeAsync(pass.Id, Moment.Now(clock), Entry(resident.Id, "pass.revoked", pass, null), ct)
            ?? throw new ConflictException(Codes.PassAlreadyRevoked);
        await live.PublishAsync(Topics.Flat(revoked.Flat), new PassChanged(revoked));
        return revoked;
    }

    /// <summary>
    /// The guard enters a code: a live pass starts the guest's visit as approved (a single-use pass is
    /// spent). A pass without a phone needs the guest's phone from the guard. A regular outside their
    /// days and hours is logged as an ordinary request, which the flat answers.
    /// </summary>
    public async Task<Visit> AdmitAsync(Actor actor, string? codeInput, string? visitorPhone, Guid? gateId = null, CancellationToken ct = default)
    {
        var guard = await acting.RequireRoleAsync(actor, [Role.Guard], Codes.GuardsOnlyPasses, ct);
        var at = gate.Checked(gateId);

        var code = codeInput?.Trim() ?? "";
        if (code.Length != GuestPass.CodeLength || !code.All(char.IsAsciiDigit))
        {
            throw new InvalidInputException("code", Codes.PassCodeLength, GuestPass.CodeLength);
        }

        var now = Moment.Now(clock);
        var failures = await audit.ListAsync(new AuditFilter(guard.Id, CodeRefusedAction, now.AddHours(-1)), new PageRequest(0, 1), ct);
        if (failures.Total >= gate.MaxPassCodeFailuresPerHour)
        {
            throw new InvalidInputException("code", Codes.PassTooManyWrong);
        }

        var candidates = await passes.ListLiveByCodeAsync(code, now, ct);
        var pass = candidates.FirstOrDefault(p => p.IsUsableAt(now));
        if (pass is null)
        {
            var refusal = Refusal(candidates, now);
            await audit.AppendAsync(AuditEntry.Create(guard.Id, CodeRefusedAction, $"code:{code}", refusal.Code, now), ct);
            throw new InvalidInputException(new Dictionary<string, Problem> { ["code"] = refusal });
        }

        // A pass speaks for its maker: once they are no longer an active resident of that flat, it admits nobody.
        if (await users.GetAsync(pass.CreatedBy, ct) is not { Status: UserStatus.Active, Role: Role.Resident } maker || maker.Flat != pass.Flat)
        {
            await audit.AppendAsync(AuditEntry.Create(guard.Id, CodeRefusedAction, $"pass:{pass.Id}", "Its resident no longer lives there", now), ct);
            throw new InvalidInputException("code", Codes.PassMakerLeft);
        }

        var phone = pass.GuestPhone ?? PhoneNumber.Parse(visitorPhone, "visitorPhone");
        await blocklist.RefuseIfBlockedAsync(guard, phone, pass.GuestPhone is null ? "visitorPhone" : "code", ct);
        if (!pass.IsInsideHours(TimeZoneInfo.ConvertTime(now, society.TimeZone)))
        {
            try
            {
                return await visits.LogAsync(actor, new VisitRequest(phone.Value, pass.GuestName, VisitPurpose.Guest, pass.Flat.Value, null, Note(pass), at), ct);
            }
            catch (InvalidInputException ex)
            {
                // The guard typed a code, not the request's fields: what is wrong with it is said beside the code.
                throw new InvalidInputException(new Dictionary<string, Problem> { ["code"] = ex.Errors.Values.First() });
            }
        }

        var visit = Visit.Create(pass.GuestName, phone, VisitPurpose.Guest, pass.Flat, null, Note(pass), guard.Id, now,
            VisitStatus.Approved, pass.Id, at);
        var used = await passes.TryAdmitAsync(pass.Id, pass.UseCount,
                Entry(guard.Id, "pass.used", pass, $"visit:{visit.Id}"), visit,
                AuditEntry.Create(guard.Id, "visit.logged", $"visit:{visit.Id}", $"for {visit.Flat}: guest pass", now), ct)
            ?? throw new ConflictException(Codes.PassJustUsed);
        await live.PublishAsync(Topics.Flat(pass.Flat), new PassChanged(used));
        await live.PublishAsync(Topics.Flat(visit.Flat), new VisitChanged(visit));
        await live.PublishAsync(Topics.Gate, new VisitChanged(visit));
        return visit;
    }

    private const WeekDays AllDays =
        WeekDays.Monday | WeekDays.Tuesday | WeekDays.Wednesday | WeekDays.Thursday | WeekDays.Friday | WeekDays.Saturday | WeekDays.Sunday;

    private static TimeSpan Longest(PassUsage usage) => usage == PassUsage.Regular ? LongestRegular : LongestPass;

    private static string Note(GuestPass pass) => $"Guest pass {pass.Code}";

    private static void CheckHours(PassRequest request, InputErrors errors)
    {
        if (request.HoursFrom is { } from && (from < 0 || from >= MinutesInDay))
        {
            errors.Add("hoursFrom", Codes.PassHoursInvalid);
        }
        else if (request.HoursUntil is { } until && (until < 0 || until >= MinutesInDay))
        {
            errors.Add("hoursUntil", Codes.PassHoursInvalid);
        }
        else if ((request.HoursFrom is null) != (request.HoursUntil is null))
        {
            errors.Add(request.HoursFrom is null ? "hoursFrom" : "hoursUntil", Codes.PassHoursHalf);
        }
        else if (request.HoursFrom is not null && request.HoursFrom == request.HoursUntil)
        {
            errors.Add("hoursUntil", Codes.PassHoursEmpty);
        }
    }

    private static Problem Refusal(IReadOnlyList<GuestPass> candidates, DateTimeOffset now) =>
        candidates.FirstOrDefault(p => p.ValidFrom > now) is { } early
            ? new Problem(Codes.PassNotYet, early.ValidFrom)
            : new Problem(candidates.Count > 0 ? Codes.PassUsed : Codes.PassNoMatch);

    private async Task<User> RequireResidentAsync(Actor actor, CancellationToken ct)
    {
        var user = await acting.RequireActiveAsync(actor, ct);
        return user is { Role: Role.Resident, Flat: not null } ? user : throw new NotAllowedException(Codes.ResidentsOnlyPasses);
    }

    private string Local(DateTimeOffset at) =>
        society.Local(at, "d MMM HH:mm");

    /// <summary>Names the pass and the flat, never the guest: the audit trail is permanent, the guest's data is not.</summary>
    private AuditEntry Entry(Guid actorId, string action, GuestPass pass, string? details) =>
        AuditEntry.Create(actorId, action, $"pass:{pass.Id}", $"for {pass.Flat}{(details is null ? "" : $": {details}")}", Moment.Now(clock));
}
