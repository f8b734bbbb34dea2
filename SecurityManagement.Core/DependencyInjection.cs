using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Cluster;
using SecurityManagement.Core.Demo;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Help;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Parcels;
using SecurityManagement.Core.Passes;
using SecurityManagement.Core.Reach;
using SecurityManagement.Core.Expected;
using SecurityManagement.Core.Notices;
using SecurityManagement.Core.Safety;
using SecurityManagement.Core.Settings;
using SecurityManagement.Core.Storage;
using SecurityManagement.Core.Storage.Mongo;
using SecurityManagement.Core.Storage.Sqlite;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core;

public static class DependencyInjection
{
    /// <summary>The connection string that gives several servers one live hub (Redis); without it the hub is in-process.</summary>
    public const string RedisSetting = "Redis";

    /// <summary>
    /// Registers the store chosen by <c>Storage:Provider</c>, its ports and the Core services.
    /// The store is built on first use, so a bad setting surfaces where start-up checks the store.
    /// The host adds what depends on its environment: an <see cref="ISmsSender"/>, the <see cref="OtpKey"/>,
    /// the <see cref="AuditKey"/>, where audit checkpoints are kept (<see cref="IAuditAnchor"/>), and how
    /// residents are reached (<see cref="IPushSender"/>, <see cref="ReachOptions"/>).
    /// With <c>ConnectionStrings:Redis</c> this is one of several servers: live events cross between them through
    /// Redis, and leases are taken in the store; without it, both stay in this process.
    /// </summary>
    public static IServiceCollection AddSecurityManagementCore(
        this IServiceCollection services, IConfiguration configuration, string defaultSqliteFile)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(SocietyOptions.From(configuration));
        services.AddSingleton(_ => StorageSettings.From(configuration, defaultSqliteFile));
        services.AddSingleton(sp => new AuditChain(sp.GetRequiredService<AuditKey>()));
        services.AddSingleton(sp => CreateStorage(sp.GetRequiredService<StorageSettings>(), sp.GetRequiredService<AuditChain>()));
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Users);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Flats);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Visits);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Passes);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Audit);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Otp);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Settings);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Sessions);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Reach);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().KeyRing);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Sos);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Overstays);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Blocklist);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Notices);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Expected);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Parcels);
        services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Helpers);
        services.AddSingleton(ServerInstance.Start());
        services.AddSingleton<Leases>();
        services.AddSingleton<ActingUsers>();
        services.AddSingleton(SessionLimits.From(configuration));
        if (configuration.GetConnectionString(RedisSetting) is { Length: > 0 } redis)
        {
            services.AddSingleton<ILiveEvents>(sp => RedisLiveEvents.Connect(
                redis, new ServerSeal(sp.GetRequiredService<OtpKey>(), ServerSeal.LiveEvents), sp.GetRequiredService<ServerInstance>(), sp.GetRequiredService<ILoggerFactory>()));
            services.AddSingleton(sp => sp.GetRequiredService<IStorage>().Leases);
        }
        else
        {
            // One server: what runs one at a time need only be one at a time in this process.
            services.AddSingleton<ILeaseStore, InProcessLeaseStore>();
            services.AddSingleton<ILiveEvents, InProcessLiveEvents>();
        }

        services.AddSingleton(OtpOptions.From(configuration));
        services.AddSingleton<OtpService>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<UserService>();
        services.AddSingleton(GateOptions.From(configuration));
        services.AddSingleton<AnswerTokens>();
        services.AddSingleton<Doorbell>();
        services.AddSingleton<IVisitAlerts>(sp => sp.GetRequiredService<Doorbell>());
        services.AddSingleton<INoticeAlerts>(sp => sp.GetRequiredService<Doorbell>());
        services.AddSingleton<NoticeService>();
        services.AddSingleton<IParcelAlerts>(sp => sp.GetRequiredService<Doorbell>());
        services.AddSingleton<ExpectedService>();
        services.AddSingleton<ParcelService>();
        services.AddSingleton<IHelperAlerts>(sp => sp.GetRequiredService<Doorbell>());
        services.AddSingleton<HelperService>();
        services.AddSingleton<BlocklistService>();
        services.AddSingleton<VisitService>();
        services.AddSingleton<ReachService>();
        services.AddSingleton<VisitLogService>();
        services.AddSingleton<PassService>();
        services.AddSingleton<SosService>();
        services.AddSingleton<OverstayService>();
        services.AddSingleton<AuditService>();
        services.AddSingleton<FlatService>();
        services.AddSingleton<SettingsService>();
        services.AddSingleton<RetentionService>();
        services.AddSingleton<GateSummaryService>();
        services.AddSingleton<DemoSociety>();
        return services;
    }

    public static IStorage CreateStorage(StorageSettings settings, AuditChain chain) => settings.Provider switch
    {
        StorageProvider.Sqlite => new SqliteStorage(settings.ConnectionString, chain),
        StorageProvider.Mongo => new MongoStorage(settings.ConnectionString, chain),
        _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Provider, "Unknown storage provider."),
    };
}
