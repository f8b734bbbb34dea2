using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Storage;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Web.Http;

public sealed class StartupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DevelopmentStartCreatesTheStoreSeedsTheDemoSocietyAndShowsItsCounts()
    {
        await using var app = new AppFactory();

        var home = await app.CreateClient().GetStringAsync("/", Ct);

        Assert.True(File.Exists(app.StoreFile));
        var users = await app.Services.GetRequiredService<IUserStore>().ListAsync(new UserFilter(), new PageRequest(0, 50), Ct);
        Assert.Equal(10, users.Total);
        Assert.Contains("Green Meadows Society (demo)", home, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"count-pending\"", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProductionStartSeedsNothingAndIgnoresTheDevelopmentSettings()
    {
        await using var app = new AppFactory("Production");

        var health = await app.CreateClient().GetAsync("/healthz", Ct);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var users = await app.Services.GetRequiredService<IUserStore>().ListAsync(new UserFilter(), new PageRequest(0, 1), Ct);
        Assert.Equal(0, users.Total);
        Assert.Equal("Our Society", app.Services.GetRequiredService<SocietyOptions>().Name);
    }

    [Fact]
    public async Task HealthAnswers200WhileTheStoreAnswers()
    {
        await using var app = new AppFactory();

        var response = await app.CreateClient().GetAsync("/healthz", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task HealthAnswers503WhenTheStoreStopsAnswering()
    {
        var storage = new SilencedStorage();
        await using var app = new AppFactory(services: s => s.AddSingleton<IStorage>(sp =>
            storage.Wrap(RealStorage(sp))));
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz", Ct)).StatusCode);

        storage.Silenced = true;
        var response = await client.GetAsync("/healthz", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task UnreachableMongoStopsStartupWithinTenSecondsWithOneLineNamingTheSetting()
    {
        var logs = new ConcurrentQueue<(LogLevel Level, string Message)>();
        await using var app = new AppFactory("Production",
            new Dictionary<string, string?>
            {
                [StorageSettings.ProviderKey] = "Mongo",
                [StorageSettings.MongoKey] = "mongodb://127.0.0.1:1/security_management",
            },
            s => s.AddLogging(l => l.AddProvider(new ListLoggerProvider(logs))));
        var clock = Stopwatch.StartNew();

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"start-up took {clock.Elapsed}");
        var critical = Assert.Single(logs, l => l.Level == LogLevel.Critical).Message;
        Assert.StartsWith("Storage unavailable: no MongoDB server answered at 127.0.0.1:1/security_management", critical, StringComparison.Ordinal);
        Assert.EndsWith("check ConnectionStrings:Mongo.", critical, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', critical);
    }

    [Theory]
    [InlineData("Mongo", null, "Storage unavailable: Storage:Provider is Mongo but ConnectionStrings:Mongo is not set")]
    [InlineData("Mongo", "mongodb://user:secret@", "Storage unavailable: ConnectionStrings:Mongo is not a valid MongoDB connection string")]
    [InlineData("Oracle", null, "Storage unavailable: Storage:Provider is 'Oracle'; use Sqlite or Mongo.")]
    public async Task MisconfiguredStoreStopsStartupWithOneLineNamingTheSetting(string provider, string? mongo, string expected)
    {
        var logs = new ConcurrentQueue<(LogLevel Level, string Message)>();
        await using var app = new AppFactory("Production",
            new Dictionary<string, string?> { [StorageSettings.ProviderKey] = provider, [StorageSettings.MongoKey] = mongo },
            s => s.AddLogging(l => l.AddProvider(new ListLoggerProvider(logs))));

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var critical = Assert.Single(logs, l => l.Level == LogLevel.Critical).Message;
        Assert.StartsWith(expected, critical, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", critical, StringComparison.Ordinal);
    }

    private static IStorage RealStorage(IServiceProvider services) =>
        SecurityManagement.Core.DependencyInjection.CreateStorage(
            services.GetRequiredService<StorageSettings>(), services.GetRequiredService<SecurityManagement.Core.Audit.AuditChain>());

    /// <summary>The real store, except that its ping fails once silenced.</summary>
    private sealed class SilencedStorage
    {
        public bool Silenced { get; set; }

        public IStorage Wrap(IStorage inner) => new Wrapper(inner, this);

        private sealed class Wrapper(IStorage inner, SilencedStorage owner) : IStorage
        {
            public string Name => inner.Name;

            public IUserStore Users => inner.Users;

            public SecurityManagement.Core.Flats.IFlatStore Flats => inner.Flats;

            public SecurityManagement.Core.Visits.IVisitStore Visits => inner.Visits;

            public SecurityManagement.Core.Passes.IPassStore Passes => inner.Passes;

            public SecurityManagement.Core.Audit.IAuditStore Audit => inner.Audit;

            public IOtpStore Otp => inner.Otp;

            public SecurityManagement.Core.Settings.ISettingsStore Settings => inner.Settings;

            public ISessionStore Sessions => inner.Sessions;

            public SecurityManagement.Core.Reach.IReachStore Reach => inner.Reach;

            public SecurityManagement.Core.Cluster.ILeaseStore Leases => inner.Leases;

            public SecurityManagement.Core.Cluster.IKeyRingStore KeyRing => inner.KeyRing;

            public SecurityManagement.Core.Safety.ISosStore Sos => inner.Sos;

            public SecurityManagement.Core.Safety.IOverstayStore Overstays => inner.Overstays;

            public SecurityManagement.Core.Safety.IBlocklistStore Blocklist => inner.Blocklist;

            public SecurityManagement.Core.Notices.INoticeStore Notices => inner.Notices;

            public SecurityManagement.Core.Expected.IExpectedStore Expected => inner.Expected;

            public SecurityManagement.Core.Parcels.IParcelStore Parcels => inner.Parcels;

            public SecurityManagement.Core.Help.IHelperStore Helpers => inner.Helpers;

            public Task<int> CompletePendingAuditAsync(DateTimeOffset parkedBefore, CancellationToken ct = default) =>
                inner.CompletePendingAuditAsync(parkedBefore, ct);

            public Task InitializeAsync(CancellationToken ct = default) => inner.InitializeAsync(ct);

            public async Task<bool> PingAsync(CancellationToken ct = default) => !owner.Silenced && await inner.PingAsync(ct);
        }
    }
}
