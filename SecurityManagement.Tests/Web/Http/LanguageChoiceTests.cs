using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Web.Http;

/// <summary>The language choice over HTTP, in Production: the standard culture cookie, the account, the SMS language.</summary>
public sealed class LanguageChoiceTests : IAsyncLifetime
{
    private AppFactory _app = null!;
    private FormClient _browser = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _app = new AppFactory("Production");
        _browser = new FormClient(_app);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task TheBrowsersLanguageIsTheFirstGuessAndTheCookieWins()
    {
        using var hindiBrowser = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        hindiBrowser.Headers.AcceptLanguage.ParseAdd("hi-IN,hi;q=0.9,en;q=0.5");
        var guessed = await (await _browser.Http.SendAsync(hindiBrowser, Ct)).Content.ReadAsStringAsync(Ct);

        using var chosen = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        chosen.Headers.AcceptLanguage.ParseAdd("hi-IN,hi;q=0.9");
        chosen.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Den%7Cuic%3Den");
        var overruled = await (await _browser.Http.SendAsync(chosen, Ct)).Content.ReadAsStringAsync(Ct);

        Assert.Contains("<html lang=\"hi\">", guessed, StringComparison.Ordinal);
        Assert.Contains("साइन इन", guessed, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", overruled, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChoosingALanguageSetsTheStandardCookieOnlyWithTheFormsToken()
    {
        var forged = await _browser.Http.PostAsync("/account/language",
            new FormUrlEncodedContent([KeyValuePair.Create("language", "hi"), KeyValuePair.Create("returnUrl", "/account/login")]), Ct);
        var unknown = await _browser.ChooseLanguageAsync("xx");
        var chosen = await _browser.ChooseLanguageAsync("hi", returnUrl: "https://evil.example/");
        var page = await _browser.GetAsync("/account/login");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(forged.Headers.TryGetValues("Set-Cookie", out _));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.False(unknown.Headers.TryGetValues("Set-Cookie", out _));
        Assert.Equal((HttpStatusCode.Redirect, "/"), (chosen.StatusCode, chosen.Headers.Location?.OriginalString));
        Assert.Contains(chosen.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=c%3Dhi%7Cuic%3Dhi", StringComparison.Ordinal));
        Assert.Contains("<html lang=\"hi\">", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnASharedTabletOneGuardsLanguageIsNeverSavedForTheNext()
    {
        var users = _app.Services.GetRequiredService<IUserStore>();
        var first = await _app.AddUserAsync(Role.Guard);
        await users.SetLanguageAsync(first.Id, "hi", Ct);
        var next = await _app.AddUserAsync(Role.Guard);

        await _browser.SignInAsync(first);
        await _browser.SignOutAsync();
        await _browser.SignInAsync(next);

        Assert.Contains("<html lang=\"hi\">", await _browser.GetAsync("/account/profile"), StringComparison.Ordinal);
        Assert.Null((await users.GetAsync(next.Id, Ct))!.Language);
    }

    [Fact]
    public async Task TheSignInCodeIsTextedInTheLanguageOfThePageAndTheChoiceIsKeptForTheAccount()
    {
        var guard = await _app.AddUserAsync(Role.Guard);
        await _browser.ChooseLanguageAsync("hi");

        await _browser.SignInAsync(guard);

        Assert.Contains("आपका साइन-इन कोड है", _app.Sms.Sent.Single().Message, StringComparison.Ordinal);
        Assert.Equal("hi", (await _app.Services.GetRequiredService<IUserStore>().GetAsync(guard.Id, Ct))!.Language);
    }
}
