using System.Net;
using System.Text.RegularExpressions;
using SecurityManagement.Core.Accounts;

namespace SecurityManagement.Tests.Support;

/// <summary>
/// A browser-like HTTP client for the static account pages: keeps cookies, does not follow
/// redirects, and posts forms with the antiforgery token a real page would carry.
/// </summary>
public sealed partial class FormClient(AppFactory app)
{
    public HttpClient Http { get; } = app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public Task<string> GetAsync(string url) => Http.GetStringAsync(url, Ct);

    /// <summary>Opens the page, then posts the named form on it with these fields.</summary>
    public async Task<HttpResponseMessage> PostAsync(string url, string form, params (string Name, string? Value)[] fields)
    {
        var token = Token().Match(await GetAsync(url)).Groups[1].Value;
        var body = fields.Select(f => KeyValuePair.Create(f.Name, f.Value ?? ""))
            .Append(KeyValuePair.Create("_handler", form))
            .Append(KeyValuePair.Create("__RequestVerificationToken", token));
        return await Http.PostAsync(url, new FormUrlEncodedContent(body), Ct);
    }

    public Task<HttpResponseMessage> PostPhoneAsync(string phone, string url = "/account/login") =>
        PostAsync(url, "phone", ("PhoneStep.Phone", phone));

    public Task<HttpResponseMessage> PostCodeAsync(string phone, string code, string url = "/account/login") =>
        PostAsync(url, "code", ("CodeStep.Phone", phone), ("CodeStep.Code", code));

    /// <summary>Signs in with the texted code and returns where the app sent the browser.</summary>
    public async Task<string?> SignInAsync(User user)
    {
        var phone = user.Phone.Value;
        var sent = await PostPhoneAsync(phone);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var done = await PostCodeAsync(phone, app.Sms.LastCodeFor(phone));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        return done.Headers.Location?.AbsolutePath;
    }

    /// <summary>Signs the user in and returns the session cookie the app set, as a <c>Cookie</c> header value.</summary>
    public async Task<string> SignInForCookieAsync(User user)
    {
        var phone = user.Phone.Value;
        await PostPhoneAsync(phone);
        var done = await PostCodeAsync(phone, app.Sms.LastCodeFor(phone));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        return done.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sm.auth=", StringComparison.Ordinal)).Split(';')[0];
    }

    /// <summary>Signs out the way the sign-out button does: a post with the token the page carries.</summary>
    public async Task<HttpResponseMessage> SignOutAsync()
    {
        var token = Token().Match(await GetAsync("/account/profile")).Groups[1].Value;
        return await Http.PostAsync("/account/logout", new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", token)]), Ct);
    }

    /// <summary>Chooses a language the way the sign-in page's buttons do: a post with the page's token.</summary>
    public async Task<HttpResponseMessage> ChooseLanguageAsync(string language, string? returnUrl = null)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            KeyValuePair.Create("__RequestVerificationToken", await TokenOfAsync("/account/login")),
            KeyValuePair.Create("language", language),
        };
        if (returnUrl is not null)
        {
            fields.Add(KeyValuePair.Create("returnUrl", returnUrl));
        }

        return await Http.PostAsync("/account/language", new FormUrlEncodedContent(fields), Ct);
    }

    /// <summary>The antiforgery token of the page at <paramref name="url"/>.</summary>
    public async Task<string> TokenOfAsync(string url) => Token().Match(await GetAsync(url)).Groups[1].Value;

    /// <summary>The text of the page's field error for <paramref name="field"/>, decoded.</summary>
    public static string? FieldError(string html, string field)
    {
        var match = Regex.Match(html, $"<p id=\"{field}-error\" class=\"field-error\">([^<]*)</p>");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
