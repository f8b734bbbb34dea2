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

    [Inject]
    private DeviceCookie Devices { get; set; } = default!;

    protected IReadOnlyDictionary<string, string> Errors { get; set; } = new Dictionary<string, string>();

    /// <summary>The seed's DEBUG_MODE, fenced: honoured only in Development (start-up refuses it elsewhere).</summary>
    protected bool Bypass => Auth.OtpBypass && Environment.IsDevelopment();

    protected string? Error(string field) => Errors.GetValueOrDefault(field);

    protected string? Invalid(string field) => Errors.ContainsKey(field) ? "true" : null;

    protected void Fail(string field, string message) => Errors = new Dictionary<string, string> { [field] = message };

    /// <summary>Who is asking about the phone: the device id this browser was given for it at an earlier sign-in, if any, and its address.</summary>
    protected SignInClient Client(string? phone) => new(Devices.For(HttpContext, phone), ClientAddress.Of(HttpContext));

    /// <summary>Sets the session cookie, remembers the browser's device for the phone, and goes on to the page asked for.</summary>
    protected async Task SignInAsync(SignInResult result, string? returnUrl)
    {
        var user = result.User!;
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, UserPrincipal.Create(user, result.Session!),
            new AuthenticationProperties { IsPersistent = true });
        Devices.Remember(HttpContext, user.Phone.Value, result.Device!);
        Navigation.NavigateTo(ReturnUrls.IsLocal(returnUrl) ? returnUrl! : UserPrincipal.HomeOf(user.Role));
    }
}
