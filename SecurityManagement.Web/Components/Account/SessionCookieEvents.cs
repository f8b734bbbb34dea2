using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using SecurityManagement.Core.Accounts;

namespace SecurityManagement.Web.Components.Account;

/// <summary>
/// Checks the session cookie on every request: a cookie whose sign-in session was signed out or passed
/// its absolute limit, whose user's role or status changed (new security stamp) or is no longer active,
/// or whose role's sliding time has run out is refused. Sessions slide: a cookie is renewed once half
/// its role's time has passed.
/// </summary>
public sealed class SessionCookieEvents(AccountService accounts, AuthSettings settings, TimeProvider clock) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var actor = principal?.ToActor();
        var role = principal?.GetRole();
        var issued = context.Properties.IssuedUtc;
        var valid = actor is not null && role is not null && issued is not null
            && clock.GetUtcNow() - issued < settings.SessionFor(role.Value)
            && await accounts.IsSessionValidAsync(actor, context.HttpContext.RequestAborted);
        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    public override Task CheckSlidingExpiration(CookieSlidingExpirationContext context)
    {
        var role = context.Principal?.GetRole();
        context.ShouldRenew = role is not null && context.ElapsedTime > settings.SessionFor(role.Value) / 2;
        return Task.CompletedTask;
    }
}
