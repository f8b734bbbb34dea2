using SecurityManagement.Core.Notices;

namespace SecurityManagement.Web;

/// <summary>Every ten seconds, pushes each newly posted notice (once) to the phones of the residents it is for.</summary>
public sealed partial class NoticePushJob(IServiceProvider services, TimeProvider clock, ILogger<NoticePushJob> logger)
    : ScheduledJob(services, clock, logger)
{
    protected override TimeSpan FirstRun => TimeSpan.FromSeconds(5);

    protected override TimeSpan Interval => TimeSpan.FromSeconds(10);

    protected override async Task RunAsync(CancellationToken ct)
    {
        if (await Services.GetRequiredService<NoticeService>().PushDueAsync(ct) is var pushed and > 0)
        {
            LogPushed(pushed);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pushed {Count} new notice(s) to residents' phones")]
    private partial void LogPushed(int count);
}
