using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Help;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Notices;
using SecurityManagement.Core.Parcels;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Reach;

/// <summary>
/// Reaches a flat about a request beyond its open screens, one rung at a time: a push to every phone of
/// the flat's residents at once; an SMS with a one-tap link after <see cref="GateOptions.SmsAfter"/>
/// without an answer; then the guard's call prompt and the expiry (the gate's own). Once the request is
/// settled, every phone's notification is replaced by who settled it. Each flat chooses its channels and
/// quiet hours (<see cref="Household"/>). Every step is recorded and shown on the guard's card.
/// </summary>
/// <remarks>
/// Gate operations hand visits over through <see cref="Changed"/>, which only queues: the guard's
/// submit never waits for a push service. <see cref="RunAsync"/> (a background worker) works the queue.
/// </remarks>
public sealed partial class Doorbell : IVisitAlerts, INoticeAlerts, IParcelAlerts, IHelperAlerts
{
    /// <summary>Pushes under way at once for one request (a flat's phones, a society's at most).</summary>
    private const int Fanout = 64;

    private const int MaxResidents = 50;

    /// <summary>Visits, parcels and helpers' comings and goings to tell flats about, in order.</summary>
    private readonly Channel<object> _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(10_000) { SingleReader = true });
    private readonly IReachStore _store;
    private readonly IUserStore _users;
    private readonly IVisitStore _visits;
    private readonly IPushSender _push;
    private readonly ISmsSender _sms;
    private readonly ReachPayloads _payloads;
    private readonly AnswerTokens _tokens;
    private readonly ReachOptions _options;
    private readonly GateOptions _gate;
    private readonly SocietyOptions _society;
    private readonly ILiveEvents _live;
    private readonly TimeProvider _clock;
    private readonly ILogger<Doorbell> _logger;

    public Doorbell(
        IReachStore store, IUserStore users, IVisitStore visits, IPushSender push, ISmsSender sms, ISmsWording wording, AnswerTokens tokens,
        ReachOptions options, GateOptions gate, SocietyOptions society, ILiveEvents live, TimeProvider clock, ILogger<Doorbell> logger)
    {
        _store = store;
        _users = users;
        _visits = visits;
        _push = push;
        _sms = sms;
        _payloads = new ReachPayloads(wording);
        _tokens = tokens;
        _options = options;
        _gate = gate;
        _society = society;
        _live = live;
        _clock = clock;
        _logger = logger;
    }

    public void Changed(Visit visit)
    {
        if (!_queue.Writer.TryWrite(visit))
        {
            LogQueueFull(visit.Id);
        }
    }

    public void Kept(Parcel parcel)
    {
        if (!_queue.Writer.TryWrite(parcel))
        {
            LogQueueFull(parcel.Id);
        }
    }

    public void Moved(HelperMoved moved)
    {
        if (!_queue.Writer.TryWrite(moved))
        {
            LogQueueFull(moved.Visit.Id);
        }
    }

    /// <summary>Works the queue until <paramref name="ct"/> ends; a failure with one visit or parcel is logged and the next goes on.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        await foreach (var item in _queue.Reader.ReadAllAsync(ct))
        {
            try
            {
                await (item switch
                {
                    Visit visit => HandleAsync(visit, ct),
                    Parcel parcel => ParcelAsync(parcel, ct),
                    _ => HelperAsync((HelperMoved)item, ct),
                });
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                LogFailed(ex, item switch { Visit visit => visit.Id, Parcel parcel => parcel.Id, _ => ((HelperMoved)item).Visit.Id });
            }
        }
    }

    /// <summary>A helper came in or went out: the phones of each employing flat that asked to be told (silently in its quiet hours).</summary>
    public async Task<int> HelperAsync(HelperMoved moved, CancellationToken ct = default)
    {
        var time = _society.TimeOfDay(Moment.Now(_clock));
        var delivered = 0;
        foreach (var link in moved.Helper.Flats.Where(f => f.Notify))
        {
            var household = await _store.GetHouseholdAsync(link.Flat, ct);
            if (household.Push)
            {
                var quiet = household.IsQuietAt(time);
                delivered += await PushAsync(moved.Visit.Id, await ResidentsAsync(link.Flat, ct), TimeSpan.FromHours(2), false,
                    (resident, _) => _payloads.Helper(moved, link.Flat, resident, quiet), ct);
            }
        }

        return delivered;
    }

    /// <summary>A parcel kept at the gate for the flat: its phones are told (silently in quiet hours).</summary>
    public async Task ParcelAsync(Parcel parcel, CancellationToken ct = default)
    {
        var household = await _store.GetHouseholdAsync(parcel.Flat, ct);
        if (!household.Push)
        {
            return;
        }

        var quiet = household.IsQuietAt(_society.TimeOfDay(Moment.Now(_clock)));
        var residents = await ResidentsAsync(parcel.Flat, ct);
        await PushAsync(parcel.Id, residents, TimeSpan.FromDays(1), false, (resident, _) => _payloads.Parcel(parcel, resident, quiet), ct);
    }

    /// <summary>A visitor the flat said was coming was let in without asking: the flat's phones are told (silently in quiet hours).</summary>
    private async Task ArrivedAsync(Visit visit, CancellationToken ct)
    {
        var household = await _store.GetHouseholdAsync(visit.Flat, ct);
        if (!household.Push)
        {
            return;
        }

        var quiet = household.IsQuietAt(_society.TimeOfDay(Moment.Now(_clock)));
        var residents = await ResidentsAsync(visit.Flat, ct);
        await PushAsync(visit.Id, residents, TimeSpan.FromHours(1), false, (resident, _) => _payloads.Arrived(visit, resident, quiet), ct);
    }

    /// <summary>
    /// A new request rings the flat; one the flat said was coming is told as arrived; a request just settled replaces
    /// its notifications; anything else is not the flat's news.
    /// </summary>
    public Task HandleAsync(Visit visit, CancellationToken ct = default) => visit switch
    {
        { Status: VisitStatus.Pending } => RingAsync(visit, ct),
        { Status: VisitStatus.Approved, History: [], ExpectedId: not null } => ArrivedAsync(visit, ct),
        { History: [.., { From: VisitStatus.Pending }] } => SettleAsync(visit, ct),
        _ => Task.CompletedTask,
    };

    /// <summary>
    /// The SMS rung: texts the flats of requests waiting at least <see cref="GateOptions.SmsAfter"/> (and not yet
    /// as long as the call prompt: by then the guard phones) that were not texted yet. Returns how many requests it acted on.
    /// </summary>
    public async Task<int> EscalateAsync(CancellationToken ct = default)
    {
        var now = Moment.Now(_clock);
        var due = (await _visits.ListByStatusAsync(VisitStatus.Pending, VisitService.BoardLimit, ct: ct))
            .Where(v => now - v.StatusChangedAt >= _gate.SmsAfter && now - v.StatusChangedAt < _gate.NoAnswerAfter)
            .ToList();
        if (due.Count == 0)
        {
            return 0;
        }

        var done = (await _store.ListStepsAsync([.. due.Select(v => v.Id)], ct))
            .Where(s => s.Kind is ReachKind.Texted or ReachKind.SmsOff or ReachKind.QuietHours)
            .Select(s => (s.VisitId, s.Round))
            .ToHashSet();
        var acted = 0;
        foreach (var visit in due.Where(v => !done.Contains((v.Id, v.History.Count))))
        {
            await TextAsync(visit, ct);
            acted++;
        }

        return acted;
    }

    private async Task RingAsync(Visit visit, CancellationToken ct)
    {
        var now = Moment.Now(_clock);
        var household = await _store.GetHouseholdAsync(visit.Flat, ct);
        if (!household.Push)
        {
            await RecordAsync(new ReachStep(visit.Id, visit.History.Count, ReachKind.PushOff, now), ct);
            return;
        }

        var residents = await ResidentsAsync(visit.Flat, ct);
        var quiet = household.IsQuietAt(_society.TimeOfDay(now));
        var expires = ExpiryOf(visit);
        var delivered = await PushAsync(visit.Id, residents, expires - now, true,
            (resident, device) => _payloads.Request(visit, resident, _tokens.Issue(AnswerToken.For(visit, resident, expires, device)), quiet), ct);
        await RecordAsync(new ReachStep(visit.Id, visit.History.Count, ReachKind.Pushed, now, delivered), ct);
    }

    public async Task OverstayedAsync(Visit visit, CancellationToken ct = default)
    {
        var household = await _store.GetHouseholdAsync(visit.Flat, ct);
        if (!household.Push)
        {
            return;
        }

        var quiet = household.IsQuietAt(_society.TimeOfDay(Moment.Now(_clock)));
        var residents = await ResidentsAsync(visit.Flat, ct);
        await PushAsync(visit.Id, residents, TimeSpan.FromHours(1), false, (resident, _) => _payloads.Overstayed(visit, resident, quiet), ct);
    }

    /// <summary>
    /// A notice to the phones of every active resident it is for, flat by flat as each flat allows pushes (silent in its
    /// quiet hours); residents are read a page at a time, so a notice to a thousand flats holds one page.
    /// </summary>
    public async Task<int> NoticeAsync(Notice notice, CancellationToken ct = default)
    {
        var households = new Dictionary<FlatCode, Household>();
        var filter = new UserFilter(Role.Resident, UserStatus.Active, notice.Audience == NoticeAudience.Flat ? FlatCode.Parse(notice.Target) : null);
        var time = _society.TimeOfDay(Moment.Now(_clock));
        var delivered = 0;
        for (var skip = 0; ; skip += PageRequest.MaxTake)
        {
            var page = await _users.ListAsync(filter, new PageRequest(skip, PageRequest.MaxTake), ct);
            var reached = new List<User>();
            foreach (var resident in page.Items.Where(r => r.Flat is { } flat && notice.IsFor(flat)))
            {
                if (!households.TryGetValue(resident.Flat!, out var household))
                {
                    household = households[resident.Flat!] = await _store.GetHouseholdAsync(resident.Flat!, ct);
                }

                if (household.Push)
                {
                    reached.Add(resident);
                }
            }

            delivered += await PushAsync(notice.Id, reached, TimeSpan.FromDays(1), false,
                (resident, _) => _payloads.Notice(notice, resident, households[resident.Flat!].IsQuietAt(time)), ct);
            if (page.Items.Count < PageRequest.MaxTake)
            {
                return delivered;
            }
        }
    }

    private async Task SettleAsync(Visit visit, CancellationToken ct)
    {
        if (!(await _store.GetHouseholdAsync(visit.Flat, ct)).Push)
        {
            return;
        }

        var last = visit.History[^1];
        var by = last.ActorId is { } id ? (await _users.GetAsync(id, ct))?.FullName : null;
        var residents = await ResidentsAsync(visit.Flat, ct);
        await PushAsync(visit.Id, residents, _gate.ExpireAfter, false, (resident, _) => _payloads.Settled(visit, resident, by), ct);
    }

    private async Task TextAsync(Visit seen, CancellationToken ct)
    {
        // Texting a flat takes a while: a request answered meanwhile is not texted.
        if (await _visits.GetAsync(seen.Id, ct) is not { Status: VisitStatus.Pending } visit || visit.History.Count != seen.History.Count)
        {
            return;
        }

        var now = Moment.Now(_clock);
        var round = visit.History.Count;
        var household = await _store.GetHouseholdAsync(visit.Flat, ct);
        if (!household.Sms || household.IsQuietAt(_society.TimeOfDay(now)))
        {
            await RecordAsync(new ReachStep(visit.Id, round, household.Sms ? ReachKind.QuietHours : ReachKind.SmsOff, now), ct);
            return;
        }

        var expires = ExpiryOf(visit);
        var texted = 0;
        foreach (var resident in await ResidentsAsync(visit.Flat, ct))
        {
            var link = _options.LinkFor(_tokens.Issue(AnswerToken.For(visit, resident, expires)));
            try
            {
                await _sms.SendAsync(resident.Phone, _payloads.Sms(visit, resident, link), ct);
                texted++;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                LogSmsFailed(ex, visit.Id);
            }
        }

        await RecordAsync(new ReachStep(visit.Id, round, ReachKind.Texted, now, texted), ct);
    }

    /// <summary>Sends each device of the residents its message, many at once; forgets devices the push service says are gone. Returns how many took it.</summary>
    private async Task<int> PushAsync(
        Guid topic, IReadOnlyList<User> residents, TimeSpan timeToLive, bool urgent, Func<User, PushDevice, string> message, CancellationToken ct)
    {
        var byId = residents.ToDictionary(r => r.Id);
        var devices = byId.Count == 0 ? [] : await _store.ListDevicesAsync(byId.Keys, ct);
        var delivered = 0;
        var ttl = timeToLive > TimeSpan.Zero ? timeToLive : TimeSpan.FromSeconds(30);
        await Parallel.ForEachAsync(devices, new ParallelOptions { MaxDegreeOfParallelism = Fanout, CancellationToken = ct }, async (device, token) =>
        {
            var outcome = await SendAsync(device, new PushPayload(message(byId[device.UserId], device), ttl, urgent, $"{topic:N}"), token);
            if (outcome == PushOutcome.Delivered)
            {
                Interlocked.Increment(ref delivered);
            }
        });
        return delivered;
    }

    /// <summary>One push; the outcome, never an exception (a dead or silent push service must not stop the others, nor the app).</summary>
    internal async Task<PushOutcome> SendAsync(PushDevice device, PushPayload payload, CancellationToken ct)
    {
        PushOutcome outcome;
        try
        {
            outcome = await _push.SendAsync(device, payload, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            LogPushFailed(ex, new Uri(device.Endpoint).Host);
            return PushOutcome.Failed;
        }

        if (outcome == PushOutcome.Gone)
        {
            await _store.RemoveGoneDeviceAsync(device.Endpoint, ct);
        }

        return outcome;
    }

    /// <summary>Records the step and shows it on the guards' cards.</summary>
    internal async Task RecordAsync(ReachStep step, CancellationToken ct)
    {
        if (await _store.AddStepAsync(step, ct))
        {
            await _live.PublishAsync(Topics.Gate, new VisitReached(step));
        }
    }

    private async Task<IReadOnlyList<User>> ResidentsAsync(FlatCode flat, CancellationToken ct) =>
        (await _users.ListAsync(new UserFilter(Role.Resident, UserStatus.Active, flat), new PageRequest(0, MaxResidents), ct)).Items;

    /// <summary>When the request expires unanswered: no token for it outlives that.</summary>
    private DateTimeOffset ExpiryOf(Visit visit) => visit.StatusChangedAt + _gate.ExpireAfter;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The notification queue is full; visit or parcel {Id} rings no phone")]
    private partial void LogQueueFull(Guid id);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reaching the flat about visit or parcel {Id} failed")]
    private partial void LogFailed(Exception ex, Guid id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A push through {PushService} failed")]
    private partial void LogPushFailed(Exception ex, string pushService);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A text message about visit {VisitId} failed")]
    private partial void LogSmsFailed(Exception ex, Guid visitId);
}
