using SecurityManagement.Core.Settings;

namespace SecurityManagement.Web;

/// <summary>Once a day (first a minute after start), removes visitors' personal data older than the retention setting.</summary>
/// <remarks>The service is resolved once running: resolving it at construction would open the store before start-up checks it.</remarks>
public sealed partial class RetentionJob(IServiceProvider services, TimeProvider clock, ILogger<RetentionJob> logger) : BackgroundService
{
    public static readonly TimeSpan FirstRun = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retention = services.GetRequiredService<RetentionService>();
        await Task.Delay(FirstRun, clock, stoppingToken);
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                var result = await retention.SweepAsync(stoppingToken);
                LogSwept(result.Visits, result.Passes);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed sweep must not stop tomorrow's.
                LogFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention removed the personal data of {Visits} visit(s) and {Passes} pass(es)")]
    private partial void LogSwept(int visits, int passes);

    [LoggerMessage(Level = LogLevel.Error, Message = "The retention sweep failed")]
    private partial void LogFailed(Exception ex);
}
