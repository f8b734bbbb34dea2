using SecurityManagement.Core.Visits;

namespace SecurityManagement.Web;

/// <summary>Every few seconds, expires the requests nobody answered in time (they leave the boards live).</summary>
/// <remarks>The service is resolved once running: resolving it at construction would open the store before start-up checks it.</remarks>
public sealed partial class VisitExpiryJob(IServiceProvider services, TimeProvider clock, ILogger<VisitExpiryJob> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var visits = services.GetRequiredService<VisitService>();
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var expired = await visits.ExpireOverdueAsync(stoppingToken);
                if (expired > 0)
                {
                    LogExpired(expired);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A bad sweep must not stop the next one.
                LogFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Expired {Count} unanswered visit(s)")]
    private partial void LogExpired(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Expiring unanswered visits failed")]
    private partial void LogFailed(Exception ex);
}
