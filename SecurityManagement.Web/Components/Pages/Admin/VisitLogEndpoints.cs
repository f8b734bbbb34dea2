using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Localization;
using SecurityManagement.Core;
using SecurityManagement.Core.Visits;
using SecurityManagement.Web.Components.Account;
using SecurityManagement.Web.Components.Shared;
using SecurityManagement.Web.Resources;

namespace SecurityManagement.Web.Components.Pages.Admin;

public static class VisitLogEndpoints
{
    public const string ExportPath = "/admin/visits/export";

    /// <summary>
    /// POST /admin/visits/export: the filtered log as CSV, written to the response as it is read, so a
    /// hundred thousand rows never sit in memory. It is a form post with an antiforgery token, and a
    /// browser's cross-site request is refused outright, so no other site can make an admin's browser export. Nothing is cached; the service
    /// checks the admin again and audits the export when it starts and when it ends.
    /// </summary>
    public static void MapVisitLogEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(ExportPath, async (HttpContext context, IAntiforgery antiforgery, VisitLogService log, SocietyOptions society, Words words, IStringLocalizer<AdminText> text) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            if (context.Request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site" || context.User.ToActor() is not { } actor)
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.Text(text["Log.FormExpired"].Value, "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            }

            var query = VisitLogQuery.FromForm(await context.Request.ReadFormAsync(context.RequestAborted), out var errors);
            var filter = query.ToFilter(society, out var filterErrors);
            foreach (var (field, problem) in filterErrors)
            {
                errors.TryAdd(field, problem);
            }

            if (errors.Count > 0)
            {
                return Results.Text(string.Join(" ", words.Of(errors).Values), "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            }

            var day = society.Local(DateTimeOffset.UtcNow, "yyyy-MM-dd");
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"visits-{day}.csv\"";
            // Not disposed on failure: disposing flushes, and a flush starts the response, which would
            // leave no way to answer with an error page.
            var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
            try
            {
                await log.ExportCsvAsync(actor, filter, writer, context.RequestAborted);
            }
            catch (NotAllowedException)
            {
                // The service refuses before it writes a row, so the response has not started.
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            await writer.DisposeAsync();
            return Results.Empty;
        }).RequireAuthorization(Policies.Admin);
}
