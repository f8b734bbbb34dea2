using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;

namespace SecurityManagement.Web.Components.Account;

/// <summary>What the static sign-in and registration pages share: field errors, the bypass switch, signing in.</summary>
public abstract class AccountPage : ComponentBase
{
    [CascadingParameter]
    protected HttpContext HttpContext { get; set; } = default!;

    [Inject]
    protected AccountService Accounts { get; set; } = default!;

    [Inject]
    protected SocietyOptions Society { get; set; } = default!;

    [Inject]
    protected NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private AuthSettings Auth { get; set; } = default!;

    [Inject]
    private IHostEnvironment Environment { get; set; } = default!;

    protected IReadOnlyDictionary<string, string> Errors { get; set; } = new Dictionary<string, string>();

    /// <summary>The seed's DEBUG_MODE, fenced: honoured only in Development (start-up refuses it elsewhere).</summary>
    protected bool Bypass => Auth.OtpBypass && Environment.IsDevelopment();

    protected string? Error(string field) => Errors.GetValueOrDefault(field);

    protected string? Invalid(string field) => Errors.ContainsKey(field) ? "true" : null;

    protected void Fail(string field, string message) => Errors = new Dictionary<string, string> { [field] = message };

    protected async Task SignInAsync(User user, string? returnUrl)
    {
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, UserPrincipal.Create(user),
            new AuthenticationProperties { IsPersistent = true });
        Navigation.NavigateTo(ReturnUrls.IsLocal(returnUrl) ? returnUrl! : UserPrincipal.HomeOf(user.Role));
    }
}
