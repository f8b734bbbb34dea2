using SecurityManagement.Core.Cluster;

namespace SecurityManagement.Web;

/// <summary>
/// A background job that runs <see cref="RunAsync"/> first after <see cref="FirstRun"/> and then every
/// <see cref="Interval"/>; a failed round is logged and never stops the next one. However many servers run,
/// one runs the job at a time: each round takes or renews the job's lease (held for an interval and
/// <see cref="LeaseMargin"/>, and renewed while the round runs), and a server that does not hold it skips the
/// round. When the holder dies its lease runs out and the next server to try takes the job over; one that
/// stops gives it up at once.
/// </summary>
/// <remarks>
/// Services are resolved from <see cref="Services"/> once the job runs: resolving them at construction
/// would open the store before start-up checks it.
/// </remarks>
public abstract partial class ScheduledJob(IServiceProvider services, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>How long past its next round a job's lease is kept: a holder a little late is not overtaken.</summary>
    public static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(10);

    private bool _holding;

    protected IServiceProvider Services => services;

    protected TimeProvider Clock => clock;

    protected abstract TimeSpan FirstRun { get; }

    protected abstract TimeSpan Interval { get; }

    /// <summary>The job's lease: its name.</summary>
    public string LeaseName => GetType().Name;

    protected abstract Task RunAsync(CancellationToken ct);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_holding)
        {
            try
            {
                await services.GetRequiredService<Leases>().ReleaseAsync(LeaseName, cancellationToken);
            }
            catch (Exception ex)
            {
                // The lease runs out by itself.
                LogNotReleased(logger, ex, LeaseName);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(FirstRun, clock, stoppingToken);
        var leases = services.GetRequiredService<Leases>();
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                var holding = await leases.TryHoldAsync(LeaseName, Interval + LeaseMargin, stoppingToken);
                if (holding != _holding)
                {
                    _holding = holding;
                    LogLease(logger, LeaseName, holding ? "runs" : "leaves to another server");
                }

                if (holding)
                {
                    await RunHoldingAsync(leases, stoppingToken);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex, GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>
    /// Runs the round, renewing the lease while it lasts (a slow round is not overtaken); a round whose lease
    /// is lost (this server was cut off from the store long enough for another to take the job) is stopped.
    /// </summary>
    private async Task RunHoldingAsync(Leases leases, CancellationToken stoppingToken)
    {
        using var round = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var run = RunAsync(round.Token);
        var renewEvery = TimeSpan.FromTicks(Math.Min(Interval.Ticks, LeaseMargin.Ticks) / 2);
        try
        {
            while (await Task.WhenAny(run, Task.Delay(renewEvery, clock, round.Token)) != run)
            {
                if (!await leases.TryHoldAsync(LeaseName, Interval + LeaseMargin, stoppingToken))
                {
                    _holding = false;
                    LogLease(logger, LeaseName, "lost the lease mid-round and stops");
                    await round.CancelAsync();
                    break;
                }
            }

            await run;
        }
        catch (OperationCanceledException) when (round.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            // Stopped for the lost lease: the server that took it runs the job now.
        }
        finally
        {
            // Ends the renewal timer of a round that finished.
            await round.CancelAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Job} failed this round; it runs again at its next time")]
    private static partial void LogFailed(ILogger logger, Exception ex, string job);

    [LoggerMessage(Level = LogLevel.Information, Message = "This server now {What} {Job}")]
    private static partial void LogLease(ILogger logger, string job, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not give up the lease of {Job}; it runs out by itself")]
    private static partial void LogNotReleased(ILogger logger, Exception ex, string job);
}
