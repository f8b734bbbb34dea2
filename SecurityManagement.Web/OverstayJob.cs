using SecurityManagement.Core.Safety;

namespace SecurityManagement.Web;

/// <summary>Every half minute, tells the flats of visitors who stayed past their purpose's limit (once per visit).</summary>
public sealed partial class OverstayJob(IServiceProvider services, TimeProvider clock, ILogger<OverstayJob> logger)
    : ScheduledJob(services, clock, logger)
{
    protected override TimeSpan FirstRun => TimeSpan.FromSeconds(15);

    protected override TimeSpan Interval => TimeSpan.FromSeconds(30);

    protected override async Task RunAsync(CancellationToken ct)
    {
        if (await Services.GetRequiredService<OverstayService>().NotifyAsync(ct) is var told and > 0)
        {
            LogTold(told);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Told {Count} flat(s) their visitor stayed past the expected time")]
    private partial void LogTold(int count);
}
