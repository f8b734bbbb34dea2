using SecurityManagement.Core.Visits;

namespace SecurityManagement.Web;

/// <summary>
/// Every few seconds, expires the requests nobody answered in time, and closes approved visitors who
/// never came and returned requests nobody re-routed (they leave the boards live).
/// </summary>
public sealed partial class VisitExpiryJob(IServiceProvider services, TimeProvider clock, ILogger<VisitExpiryJob> logger)
    : ScheduledJob(services, clock, logger)
{
    protected override TimeSpan FirstRun => TimeSpan.FromSeconds(10);

    protected override TimeSpan Interval => TimeSpan.FromSeconds(10);

    protected override async Task RunAsync(CancellationToken ct)
    {
        if (await Services.GetRequiredService<VisitService>().ExpireOverdueAsync(ct) is var expired and > 0)
        {
            LogExpired(expired);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed {Count} visit(s) nobody acted on in time")]
    private partial void LogExpired(int count);
}
