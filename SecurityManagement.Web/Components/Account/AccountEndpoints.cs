using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using SecurityManagement.Core.Accounts;

namespace SecurityManagement.Web.Components.Account;

public static class AccountEndpoints
{
    /// <summary>
    /// Sign-out is a POST with an antiforgery token. Binding a form value makes the endpoint check
    /// the token, so a cross-site post (or one without the token) is refused with 400. The session
    /// ends on the server too: a copy of the cookie opens nothing afterwards, and the session's other
    /// open screens close.
    /// </summary>
    public static void MapAccountEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/account/logout", async (HttpContext context, AccountService accounts, [FromForm] string? returnUrl) =>
        {
            if (context.User.ToActor() is { } actor)
            {
                await accounts.SignOutAsync(actor, context.RequestAborted);
            }

            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.LocalRedirect(ReturnUrls.IsLocal(returnUrl) ? returnUrl! : "/account/login");
        });
}
