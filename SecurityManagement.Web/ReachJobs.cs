using SecurityManagement.Core.Reach;

namespace SecurityManagement.Web;

/// <summary>Rings the flats of new requests and replaces settled ones' notifications, as gate operations hand them over.</summary>
/// <remarks>The doorbell is resolved once the worker runs, after start-up has checked the settings it needs.</remarks>
public sealed class DoorbellWorker(IServiceProvider services) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await services.GetRequiredService<Doorbell>().RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}

/// <summary>Every two seconds, texts the flats of requests that went unanswered past the SMS rung of the ladder.</summary>
public sealed partial class ReachEscalationJob(IServiceProvider services, TimeProvider clock, ILogger<ReachEscalationJob> logger)
    : ScheduledJob(services, clock, logger)
{
    protected override TimeSpan FirstRun => TimeSpan.FromSeconds(2);

    protected override TimeSpan Interval => TimeSpan.FromSeconds(2);

    protected override async Task RunAsync(CancellationToken ct)
    {
        if (await Services.GetRequiredService<Doorbell>().EscalateAsync(ct) is var texted and > 0)
        {
            LogEscalated(texted);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Took {Count} unanswered request(s) to the SMS rung")]
    private partial void LogEscalated(int count);
}
