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
public abstract partial class AccountPage : ComponentBase
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

    [Inject]
    private ILogger<AccountPage> Logger { get; set; } = default!;

    protected IReadOnlyDictionary<string, string> Errors { get; set; } = new Dictionary<string, string>();

    /// <summary>The seed's DEBUG_MODE, fenced: honoured only in Development (start-up refuses it elsewhere).</summary>
    protected bool Bypass => Auth.OtpBypass && Environment.IsDevelopment();

    protected string? Error(string field) => Errors.GetValueOrDefault(field);

    protected string? Invalid(string field) => Errors.ContainsKey(field) ? "true" : null;

    protected void Fail(string field, string message) => Errors = new Dictionary<string, string> { [field] = message };

    /// <summary>A preference: failing to keep it never spoils the sign-in itself.</summary>
    private async Task KeepLanguageAsync(Actor actor, string language)
    {
        try
        {
            await Users.SetLanguageAsync(actor, language, HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLanguageNotKept(Logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The language chosen at sign-in could not be kept in the account")]
    private static partial void LogLanguageNotKept(ILogger logger, Exception ex);

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
    /// just chosen on the sign-in page is kept for the account; else the account's, if it has one, is
    /// set on this browser), and goes on to the page asked for.
    /// </summary>
    protected async Task SignInAsync(SignInResult result, string? returnUrl)
    {
        var user = result.User!;
        var principal = UserPrincipal.Create(user, result.Session!);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, new AuthenticationProperties { IsPersistent = true });
        Devices.Remember(HttpContext, user.Phone.Value, result.Device!);
        if (HttpContext.Request.Cookies.ContainsKey(Languages.ChosenSignedOut) && Languages.FromCookie(HttpContext) is { } chosen)
        {
            HttpContext.Response.Cookies.Delete(Languages.ChosenSignedOut);
            await KeepLanguageAsync(principal.ToActor()!, chosen.Name);
        }
        else if (Languages.Find(user.Language) is { } kept)
        {
            Languages.Remember(HttpContext, kept);
        }

        Navigation.NavigateTo(ReturnUrls.IsLocal(returnUrl) ? returnUrl! : UserPrincipal.HomeOf(user.Role));
    }
}
