using Microsoft.Extensions.Configuration;

namespace SecurityManagement.Core.Reach;

/// <summary>Where residents reach the app from outside (<c>Reach:PublicUrl</c>): the start of every one-tap link a text message carries.</summary>
public sealed record ReachOptions(Uri PublicUrl)
{
    public const string PublicUrlKey = "Reach:PublicUrl";

    /// <summary>The configured address, else <paramref name="fallback"/> (Development); absent in any other environment, start-up refuses.</summary>
    public static ReachOptions From(IConfiguration configuration, Uri? fallback)
    {
        var text = configuration[PublicUrlKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback is not null
                ? new ReachOptions(fallback)
                : throw new InvalidOperationException(
                    $"{PublicUrlKey} is not set; text messages carry links to the app, so it needs the address residents open it at (e.g. https://gate.example.org).");
        }

        return Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? new ReachOptions(url)
            : throw new InvalidOperationException($"{PublicUrlKey} must be the app's absolute http(s) address, e.g. https://gate.example.org; it is '{text}'.");
    }

    /// <summary>The one-tap page for a token (no phone number in it; the token names the visit and the resident).</summary>
    public Uri LinkFor(string token) => new(PublicUrl, $"r/{token}");
}
