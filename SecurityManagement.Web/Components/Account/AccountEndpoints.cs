using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Web.Localization;

namespace SecurityManagement.Web.Components.Account;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Sign-out is a POST with an antiforgery token. Binding a form value makes the endpoint check
        // the token, so a cross-site post (or one without the token) is refused with 400. The session
        // ends on the server too: a copy of the cookie opens nothing afterwards, and the session's other
        // open screens close.
        endpoints.MapPost("/account/logout", async (HttpContext context, AccountService accounts, [FromForm] string? returnUrl) =>
        {
            if (context.User.ToActor() is { } actor)
            {
                await accounts.SignOutAsync(actor, context.RequestAborted);
            }

            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return TypedResults.LocalRedirect(ReturnUrls.IsLocal(returnUrl) ? returnUrl! : "/account/login");
        });

        // The language choice (sign-in page and profile): kept in the culture cookie, and for a signed-in
        // user also in their account, so it follows them to the next device they sign in on.
        endpoints.MapPost("/account/language", async (HttpContext context, UserService users, [FromForm] string? language, [FromForm] string? returnUrl) =>
        {
            if (Languages.Find(language) is not { } culture)
            {
                return Results.BadRequest();
            }

            Languages.Remember(context, culture);
            if (context.User.ToActor() is not { } actor)
            {
                context.Response.Cookies.Append(Languages.ChosenSignedOut, "1", new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = context.Request.IsHttps,
                });
            }
            else
            {
                try
                {
                    await users.SetLanguageAsync(actor, culture.Name, context.RequestAborted);
                }
                catch (NotAllowedException)
                {
                    // A session ended meanwhile: this browser keeps the choice; the account is not theirs to change.
                }
            }

            return TypedResults.LocalRedirect(ReturnUrls.IsLocal(returnUrl) ? returnUrl! : "/");
        });
    }
}
