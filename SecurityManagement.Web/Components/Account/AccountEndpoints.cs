using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace SecurityManagement.Web.Components.Account;

public static class AccountEndpoints
{
    /// <summary>
    /// Sign-out is a POST with an antiforgery token. Binding a form value makes the endpoint check
    /// the token, so a cross-site post (or one without the token) is refused with 400.
    /// </summary>
    public static void MapAccountEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/account/logout", async (HttpContext context, [FromForm] string? returnUrl) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.LocalRedirect(ReturnUrls.IsLocal(returnUrl) ? returnUrl! : "/account/login");
        });
}
