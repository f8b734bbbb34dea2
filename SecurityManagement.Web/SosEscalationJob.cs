using SecurityManagement.Core.Safety;

namespace SecurityManagement.Web;

/// <summary>Every two seconds, texts every guard and admin about an SOS no guard acknowledged in time.</summary>
public sealed partial class SosEscalationJob(IServiceProvider services, TimeProvider clock, ILogger<SosEscalationJob> logger)
    : ScheduledJob(services, clock, logger)
{
    protected override TimeSpan FirstRun => TimeSpan.FromSeconds(2);

    protected override TimeSpan Interval => TimeSpan.FromSeconds(2);

    protected override async Task RunAsync(CancellationToken ct)
    {
        if (await Services.GetRequiredService<SosService>().EscalateAsync(ct) is var escalated and > 0)
        {
            LogEscalated(escalated);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Texted the guards and admins about {Count} SOS alert(s) nobody acknowledged in time")]
    private partial void LogEscalated(int count);
}
