using System.Buffers.Text;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Reach;

/// <summary>A request as its one-tap link shows it: the visit now, the resident the link is for, and who settled it, if someone did.</summary>
public sealed record LinkedRequest(Visit Visit, User Resident, AnswerToken Token, string? SettledBy = null)
{
    /// <summary>Whether the link can still answer: the request is where it was when the link was made.</summary>
    public bool Open => Visit.Status == VisitStatus.Pending && Visit.History.Count == Token.Round;
}

/// <summary>
/// The resident's side of being reached: turning notifications on for a device, a test notification,
/// the flat's channels and quiet hours; answering a request from a notification or a text message's
/// link (a token instead of a session, with the same checks and compare-and-set as the dashboard); and
/// the guard's view of what was tried.
/// </summary>
public sealed class ReachService(
    IReachStore store, IVisitStore visits, IUserStore users, ActingUsers acting, VisitService gate, Doorbell doorbell,
    AnswerTokens tokens, ISmsWording wording, ReachOptions options, TimeProvider clock)
{
    private readonly ReachPayloads _payloads = new(wording);

    /// <summary>Turns notifications on for the browser the resident is using (its push subscription).</summary>
    public async Task<PushDevice> SaveDeviceAsync(Actor actor, string? endpoint, string? p256dh, string? auth, string? label, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        if (!IsPushService(endpoint) || !IsKey(p256dh, 65) || !IsKey(auth, 16))
        {
            throw new InvalidInputException("device", Codes.ReachDeviceInvalid);
        }

        var device = new PushDevice
        {
            Endpoint = endpoint!,
            P256dh = p256dh!,
            Auth = auth!,
            UserId = resident.Id,
            SessionId = actor.SessionId,
            Label = Text.Optional(label, "device", PushDevice.MaxLabelLength),
            CreatedAt = Moment.Now(clock),
        };
        await store.SaveDeviceAsync(device, ct);
        return device;
    }

    /// <summary>The device, if notifications are on for it and it is the resident's.</summary>
    public async Task<PushDevice?> GetDeviceAsync(Actor actor, string? endpoint, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        return await OwnDeviceAsync(resident, endpoint, ct);
    }

    public async Task<bool> RemoveDeviceAsync(Actor actor, string? endpoint, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        return endpoint is not null && await store.RemoveDeviceAsync(endpoint, resident.Id, ct);
    }

    /// <summary>A test notification to one of the resident's devices; a device the push service no longer knows is forgotten.</summary>
    public async Task<PushOutcome> SendTestAsync(Actor actor, string? endpoint, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        if (await OwnDeviceAsync(resident, endpoint, ct) is not { } device)
        {
            return PushOutcome.Gone;
        }

        return await doorbell.SendAsync(device, new PushPayload(_payloads.Test(resident), TimeSpan.FromMinutes(5), true), ct);
    }

    public async Task<Household> GetHouseholdAsync(Actor actor, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        return await store.GetHouseholdAsync(resident.Flat!, ct);
    }

    /// <summary>Any resident of the flat sets the flat's channels and quiet hours (audited).</summary>
    public async Task<Household> SaveHouseholdAsync(Actor actor, bool push, bool sms, TimeOnly? quietFrom, TimeOnly? quietTo, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        if (quietFrom.HasValue != quietTo.HasValue)
        {
            throw new InvalidInputException(quietFrom.HasValue ? "quietTo" : "quietFrom", Codes.ReachQuietHalf);
        }

        var household = (await store.GetHouseholdAsync(resident.Flat!, ct)) with
        {
            Push = push,
            Sms = sms,
            QuietFrom = quietFrom is { } from ? new TimeOnly(from.Hour, from.Minute) : null,
            QuietTo = quietTo is { } to ? new TimeOnly(to.Hour, to.Minute) : null,
        };
        var quiet = household.QuietFrom is { } f ? $"{f:HH\\:mm}-{household.QuietTo:HH\\:mm}" : "none";
        var entry = AuditEntry.Create(resident.Id, "household.reach-changed", $"flat:{household.Flat}",
            $"push {(push ? "on" : "off")}, sms {(sms ? "on" : "off")}, quiet {quiet}", Moment.Now(clock));
        await store.SaveHouseholdAsync(household, entry, ct);
        return household;
    }

    /// <summary>The request a one-tap link is for, as it is now; refused if the link is not ours, expired, or its resident may no longer answer.</summary>
    public async Task<LinkedRequest> OpenAsync(string? token, CancellationToken ct = default)
    {
        var read = tokens.Read(token, clock.GetUtcNow()) ?? throw new NotFoundException(Codes.ReachLinkInvalid);
        var visit = await visits.GetAsync(read.VisitId, ct) ?? throw new NotFoundException(Codes.ReachLinkInvalid);
        var resident = await users.GetAsync(read.UserId, ct);
        if (resident is not { Status: UserStatus.Active, Role: Role.Resident } || resident.Flat != visit.Flat)
        {
            throw new NotAllowedException(Codes.ResidentsOnlyAnswer);
        }

        // Made for the resident as they were (not before a role, flat or status change) and, from a push, for a phone still signed in.
        if (!read.Fits(resident, read.DeviceTag is null ? [] : await store.ListDevicesAsync([resident.Id], ct)))
        {
            throw new NotFoundException(Codes.ReachLinkInvalid);
        }

        var settledBy = visit.Status != VisitStatus.Pending && visit.History is [.., { ActorId: { } by }] ? (await users.GetAsync(by, ct))?.FullName : null;
        return new LinkedRequest(visit, resident, read, settledBy);
    }

    /// <summary>
    /// Answers the request the token is for, as its resident: the same checks, compare-and-set and audit
    /// as the dashboard's Approve and Deny. The token acts only while the visit is as it was when the token
    /// was made, so it acts once, and not after another resident (or the gate) settled the request.
    /// </summary>
    public async Task<LinkedRequest> AnswerAsync(string? token, bool approve, string? reason, CancellationToken ct = default)
    {
        var request = await OpenAsync(token, ct);
        var actor = new Actor(request.Resident.Id, request.Resident.SecurityStamp);
        return request with { Visit = await gate.AnswerAsync(actor, request.Visit.Id, request.Token.Round, approve, reason, ct), SettledBy = request.Resident.FullName };
    }

    /// <summary>A resident's phone showed the request: the guard's card says so (once per resident). False when the token is not good.</summary>
    public async Task<bool> SeenAsync(string? token, CancellationToken ct = default)
    {
        if (tokens.Read(token, clock.GetUtcNow()) is not { } read || await users.GetAsync(read.UserId, ct) is not { Status: UserStatus.Active } resident)
        {
            return false;
        }

        await doorbell.RecordAsync(new ReachStep(read.VisitId, read.Round, ReachKind.Seen, Moment.Now(clock), 0, resident.Id, resident.FullName), ct);
        return true;
    }

    /// <summary>For the guard's waiting cards: what was tried for each request's current round, oldest first.</summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<ReachStep>>> GetStepsAsync(Actor actor, IReadOnlyCollection<Visit> requests, CancellationToken ct = default)
    {
        await acting.RequireRoleAsync(actor, [Role.Guard], Codes.GuardsOnlyGate, ct);
        if (requests.Count == 0)
        {
            return new Dictionary<Guid, IReadOnlyList<ReachStep>>();
        }

        var rounds = requests.ToDictionary(v => v.Id, v => v.History.Count);
        return (await store.ListStepsAsync(rounds.Keys, ct))
            .Where(s => rounds[s.VisitId] == s.Round)
            .GroupBy(s => s.VisitId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ReachStep>)[.. g]);
    }

    private async Task<PushDevice?> OwnDeviceAsync(User resident, string? endpoint, CancellationToken ct) =>
        endpoint is not null && await store.GetDeviceAsync(endpoint, ct) is { } device && device.UserId == resident.Id ? device : null;

    private async Task<User> RequireResidentAsync(Actor actor, CancellationToken ct)
    {
        var user = await acting.RequireActiveAsync(actor, ct);
        return user is { Role: Role.Resident, Flat: not null } ? user : throw new NotAllowedException(Codes.ReachResidentsOnly);
    }

    private bool IsPushService(string? endpoint) =>
        endpoint is { Length: > 0 and <= PushDevice.MaxEndpointLength }
        && Uri.TryCreate(endpoint, UriKind.Absolute, out var url)
        && options.IsPushService(url);

    private static bool IsKey(string? text, int bytes)
    {
        if (text is not { Length: > 0 and <= PushDevice.MaxKeyLength })
        {
            return false;
        }

        try
        {
            return Base64Url.DecodeFromChars(text.TrimEnd('=')).Length == bytes;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
