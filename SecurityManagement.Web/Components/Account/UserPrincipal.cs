using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using SecurityManagement.Core.Accounts;

namespace SecurityManagement.Web.Components.Account;

/// <summary>What the session cookie says about its user, and back again.</summary>
public static class UserPrincipal
{
    public const string StampClaim = "sm:stamp";
    public const string SessionClaim = "sm:sid";

    public static ClaimsPrincipal Create(User user, Session session) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new Claim(ClaimTypes.Name, user.FullName),
            new Claim(ClaimTypes.Role, user.Role.ToString()),
            new Claim(ClaimTypes.MobilePhone, user.Phone.Value),
            new Claim(StampClaim, user.SecurityStamp),
            new Claim(SessionClaim, session.Id.ToString()),
        ],
        CookieAuthenticationDefaults.AuthenticationScheme));

    /// <summary>
    /// The acting user for Core services, with the sign-in session the cookie belongs to; null when the
    /// principal is not one of our signed-in users (a cookie from before sessions were kept has no session).
    /// </summary>
    public static Actor? ToActor(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
        && principal.FindFirstValue(StampClaim) is { } stamp
        && Guid.TryParse(principal.FindFirstValue(SessionClaim), out var session)
            ? new Actor(id, stamp, session)
            : null;

    public static Role? GetRole(this ClaimsPrincipal principal) =>
        Enum.TryParse<Role>(principal.FindFirstValue(ClaimTypes.Role), out var role) ? role : null;

    /// <summary>Where each role starts.</summary>
    public static string HomeOf(Role role) => role switch
    {
        Role.Resident => "/resident",
        Role.Guard => "/guard",
        _ => "/admin",
    };
}
