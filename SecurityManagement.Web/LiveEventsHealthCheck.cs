using Microsoft.Extensions.Diagnostics.HealthChecks;
using SecurityManagement.Core.Live;

namespace SecurityManagement.Web;

/// <summary>/healthz: degraded while this server has lost Redis (its screens see only its own events); the client reconnects by itself.</summary>
public sealed class LiveEventsHealthCheck(ILiveEvents live) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(live switch
        {
            RedisLiveEvents { IsConnected: false } => HealthCheckResult.Degraded("Redis is unreachable: live events reach only this server's screens."),
            RedisLiveEvents => HealthCheckResult.Healthy("Live events cross between servers through Redis."),
            _ => HealthCheckResult.Healthy("Live events in-process (one server)."),
        });
}
