using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using MudBlazor;
using MudBlazor.Services;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Accounts.Sms;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Cluster;
using SecurityManagement.Core.Reach;
using SecurityManagement.Core.Reach.WebPush;
using SecurityManagement.Web.Components;
using SecurityManagement.Web.Components.Account;
using SecurityManagement.Web.Components.Layout;
using SecurityManagement.Web.Components.Pages.Admin;
using SecurityManagement.Web.Components.Pages.Resident;
using SecurityManagement.Web.Components.Shared;
using SecurityManagement.Web.Localization;

namespace SecurityManagement.Web;

public static class DependencyInjection
{
    /// <summary>
    /// The client keeps <c>appsettings.Development.json</c> at the repository root. In Development it
    /// is loaded right after the project's own environment file, so environment variables and
    /// command-line arguments still override it.
    /// </summary>
    public static void AddRepositoryDevelopmentSettings(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
        {
            return;
        }

        var root = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, ".."));
        var fileName = $"appsettings.{builder.Environment.EnvironmentName}.json";
        IList<IConfigurationSource> sources = builder.Configuration.Sources;
        var environmentFile = sources
            .Select((source, index) => (source, index))
            .LastOrDefault(s => s.source is JsonConfigurationSource json && json.Path == fileName);
        var position = environmentFile.source is null ? sources.Count : environmentFile.index + 1;
        sources.Insert(position, new JsonConfigurationSource
        {
            Path = fileName,
            Optional = true,
            ReloadOnChange = true,
            FileProvider = new PhysicalFileProvider(root),
        });
    }

    public static void AddWebServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var environment = builder.Environment;
        var defaultSqliteFile = Path.Combine(environment.ContentRootPath, "App_Data", "security-management.db");
        services.AddSecurityManagementCore(configuration, defaultSqliteFile);
        services.AddSingleton(sp => SmsSender(sp, environment));
        services.AddLocalization();
        // Pages in Hindi are written as Devanagari, not as a character reference for every letter.
        services.AddWebEncoders(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddSingleton<Words>();
        services.AddSingleton<AccountMessages>();
        services.AddSingleton<ISmsWording, ResourceSmsWording>();
        services.AddSingleton(sp => OtpKeyFrom(sp.GetRequiredService<IConfiguration>(), environment));
        services.AddSingleton(sp => AuditKeyFrom(sp.GetRequiredService<IConfiguration>(), environment));
        services.AddSingleton<IAuditAnchor>(new FileAuditAnchor(configuration[FileAuditAnchor.Setting] is { Length: > 0 } folder
            ? folder
            : Path.Combine(environment.ContentRootPath, "App_Data", "audit-checkpoints")));
        services.AddHostedService<AppStartup>();
        services.AddHostedService<VisitExpiryJob>();
        services.AddHostedService<RetentionJob>();
        services.AddHostedService<AuditJob>();
        services.AddHostedService<SettingsFollower>();
        services.AddHostedService<SosEscalationJob>();
        services.AddHostedService<OverstayJob>();
        services.AddHostedService<NoticePushJob>();
        services.AddReach(configuration, environment);
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage").AddCheck<LiveEventsHealthCheck>("live-events");

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddAntiforgery(options => options.Cookie.SecurePolicy =
            environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);
        services.AddSingleton(Proxies.From(configuration));

        // No "Server: Kestrel" banner.
        builder.WebHost.ConfigureKestrel(options => options.AddServerHeader = false);
        // Messages rise at the bottom, as on a phone, clear of the gate screen's tabs and the app bar.
        services.AddMudServices(options => options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomCenter);
        // MudBlazor asks for its localizer per component: one shared instance (it reads the culture per call).
        services.AddSingleton<MudLocalizer, ResourceMudLocalizer>();
        services.AddAccountServices(
            AuthSettings.From(configuration, environment), severalServers: configuration.GetConnectionString(Core.DependencyInjection.RedisSetting) is { Length: > 0 }, environment);
    }

    private static void AddAccountServices(this IServiceCollection services, AuthSettings auth, bool severalServers, IHostEnvironment environment)
    {
        services.AddSingleton(auth);
        services.AddSingleton<DeviceCookie>();

        // Keys outlive restarts, so a restart signs nobody out. Several servers share one key ring in the store,
        // so a cookie one issued is good on all; one server keeps its keys in its keys folder, out of the store.
        var dataProtection = services.AddDataProtection().SetApplicationName("SecurityManagement");
        if (severalServers)
        {
            services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((options, sp) =>
            {
                options.XmlRepository = new SharedKeyRing(sp.GetRequiredService<IKeyRingStore>());
                options.XmlEncryptor = new SealingKeyEncryptor(sp.GetRequiredService<OtpKey>());
            });
        }
        else
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(auth.KeysFolder));
        }

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, LiveRevalidatingAuthenticationStateProvider>();
        services.AddScoped<SessionCookieEvents>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "sm.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                options.LoginPath = "/account/login";
                options.AccessDeniedPath = "/account/access-denied";
                options.SlidingExpiration = true;
                options.ExpireTimeSpan = auth.LongestSession;
                options.EventsType = typeof(SessionCookieEvents);
            });
        services.AddAuthorizationBuilder().AddRolePolicies();
        services.AddAccountRateLimits(auth);
    }

    /// <summary>
    /// Push through the society's VAPID keys (configured; Development makes a pair beside the Data Protection
    /// keys on first start) and the public address text messages link to (Development: the local one).
    /// </summary>
    private static void AddReach(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSingleton(sp => VapidKeysFrom(sp.GetRequiredService<IConfiguration>(), environment));
        services.AddSingleton(sp => ReachOptions.From(sp.GetRequiredService<IConfiguration>(), environment.IsDevelopment() ? new Uri("http://localhost:5295/") : null));
        services.AddSingleton<IPushSender>(sp => new WebPushSender(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = 64, AllowAutoRedirect = false })
            {
                Timeout = TimeSpan.FromSeconds(10),
            },
            sp.GetRequiredService<VapidKeys>()));
        services.AddHostedService<DoorbellWorker>();
        services.AddHostedService<ReachEscalationJob>();
        services.AddReachRateLimit(configuration);
    }

    private static VapidKeys VapidKeysFrom(IConfiguration configuration, IHostEnvironment environment) =>
        configuration[VapidKeys.PublicKeySetting] is { Length: > 0 } || !environment.IsDevelopment()
            ? VapidKeys.From(configuration[VapidKeys.PublicKeySetting], configuration[VapidKeys.PrivateKeySetting], configuration[VapidKeys.SubjectSetting])
            : VapidKeys.LoadOrCreate(Path.Combine(AuthSettings.From(configuration, environment).KeysFolder, "vapid.json"), configuration[VapidKeys.SubjectSetting]);

    private static ISmsSender SmsSender(IServiceProvider services, IHostEnvironment environment)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        return SmsConfiguration.Provider(configuration, environment.IsDevelopment()) switch
        {
            SmsProvider.Twilio => new TwilioSmsSender(SmsConfiguration.Twilio(configuration)),
            _ => ActivatorUtilities.CreateInstance<LogSmsSender>(services),
        };
    }

    /// <summary>Development may use a per-process key; elsewhere every instance must share the configured one.</summary>
    private static OtpKey OtpKeyFrom(IConfiguration configuration, IHostEnvironment environment) =>
        configuration[OtpKey.Setting] is { Length: > 0 } key ? OtpKey.FromBase64(key)
        : environment.IsDevelopment() ? OtpKey.Random()
        : throw new InvalidOperationException(
            $"{OtpKey.Setting} is not set; outside Development every instance needs the same secret to check sign-in codes (e.g. 'openssl rand -base64 32').");

    /// <summary>
    /// Outside Development every instance must share the configured key (or no instance could check the
    /// others' entries); Development keeps a generated one beside the Data Protection keys.
    /// </summary>
    private static AuditKey AuditKeyFrom(IConfiguration configuration, IHostEnvironment environment) =>
        configuration[AuditKey.Setting] is { Length: > 0 } key ? AuditKey.FromBase64(key)
        : environment.IsDevelopment() ? AuditKey.LoadOrCreate(Path.Combine(AuthSettings.From(configuration, environment).KeysFolder, "audit.key"))
        : throw new InvalidOperationException(
            $"{AuditKey.Setting} is not set; outside Development the audit trail needs a secret kept outside the store (e.g. 'openssl rand -base64 32').");

    public static void UseWebPipeline(this WebApplication app)
    {
        if (app.Services.GetRequiredService<Proxies>() is { Any: true } proxies)
        {
            app.UseForwardedHeaders(proxies.Options());
        }

        app.UseSecurityHeaders();
        app.UseRequestLocalization(Languages.RequestOptions());
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.Use((context, next) =>
        {
            // Only page loads get the friendly page. Re-running a refused POST (a forged sign-out, say)
            // would read its form again and fail: it keeps its plain status code.
            if (!HttpMethods.IsGet(context.Request.Method) && context.Features.Get<IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }

            return next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapHealthChecks("/healthz");
        app.MapAccountEndpoints();
        app.MapReachEndpoints();
        app.MapAppManifest();
        app.MapVisitLogEndpoints();
        // Our Content-Security-Policy already says frame-ancestors 'none'; Blazor need not send a second policy.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
    }
}
