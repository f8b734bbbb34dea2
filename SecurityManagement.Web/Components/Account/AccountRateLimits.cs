using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;

namespace SecurityManagement.Web.Components.Account;

/// <summary>
/// Per-client limits on the sign-in and registration posts, on top of Core's per-phone limits. A
/// browser holding a device cookie (it signed in here before) counts on its own, so a stranger behind
/// the same address (the society's Wi-Fi, a mobile carrier's NAT) cannot use up a guard tablet's
/// posts; everyone else counts per client address (the real one behind configured proxies; IPv6 per /64).
/// </summary>
public static class AccountRateLimits
{
    public const string Policy = "account-posts";

    public static void AddAccountRateLimits(this IServiceCollection services, AuthSettings auth) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(Policy, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(ClientOf(context), _ =>
                    new FixedWindowRateLimiterOptions { PermitLimit = auth.PostsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("reading"));
            options.OnRejected = async (rejected, _) =>
            {
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                var seconds = (int)Math.Ceiling(wait.TotalSeconds);
                var request = rejected.HttpContext.Request;
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await new RazorComponentResult<TooManyRequestsDocument>(new { Seconds = seconds, Back = $"{request.Path}{request.QueryString}" })
                {
                    StatusCode = StatusCodes.Status429TooManyRequests,
                }.ExecuteAsync(rejected.HttpContext);
            };
        });

    private static string ClientOf(HttpContext context) =>
        context.RequestServices.GetRequiredService<DeviceCookie>().Holder(context) is { } device
            ? $"device:{device}"
            : $"address:{ClientAddress.Of(context)}";
}
