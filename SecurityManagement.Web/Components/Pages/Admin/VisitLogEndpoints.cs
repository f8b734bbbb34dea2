using System.Security.Claims;
using System.Text;
using SecurityManagement.Core;
using SecurityManagement.Core.Visits;
using SecurityManagement.Web.Components.Account;

namespace SecurityManagement.Web.Components.Pages.Admin;

public static class VisitLogEndpoints
{
    /// <summary>
    /// GET /admin/visits/export: the filtered log as CSV, written to the response as it is read, so a
    /// hundred thousand rows never sit in memory. The service checks the admin again and audits it.
    /// </summary>
    public static void MapVisitLogEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/admin/visits/export", async (HttpContext context, ClaimsPrincipal user, VisitLogService log, SocietyOptions society) =>
        {
            var filter = VisitLogQuery.FromQuery(context.Request.Query).ToFilter(society, out var errors);
            if (user.ToActor() is not { } actor)
            {
                return Results.Forbid();
            }

            if (errors.Count > 0)
            {
                return Results.BadRequest(string.Join(" ", errors.Select(e => $"{e.Key}: {e.Value}")));
            }

            var day = society.Local(DateTimeOffset.UtcNow, "yyyy-MM-dd");
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"visits-{day}.csv\"";
            await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
            try
            {
                await log.ExportCsvAsync(actor, filter, writer, context.RequestAborted);
            }
            catch (NotAllowedException)
            {
                // The service refuses before it writes a row, so the response has not started.
                return Results.Forbid();
            }

            await writer.FlushAsync(context.RequestAborted);
            return Results.Empty;
        }).RequireAuthorization(Policies.Admin);
}
