using Microsoft.Extensions.Configuration;

namespace SecurityManagement.Core.Reach;

/// <summary>
/// Where residents reach the app from outside (<c>Reach:PublicUrl</c>: the start of every one-tap link a text
/// message carries), and the push services a browser's subscription may point at (<c>Reach:PushServices</c>:
/// host names, each also matching its subdomains), so the server never posts to a host a resident chose.
/// </summary>
public sealed record ReachOptions(Uri PublicUrl, IReadOnlyList<string> PushServices)
{
    public const string PublicUrlKey = "Reach:PublicUrl";
    public const string PushServicesKey = "Reach:PushServices";

    /// <summary>Chrome and Edge on Android (FCM), Firefox, Safari, Edge on Windows.</summary>
    public static readonly IReadOnlyList<string> KnownPushServices = ["googleapis.com", "push.services.mozilla.com", "push.apple.com", "notify.windows.com"];

    /// <summary>The configured address, else <paramref name="fallback"/> (Development); absent in any other environment, start-up refuses.</summary>
    public static ReachOptions From(IConfiguration configuration, Uri? fallback)
    {
        var services = configuration[PushServicesKey] is { Length: > 0 } list
            ? [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : KnownPushServices;
        var text = configuration[PublicUrlKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback is not null
                ? new ReachOptions(fallback, services)
                : throw new InvalidOperationException(
                    $"{PublicUrlKey} is not set; text messages carry links to the app, so it needs the address residents open it at (e.g. https://gate.example.org).");
        }

        return Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? new ReachOptions(url, services)
            : throw new InvalidOperationException($"{PublicUrlKey} must be the app's absolute http(s) address, e.g. https://gate.example.org; it is '{text}'.");
    }

    /// <summary>The one-tap page for a token (no phone number in it; the token names the visit and the resident).</summary>
    public Uri LinkFor(string token) => new(PublicUrl, $"r/{token}");

    /// <summary>
    /// Whether a subscription's endpoint is one of the push services: https to a listed host or its subdomain
    /// (plain http only to a listed loopback address, as a test's own push service is).
    /// </summary>
    public bool IsPushService(Uri endpoint) =>
        (endpoint.Scheme == Uri.UriSchemeHttps || (endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback))
        && PushServices.Any(host => endpoint.Host.Equals(host, StringComparison.OrdinalIgnoreCase)
            || endpoint.Host.EndsWith($".{host}", StringComparison.OrdinalIgnoreCase));
}
