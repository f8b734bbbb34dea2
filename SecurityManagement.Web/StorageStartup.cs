using SecurityManagement.Core.Demo;
using SecurityManagement.Core.Storage;

namespace SecurityManagement.Web;

/// <summary>
/// Opens the store before the server takes requests: creates or migrates the schema, and in
/// Development seeds the demo society into an empty store. A store that is misconfigured or
/// unreachable stops start-up within <see cref="Budget"/> with one log line naming the setting.
/// </summary>
public sealed partial class StorageStartup(
    IServiceProvider services, IHostEnvironment environment, ILogger<StorageStartup> logger) : IHostedLifecycleService
{
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(9);

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Budget);
        IStorage? storage = null;
        try
        {
            storage = services.GetRequiredService<IStorage>();
            await storage.InitializeAsync(budget.Token);
            LogReady(storage.Name);
            if (environment.IsDevelopment() && await services.GetRequiredService<DemoSociety>().SeedIfEmptyAsync(budget.Token))
            {
                LogSeeded();
            }
        }
        catch (StorageUnavailableException ex)
        {
            LogUnavailable(ex.Message);

            // A fresh exception keeps the host's own "failed to start" entry short: the line above says it all.
            throw new StorageUnavailableException(ex.Message);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var setting = services.GetRequiredService<StorageSettings>().ConnectionStringKey;
            var message = $"Storage unavailable: {storage?.Name ?? "the store"} did not answer within {Budget.TotalSeconds:0} s; check {setting}.";
            LogUnavailable(message);
            throw new StorageUnavailableException(message);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage ready: {Store}")]
    private partial void LogReady(string store);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo society (Development only); see README for the accounts")]
    private partial void LogSeeded();

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Message}")]
    private partial void LogUnavailable(string message);
}
