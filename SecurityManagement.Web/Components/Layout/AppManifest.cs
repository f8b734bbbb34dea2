using System.Globalization;
using Microsoft.Extensions.Localization;
using SecurityManagement.Core;
using SecurityManagement.Web.Resources;

namespace SecurityManagement.Web.Components.Layout;

/// <summary>
/// The web app manifest: the society's name on the home screen, its icons, and a standalone window
/// opening at the home page (which sends each role to its screen), so a phone can install the app and
/// receive its notifications like any other app's.
/// </summary>
public static class AppManifest
{
    public const string Path = "/manifest.webmanifest";

    public static void MapAppManifest(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, (HttpContext context, SocietyOptions society, IStringLocalizer<SharedText> text) =>
        {
            context.Response.Headers.CacheControl = "no-cache";
            var name = society.Name;
            return Results.Json(new
            {
                id = "/",
                name,
                short_name = name.Length <= 12 ? name : text["App.ShortName"].Value,
                description = text["App.Description"].Value,
                lang = CultureInfo.CurrentUICulture.Name,
                start_url = "/",
                scope = "/",
                display = "standalone",
                orientation = "any",
                theme_color = "#594ae2",
                background_color = "#ffffff",
                icons = new object[]
                {
                    new { src = "/icons/icon-192.png", sizes = "192x192", type = "image/png", purpose = "any" },
                    new { src = "/icons/icon-512.png", sizes = "512x512", type = "image/png", purpose = "any" },
                    new { src = "/icons/icon-512.png", sizes = "512x512", type = "image/png", purpose = "maskable" },
                },
            }, contentType: "application/manifest+json; charset=utf-8");
        });
}
