using System.Security.Cryptography;

namespace SecurityManagement.Web;

/// <summary>
/// The headers every response carries: a Content-Security-Policy that lets only our own scripts run
/// (plus the one inline import map, by a per-request nonce; nothing is evaluated), and the usual
/// hardening headers. Styles allow inline: MudBlazor sets style attributes throughout.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "sm.csp-nonce";

    /// <summary>This request's script nonce, for the few inline scripts the framework writes (the import map).</summary>
    public static string CspNonce(this HttpContext context) => (string)context.Items[NonceKey]!;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Items[NonceKey] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

            // Set as the response starts, so that an error page (the exception handler clears the
            // headers, then renders /error) carries them too.
            context.Response.OnStarting(() =>
            {
                Write(context);
                return Task.CompletedTask;
            });
            return next(context);
        });

    private static void Write(HttpContext context)
    {
        var nonce = context.CspNonce();
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = string.Join("; ",
            "default-src 'self'",
            $"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'");
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
    }
}
