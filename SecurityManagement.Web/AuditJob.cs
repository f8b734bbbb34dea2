using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Storage;

namespace SecurityManagement.Web;

/// <summary>
/// At start and every minute: appends audit entries a crash left parked (MongoDB without transactions;
/// SQLite never has any), then, when the trail has grown, writes a signed checkpoint of its head to the
/// checkpoint folder and to this log, both outside the store.
/// </summary>
public sealed partial class AuditJob(IServiceProvider services, TimeProvider clock, ILogger<AuditJob> logger)
    : ScheduledJob(services, clock, logger)
{
    // A write still in progress parks its entries for a moment; only older ones are the sweep's.
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    private string? _problem;

    protected override TimeSpan FirstRun => TimeSpan.Zero;

    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    protected override async Task RunAsync(CancellationToken ct)
    {
        if (await Services.GetRequiredService<IStorage>().CompletePendingAuditAsync(Clock.GetUtcNow() - Grace, ct) is var completed and > 0)
        {
            LogCompleted(completed);
        }

        var round = await Services.GetRequiredService<AuditService>().WriteCheckpointAsync(ct);
        if (round.Written is { } checkpoint)
        {
            LogCheckpoint(checkpoint.Sequence, checkpoint.Hash, checkpoint.At, checkpoint.Signature);
        }

        // Said once for each new problem, loudly: someone changed the trail behind the app's back.
        if (round.Problem is { } problem && Interlocked.Exchange(ref _problem, problem) != problem)
        {
            LogTampered(problem);
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The audit trail no longer matches its checkpoint: {Problem}")]
    private partial void LogTampered(string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Appended {Count} audit entr(ies) that an interrupted write had left parked")]
    private partial void LogCompleted(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit checkpoint: entry {Sequence} hash {Hash} at {At:O} signature {Signature}")]
    private partial void LogCheckpoint(long sequence, string hash, DateTimeOffset at, string signature);
}
