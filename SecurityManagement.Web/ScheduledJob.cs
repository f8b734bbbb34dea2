namespace SecurityManagement.Web;

/// <summary>
/// A background job that runs <see cref="RunAsync"/> first after <see cref="FirstRun"/> and then every
/// <see cref="Interval"/>; a failed round is logged and never stops the next one.
/// </summary>
/// <remarks>
/// Services are resolved from <see cref="Services"/> once the job runs: resolving them at construction
/// would open the store before start-up checks it.
/// </remarks>
public abstract partial class ScheduledJob(IServiceProvider services, TimeProvider clock, ILogger logger) : BackgroundService
{
    protected IServiceProvider Services => services;

    protected TimeProvider Clock => clock;

    protected abstract TimeSpan FirstRun { get; }

    protected abstract TimeSpan Interval { get; }

    protected abstract Task RunAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(FirstRun, clock, stoppingToken);
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await RunAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex, GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Job} failed this round; it runs again at its next time")]
    private static partial void LogFailed(ILogger logger, Exception ex, string job);
}
