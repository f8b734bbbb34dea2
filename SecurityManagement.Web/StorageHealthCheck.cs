using Microsoft.Extensions.Diagnostics.HealthChecks;
using SecurityManagement.Core.Storage;

namespace SecurityManagement.Web;

/// <summary>/healthz: healthy while the store answers a trivial query within a few seconds.</summary>
public sealed class StorageHealthCheck(IStorage storage) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        return await storage.PingAsync(timeout.Token)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The store did not answer.");
    }
}
