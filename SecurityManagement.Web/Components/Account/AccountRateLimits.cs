using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace SecurityManagement.Web.Components.Account;

/// <summary>Per-client limits on the sign-in and registration posts, on top of Core's per-phone limits.</summary>
public static class AccountRateLimits
{
    public const string Policy = "account-posts";

    public static void AddAccountRateLimits(this IServiceCollection services, AuthSettings auth) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(Policy, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ =>
                    new FixedWindowRateLimiterOptions { PermitLimit = auth.PostsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("reading"));
            options.OnRejected = async (rejected, ct) =>
            {
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                var seconds = (int)Math.Ceiling(wait.TotalSeconds);
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await rejected.HttpContext.Response.WriteAsync(
                    $"Too many sign-in attempts from this device. Try again in {seconds} seconds.", ct);
            };
        });
}
