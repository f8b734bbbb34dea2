using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Accounts.Sms;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Demo;
using SecurityManagement.Core.Reach;
using SecurityManagement.Core.Reach.WebPush;
using SecurityManagement.Core.Settings;
using SecurityManagement.Core.Storage;
using SecurityManagement.Web.Components.Shared;
using SecurityManagement.Web.Localization;

namespace SecurityManagement.Web;

/// <summary>
/// Runs before the server takes requests: refuses unsafe settings, opens the store (creating or
/// migrating the schema), loads the society's stored settings, seeds the demo society in
/// Development, and makes the bootstrap super admin. Anything wrong stops start-up within <see cref="Budget"/> with one log line that names
/// the setting to fix.
/// </summary>
public sealed partial class AppStartup(
    IServiceProvider services, IConfiguration configuration, IHostEnvironment environment, ILogger<AppStartup> logger)
    : IHostedLifecycleService
{
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(9);

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Budget);
        IStorage? storage = null;
        try
        {
            CheckSettings();
            storage = services.GetRequiredService<IStorage>();
            await storage.InitializeAsync(budget.Token);
            LogReady(storage.Name);
            if (await services.GetRequiredService<AuditService>().KeyUnkeyedTrailAsync(budget.Token))
            {
                LogKeyed();
            }

            await services.GetRequiredService<SettingsService>().LoadAsync(budget.Token);
            if (environment.IsDevelopment() && await services.GetRequiredService<DemoSociety>().SeedIfEmptyAsync(budget.Token))
            {
                LogSeeded();
            }

            var bootstrapped = await services.GetRequiredService<AccountService>().EnsureSuperAdminAsync(
                configuration["Bootstrap:SuperAdminPhone"], configuration["Bootstrap:SuperAdminName"], budget.Token);
            if (bootstrapped is not null)
            {
                LogBootstrapped(bootstrapped.Phone.Value);
            }
        }
        catch (SecurityManagement.Core.ProblemException ex) when (ex is SecurityManagement.Core.InvalidInputException or SecurityManagement.Core.ConflictException)
        {
            // A bad Bootstrap:* setting, said to the operator in English.
            throw Fail(services.GetRequiredService<Words>().InLanguage(ex.Problem, Languages.Supported[0]));
        }
        catch (Exception ex) when (ex is StorageUnavailableException or InvalidOperationException)
        {
            throw Fail(ex.Message);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var setting = services.GetRequiredService<StorageSettings>().ConnectionStringKey;
            throw Fail($"Storage unavailable: {storage?.Name ?? "the store"} did not answer within {Budget.TotalSeconds:0} s; check {setting}.");
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The seed's DEBUG_MODE and the log sender would let anyone in or leak codes: Development only.</summary>
    private void CheckSettings()
    {
        if (AuthSettings.From(configuration, environment).OtpBypass && !environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"{AuthSettings.OtpBypassKey} is on in the {environment.EnvironmentName} environment; it signs people in without a code and is allowed only in Development. Turn it off.");
        }

        SmsConfiguration.Validate(configuration, environment.IsDevelopment(), environment.IsProduction());
        CheckSharedSecrets();
        services.GetRequiredService<OtpKey>();
        services.GetRequiredService<AuditKey>();
        services.GetRequiredService<VapidKeys>();
        services.GetRequiredService<ReachOptions>();
    }

    /// <summary>
    /// One of several servers must share its secrets with the others; Development would otherwise make its own
    /// on each server (a code hashed on one, an audit entry, a push subscription, a sealed key would fail on the next).
    /// </summary>
    private void CheckSharedSecrets()
    {
        if (configuration.GetConnectionString(Core.DependencyInjection.RedisSetting) is not { Length: > 0 })
        {
            return;
        }

        var missing = new[] { OtpKey.Setting, AuditKey.Setting, VapidKeys.PublicKeySetting, VapidKeys.PrivateKeySetting }
            .Where(setting => string.IsNullOrWhiteSpace(configuration[setting]))
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:Redis is set, so this is one of several servers: set {string.Join(", ", missing)} to the same values on every server.");
        }
    }

    private StartupException Fail(string message)
    {
        LogFailed(message);

        // A fresh exception keeps the host's own "failed to start" entry short: the line above says it all.
        return new StartupException(message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage ready: {Store}")]
    private partial void LogReady(string store);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The audit trail was written before the audit key: it now goes on under the key, and the entries before it are checked as they were written")]
    private partial void LogKeyed();

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo society (Development only); see README for the accounts")]
    private partial void LogSeeded();

    [LoggerMessage(Level = LogLevel.Information, Message = "Made {Phone} the super admin from the Bootstrap settings")]
    private partial void LogBootstrapped(string phone);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Message}")]
    private partial void LogFailed(string message);
}
