using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Web.Components.Shared;
using SecurityManagement.Web.Localization;
using SecurityManagement.Web.Resources;

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

    [Inject]
    protected Words Words { get; set; } = default!;

    [Inject]
    protected AccountMessages Messages { get; set; } = default!;

    [Inject]
    protected IStringLocalizer<AccountText> L { get; set; } = default!;

    [Inject]
    private UserService Users { get; set; } = default!;

    protected IReadOnlyDictionary<string, string> Errors { get; set; } = new Dictionary<string, string>();

    /// <summary>The seed's DEBUG_MODE, fenced: honoured only in Development (start-up refuses it elsewhere).</summary>
    protected bool Bypass => Auth.OtpBypass && Environment.IsDevelopment();

    protected string? Error(string field) => Errors.GetValueOrDefault(field);

    protected string? Invalid(string field) => Errors.ContainsKey(field) ? "true" : null;

    protected void Fail(string field, string message) => Errors = new Dictionary<string, string> { [field] = message };

    /// <summary>Core's refusal of the fields, worded beside them.</summary>
    protected void Fail(InvalidInputException ex) => Errors = Words.Of(ex.Errors);

    /// <summary>
    /// Who is asking about the phone: the device id this browser was given for it at an earlier sign-in,
    /// if any, its address, and the language of the page (the text message is sent in it).
    /// </summary>
    protected SignInClient Client(string? phone) =>
        new(Devices.For(HttpContext, phone), ClientAddress.Of(HttpContext), CultureInfo.CurrentUICulture.Name);

    /// <summary>
    /// Sets the session cookie, remembers the browser's device for the phone, settles the language (one
    /// chosen on this browser is kept for the account; else the account's brings this browser into it),
    /// and goes on to the page asked for.
    /// </summary>
    protected async Task SignInAsync(SignInResult result, string? returnUrl)
    {
        var user = result.User!;
        var principal = UserPrincipal.Create(user, result.Session!);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, new AuthenticationProperties { IsPersistent = true });
        Devices.Remember(HttpContext, user.Phone.Value, result.Device!);
        if (Languages.FromCookie(HttpContext) is { } chosen)
        {
            await Users.SetLanguageAsync(principal.ToActor()!, chosen.Name, HttpContext.RequestAborted);
        }
        else if (Languages.Find(user.Language) is { } kept)
        {
            Languages.Remember(HttpContext, kept);
        }

        Navigation.NavigateTo(ReturnUrls.IsLocal(returnUrl) ? returnUrl! : UserPrincipal.HomeOf(user.Role));
    }
}
