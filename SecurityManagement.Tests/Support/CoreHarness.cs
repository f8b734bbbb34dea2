using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Help;
using SecurityManagement.Core.Expected;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Notices;
using SecurityManagement.Core.Parcels;
using SecurityManagement.Core.Passes;
using SecurityManagement.Core.Reach;
using SecurityManagement.Core.Settings;
using SecurityManagement.Core.Visits;
using SecurityManagement.Core.Cluster;
using SecurityManagement.Core.Safety;
using SecurityManagement.Core.Storage;
using SecurityManagement.Tests.Core.Storage.Sqlite;

using SecurityManagement.Web.Localization;

namespace SecurityManagement.Tests.Support;

/// <summary>Core services over a fresh SQLite store, with a fake clock, captured texts and recorded live events.</summary>
public sealed class CoreHarness : IAsyncDisposable
{
    private readonly SqliteTestEngine _engine = new();

    private CoreHarness(OtpOptions options) => Options = options;

    public OtpOptions Options { get; }

    public FakeTimeProvider Clock { get; } = new(Builders.Now);

    /// <summary>A problem from Core as the screens would say it in English.</summary>
    public string English(Problem problem) => problem.English(Society, Clock);

    public CapturingSmsSender Sms { get; } = new();

    public RecordingLiveEvents Live { get; } = new();

    public IStorage Storage { get; private set; } = null!;

    /// <summary>The SQLite file behind <see cref="Storage"/>.</summary>
    public string StorePath => _engine.FilePath;

    public OtpService Otp { get; private set; } = null!;

    public AccountService Accounts { get; private set; } = null!;

    public UserService Users { get; private set; } = null!;

    public GateOptions Gate { get; } = new();

    public VisitService Visits { get; private set; } = null!;

    public PassService Passes { get; private set; } = null!;

    public BlocklistService Blocklist { get; private set; } = null!;

    public NoticeService Notices { get; private set; } = null!;

    public ExpectedService Expected { get; private set; } = null!;

    public ParcelService Parcels { get; private set; } = null!;

    public HelperService Helpers { get; private set; } = null!;

    public SosService Sos { get; private set; } = null!;

    public OverstayService Overstays { get; private set; } = null!;

    public SettingsService Settings { get; private set; } = null!;

    /// <summary>This harness as one server among several: its name in leases.</summary>
    public ServerInstance Instance { get; } = ServerInstance.Start();

    public Leases Leases { get; private set; } = null!;

    /// <summary>Pushes the doorbell made (none leave the test).</summary>
    public RecordingPushSender Push { get; } = new();

    /// <summary>Visits gate operations handed to the doorbell; a test rings it with <see cref="Doorbell"/>.HandleAsync.</summary>
    public RecordingAlerts Alerts { get; } = new();

    public ReachOptions ReachOptions { get; } = new(new Uri("https://gate.test/"), ["push.example"]);

    public AnswerTokens Tokens { get; private set; } = null!;

    public Doorbell Doorbell { get; private set; } = null!;

    public ReachService Reach { get; private set; } = null!;

    public ActingUsers Acting { get; private set; } = null!;

    public AuditService Audit { get; private set; } = null!;

    /// <summary>The chain the store links entries with (the harness's own key).</summary>
    public AuditChain Chain => _engine.Chain;

    /// <summary>Where the audit service keeps its checkpoints: a temp folder of the harness's own.</summary>
    public FileAuditAnchor Anchor { get; } = new(Path.Combine(Path.GetTempPath(), "sm-tests", Guid.NewGuid().ToString("N"), "checkpoints"));

    public SessionLimits Limits { get; } = new(SessionLimits.DefaultLimit, new Dictionary<Role, TimeSpan> { [Role.Guard] = TimeSpan.FromDays(30) });

    public SocietyOptions Society { get; } = new("Test Society", TimeZoneInfo.Utc);

    public static async Task<CoreHarness> CreateAsync(OtpOptions? options = null)
    {
        var harness = new CoreHarness(options ?? new OtpOptions());
        await harness.StartAsync();
        return harness;
    }

    /// <summary>Adds a user straight to the store (residents of A-101 unless told otherwise).</summary>
    public async Task<User> AddUserAsync(Role role, UserStatus status = UserStatus.Active, string flat = "A-101")
    {
        var user = Builders.AUser(role, flat, status, name: $"{role} {status} {Guid.NewGuid():N}"[..40]);
        await Storage.Users.AddAsync(user, null, TestContext.Current.CancellationToken);
        return user;
    }

    /// <summary>The user as a caller outside any sign-in session (the services check user and stamp).</summary>
    public static Actor ActorOf(User user) => new(user.Id, user.SecurityStamp);

    /// <summary>Signs the user in (development bypass) and returns them as the session's actor.</summary>
    public async Task<Actor> SignInAsync(User user)
    {
        var result = await Accounts.StartSignInAsync(user.Phone.Value, SignInClient.Unknown, bypassOtp: true, TestContext.Current.CancellationToken);
        return new Actor(user.Id, user.SecurityStamp, result.Session!.Id);
    }

    /// <summary>A guard logs a delivery for the flat; returns the pending visit.</summary>
    public async Task<Visit> LogVisitAsync(User guard, string flat = "A-101", string name = "Ravi Kumar") =>
        await Visits.LogAsync(ActorOf(guard), new VisitRequest(Builders.NextPhone().Value, name, VisitPurpose.Delivery, flat, null, null),
            TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        var checkpoints = Path.GetDirectoryName(Anchor.Folder)!;
        if (Directory.Exists(checkpoints))
        {
            Directory.Delete(checkpoints, recursive: true);
        }
    }

    private async Task StartAsync()
    {
        Storage = await _engine.CreateAsync();
        foreach (var code in new[] { "A-101", "A-102", "B-201" })
        {
            await Storage.Flats.AddAsync(new Flat(FlatCode.Parse(code), Builders.Now), null, TestContext.Current.CancellationToken);
        }

        var society = Society;
        Acting = new ActingUsers(Storage.Users, Storage.Sessions, Clock);
        var wording = new ResourceSmsWording(TestWords.Create(society, Clock));
        var key = OtpKey.Random();
        Otp = new OtpService(Storage.Otp, Sms, wording, key, Options, society, Clock, NullLogger<OtpService>.Instance);
        Accounts = new AccountService(Storage.Users, Storage.Sessions, Acting, Storage.Flats, Storage.Reach, Live, Otp, Limits, Clock);
        Leases = new Leases(Storage.Leases, Instance, Clock);
        Users = new UserService(Storage.Users, Acting, Storage.Flats, Storage.Reach, Live, Leases, Clock);
        Blocklist = new BlocklistService(Storage.Blocklist, Storage.Audit, Acting, Clock);
        Visits = new VisitService(Storage.Visits, Storage.Users, Acting, Storage.Flats, Live, Alerts, Blocklist, Storage.Expected, Gate, society, Clock);
        Expected = new ExpectedService(Storage.Expected, Storage.Users, Acting, Live, Clock);
        Helpers = new HelperService(Storage.Helpers, Storage.Users, Acting, Live, Alerts, Gate, society, Clock);
        Parcels = new ParcelService(Storage.Parcels, Storage.Expected, Storage.Reach, Storage.Users, Storage.Flats, Acting, Live, Alerts, Gate, Clock);
        Tokens = new AnswerTokens(key);
        Doorbell = new Doorbell(Storage.Reach, Storage.Users, Storage.Visits, Push, Sms, wording, Tokens, ReachOptions, Gate, society, Live, Clock,
            NullLogger<Doorbell>.Instance);
        Reach = new ReachService(Storage.Reach, Storage.Visits, Storage.Users, Acting, Visits, Doorbell, Tokens, wording, ReachOptions, Clock);
        Passes = new PassService(Storage.Passes, Storage.Users, Acting, Storage.Audit, Live, Blocklist, Visits, Gate, society, Clock);
        Overstays = new OverstayService(Storage.Visits, Storage.Overstays, Alerts, Live, Gate, Clock);
        Sos = new SosService(Storage.Sos, Storage.Users, Acting, Live, Sms, wording, Gate, Clock, NullLogger<SosService>.Instance);
        Settings = new SettingsService(Storage.Settings, Acting, society, Gate, Options, Live, Clock);
        Notices = new NoticeService(Storage.Notices, Storage.Flats, Acting, Live, Doorbell, Clock);
        Audit = new AuditService(Storage.Audit, Storage.Users, Storage.Visits, Storage.Passes, Acting, Chain, Anchor, society, Clock);
    }
}

/// <summary>A live hub that also remembers what was published, for assertions.</summary>
public sealed class RecordingLiveEvents : ILiveEvents
{
    private readonly InProcessLiveEvents _inner = new(NullLogger<InProcessLiveEvents>.Instance);
    private readonly ConcurrentQueue<(string Topic, LiveEvent Event)> _published = new();
    private readonly ConcurrentDictionary<string, int> _subscribers = new();

    public IReadOnlyList<(string Topic, LiveEvent Event)> Published => [.. _published];

    /// <summary>How many subscriptions to the topic are open now.</summary>
    public int SubscribersOf(string topic) => _subscribers.GetValueOrDefault(topic);

    public IDisposable Subscribe(string topic, Func<LiveEvent, Task> handler)
    {
        _subscribers.AddOrUpdate(topic, 1, (_, n) => n + 1);
        var inner = _inner.Subscribe(topic, handler);
        return new Counted(() =>
        {
            inner.Dispose();
            _subscribers.AddOrUpdate(topic, 0, (_, n) => n - 1);
        });
    }

    public Task PublishAsync(string topic, LiveEvent liveEvent)
    {
        _published.Enqueue((topic, liveEvent));
        return _inner.PublishAsync(topic, liveEvent);
    }

    private sealed class Counted(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}
