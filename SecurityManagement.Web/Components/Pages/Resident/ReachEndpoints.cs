using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SecurityManagement.Core;
using SecurityManagement.Core.Reach;
using SecurityManagement.Web.Components.Account;
using SecurityManagement.Web.Components.Shared;
using SecurityManagement.Web.Localization;
using SecurityManagement.Web.Resources;

namespace SecurityManagement.Web.Components.Pages.Resident;

/// <summary>What a notification's Approve or Deny posts (the token it carried), and what it hears back to show.</summary>
public sealed record ReachAnswer(string? Token, string? Action, string? Reason, string? Lang);

public sealed record ReachSeen(string? Token);

public sealed record ReachReply(string Title, string Body);

/// <summary>
/// The endpoints a resident's service worker calls without a session: the token it was pushed is the
/// only credential (no cookie counts), so another site cannot make a browser answer; even so a browser's
/// cross-site call is refused outright. Limited per client address, since nobody signs in to them.
/// </summary>
public static class ReachEndpoints
{
    public const string Policy = "reach";

    public const int PostsPerMinute = 60;

    public static void AddReachRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var limit = configuration.GetValue("Reach:PostsPerMinute", PostsPerMinute);
        services.AddRateLimiter(options => options.AddPolicy(Policy, context =>
            RateLimitPartition.GetFixedWindowLimiter(ClientAddress.Of(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            })));
    }

    public static void MapReachEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var reach = endpoints.MapGroup("/reach").RequireRateLimiting(Policy);

        // Approve or Deny on a notification: the same checks, compare-and-set and audit as the dashboard.
        reach.MapPost("/answer", async (
            HttpContext context, [FromBody] ReachAnswer body, ReachService service, ReachOptions options, Words words, IStringLocalizer<ResidentText> text) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            if (IsCrossSite(context, options))
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            if (body.Action is not ("approve" or "deny"))
            {
                return Results.BadRequest();
            }

            try
            {
                var answered = await service.AnswerAsync(body.Token, body.Action == "approve", body.Reason, context.RequestAborted);
                var culture = Languages.Find(answered.Resident.Language) ?? CultureInfo.CurrentUICulture;
                return Results.Ok(new ReachReply(
                    answered.Visit.VisitorName,
                    words.InLanguage(new Problem(Codes.MessageAnswered, answered.Visit.Status, answered.Visit.VisitorName), culture)));
            }
            catch (ProblemException ex)
            {
                var status = ex switch
                {
                    NotFoundException => StatusCodes.Status404NotFound,
                    NotAllowedException => StatusCodes.Status403Forbidden,
                    ConflictException => StatusCodes.Status409Conflict,
                    _ => StatusCodes.Status400BadRequest,
                };
                // Said in the language the notification was in: the service worker sends no cookie.
                var culture = Languages.Find(body.Lang) ?? CultureInfo.CurrentUICulture;
                return Results.Json(
                    new ReachReply(Languages.In(culture, () => text["Push.NotAnswered"].Value), words.InLanguage(ex.Problem, culture)), statusCode: status);
            }
        });

        // The phone showed the request: the guard's card says "seen by …".
        reach.MapPost("/seen", async (HttpContext context, [FromBody] ReachSeen body, ReachService service, ReachOptions options) =>
            IsCrossSite(context, options) ? Results.StatusCode(StatusCodes.Status403Forbidden)
            : await service.SeenAsync(body.Token, context.RequestAborted) ? Results.NoContent()
            : Results.NotFound());
    }

    /// <summary>
    /// A browser says where a call comes from (Sec-Fetch-Site, Origin): only our own pages and service worker may
    /// call. Our origin is the one the request reached, or the public address (<c>Reach:PublicUrl</c>), which is
    /// what browsers see behind a reverse proxy that rewrites the host.
    /// </summary>
    private static bool IsCrossSite(HttpContext context, ReachOptions options)
    {
        var request = context.Request;
        if (request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site")
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return false;
        }

        var ours = new[] { $"{request.Scheme}://{request.Host.Value}", options.PublicUrl.GetLeftPart(UriPartial.Authority) };
        return !(Uri.TryCreate(origin, UriKind.Absolute, out var from) && ours.Contains(from.GetLeftPart(UriPartial.Authority), StringComparer.OrdinalIgnoreCase));
    }
}
