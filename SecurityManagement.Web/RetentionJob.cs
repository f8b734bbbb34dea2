using SecurityManagement.Core.Settings;

namespace SecurityManagement.Web;

/// <summary>Once a day (first a minute after start), removes visitors' personal data older than the retention setting.</summary>
public sealed partial class RetentionJob(IServiceProvider services, TimeProvider clock, ILogger<RetentionJob> logger)
    : ScheduledJob(services, clock, logger)
{
    protected override TimeSpan FirstRun => TimeSpan.FromMinutes(1);

    protected override TimeSpan Interval => TimeSpan.FromDays(1);

    protected override async Task RunAsync(CancellationToken ct)
    {
        var result = await Services.GetRequiredService<RetentionService>().SweepAsync(ct);
        LogSwept(result.Visits, result.Passes, result.Blocks, result.Expected, result.Parcels, result.Helpers, result.Sessions, result.ReachSteps);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Retention removed the personal data of {Visits} visit(s), {Passes} pass(es), {Blocks} lifted block(s), {Expected} expected visitor(s), {Parcels} collected parcel(s) and {Helpers} helper record(s), "
            + "{Sessions} old sign-in session(s) and {Steps} old notification step(s)")]
    private partial void LogSwept(int visits, int passes, int blocks, int expected, int parcels, int helpers, int sessions, int steps);
}
