using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Storage;

namespace SecurityManagement.Web;

/// <summary>
/// Every <see cref="Interval"/>: appends audit entries a crash left parked (MongoDB without transactions;
/// SQLite never has any), then, when the trail has grown, writes a signed checkpoint of its head to the
/// checkpoint folder and to this log, both outside the store.
/// </summary>
/// <remarks>The services are resolved once running: resolving them at construction would open the store before start-up checks it.</remarks>
public sealed partial class AuditJob(IServiceProvider services, TimeProvider clock, ILogger<AuditJob> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    // A write still in progress parks its entries for a moment; only older ones are the sweep's.
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var storage = services.GetRequiredService<IStorage>();
        var audit = services.GetRequiredService<AuditService>();
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                if (await storage.CompletePendingAuditAsync(clock.GetUtcNow() - Grace, stoppingToken) is var completed and > 0)
                {
                    LogCompleted(completed);
                }

                if (await audit.WriteCheckpointAsync(stoppingToken) is { } checkpoint)
                {
                    LogCheckpoint(checkpoint.Sequence, checkpoint.Hash, checkpoint.At, checkpoint.Signature);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed round must not stop the next one.
                LogFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Appended {Count} audit entr(ies) that an interrupted write had left parked")]
    private partial void LogCompleted(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit checkpoint: entry {Sequence} hash {Hash} at {At:O} signature {Signature}")]
    private partial void LogCheckpoint(long sequence, string hash, DateTimeOffset at, string signature);

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit job failed")]
    private partial void LogFailed(Exception ex);
}
