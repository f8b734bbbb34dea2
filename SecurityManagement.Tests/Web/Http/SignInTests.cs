using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Web.Http;

/// <summary>Sign-in over HTTP, as a browser does it, in Production (real codes, secure cookies).</summary>
public sealed class SignInTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _logs = new();
    private AppFactory _app = null!;
    private FormClient _browser = null!;

    public ValueTask InitializeAsync()
    {
        _app = new AppFactory("Production",
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace", ["Auth:SessionHoursByRole:Guard"] = "72" },
            s => s.AddLogging(l => l.AddProvider(new ListLoggerProvider(_logs))),
            _clock);
        _browser = new FormClient(_app);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Theory]
    [InlineData(Role.Resident, "/resident")]
    [InlineData(Role.Guard, "/guard")]
    [InlineData(Role.Admin, "/admin")]
    [InlineData(Role.SuperAdmin, "/admin")]
    public async Task EachRoleSignsInWithATextedCodeAndLandsOnItsDashboard(Role role, string dashboard)
    {
        var user = await _app.AddUserAsync(role);

        var landing = await _browser.SignInAsync(user);

        Assert.Equal(dashboard, landing);
        Assert.Equal(HttpStatusCode.OK, (await _browser.Http.GetAsync(dashboard, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Contains(user.FullName, await _browser.GetAsync("/account/profile"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Role.Resident)]
    [InlineData(Role.Guard)]
    [InlineData(Role.Admin)]
    [InlineData(Role.SuperAdmin)]
    public async Task SignedInUserIsRefusedEveryOtherRolesPageWithAFriendlyPage(Role role)
    {
        var user = await _app.AddUserAsync(role);
        await _browser.SignInAsync(user);

        foreach (var (route, roles) in RouteAuthorizationTests.Routes)
        {
            var response = await _browser.Http.GetAsync(route, TestContext.Current.CancellationToken);
            if (roles.Contains(role))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                continue;
            }

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/access-denied", response.Headers.Location?.AbsolutePath);
            var page = await _browser.GetAsync(response.Headers.Location!.PathAndQuery);
            Assert.Contains("Your account cannot open that page.", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SignInReturnsToTheLocalPageItCameFromButNeverOffSite()
    {
        var admin = await _app.AddUserAsync(Role.Admin);
        await _browser.PostPhoneAsync(admin.Phone.Value, "/account/login?ReturnUrl=%2Fadmin%2Fusers");
        var local = await _browser.PostCodeAsync(admin.Phone.Value, _app.Sms.LastCodeFor(admin.Phone.Value), "/account/login?ReturnUrl=%2Fadmin%2Fusers");

        var other = new FormClient(_app);
        _clock.Advance(TimeSpan.FromSeconds(31));
        await other.PostPhoneAsync(admin.Phone.Value, "/account/login?ReturnUrl=%2F%2Fevil.example");
        var offSite = await other.PostCodeAsync(admin.Phone.Value, _app.Sms.LastCodeFor(admin.Phone.Value), "/account/login?ReturnUrl=%2F%2Fevil.example");

        Assert.Equal("/admin/users", local.Headers.Location?.AbsolutePath);
        Assert.Equal(("localhost", "/admin"), (offSite.Headers.Location?.Host, offSite.Headers.Location?.AbsolutePath));
    }

    [Fact]
    public async Task UnknownNumberIsOfferedRegistrationOnceItsCodeProvesThePhone()
    {
        await _browser.PostPhoneAsync("9123456789");
        var page = await (await _browser.PostCodeAsync("9123456789", _app.Sms.LastCodeFor("9123456789"))).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal("No account has this number yet.", FormClient.FieldError(page, "phone"));
        Assert.Contains("href=\"/account/register?phone=9123456789\"", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(UserStatus.PendingApproval, "Your registration is waiting for an admin's approval.")]
    [InlineData(UserStatus.Deactivated, "This account is deactivated.")]
    public async Task InactiveUsersAreToldWhyOnlyAfterTheirCodeAndNotSignedIn(UserStatus status, string message)
    {
        var user = await _app.AddUserAsync(Role.Resident, status);

        await _browser.PostPhoneAsync(user.Phone.Value);
        var response = await _browser.PostCodeAsync(user.Phone.Value, _app.Sms.LastCodeFor(user.Phone.Value));

        Assert.StartsWith(message, FormClient.FieldError(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), "phone"), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("sm.auth", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("", "Enter a phone number.")]
    [InlineData("98765", "A phone number has exactly 10 digits; this one has 5.")]
    [InlineData("98765 4321", "A phone number has digits only: no spaces, dashes or +.")]
    public async Task BadPhoneGetsItsMessageBesideTheField(string phone, string message)
    {
        var page = await (await _browser.PostPhoneAsync(phone)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(message, FormClient.FieldError(page, "phone"));
        Assert.Contains("aria-invalid=\"true\"", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12", "Enter the 6-digit code from the text message.")]
    [InlineData("abcdef", "Enter the 6-digit code from the text message.")]
    public async Task BadCodeGetsItsMessageBesideTheField(string code, string message)
    {
        var user = await _app.AddUserAsync(Role.Guard);
        await _browser.PostPhoneAsync(user.Phone.Value);

        var page = await (await _browser.PostCodeAsync(user.Phone.Value, code)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(message, FormClient.FieldError(page, "code"));
    }

    [Fact]
    public async Task FiveWrongCodesKillTheCode()
    {
        var user = await _app.AddUserAsync(Role.Guard);
        await _browser.PostPhoneAsync(user.Phone.Value);
        var code = _app.Sms.LastCodeFor(user.Phone.Value);
        var wrong = code == "000000" ? "111111" : "000000";

        var messages = new List<string?>();
        for (var i = 0; i < 5; i++)
        {
            var page = await (await _browser.PostCodeAsync(user.Phone.Value, wrong)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            messages.Add(FormClient.FieldError(page, "code"));
        }

        var right = await _browser.PostCodeAsync(user.Phone.Value, code);

        Assert.Equal("That code is not right. 4 tries left.", messages[0]);
        Assert.Equal("That code is not right. 1 try left.", messages[3]);
        Assert.Equal("This code can no longer be used. Send a new one.", messages[4]);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal("This code can no longer be used. Send a new one.",
            FormClient.FieldError(await right.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), "code"));
    }

    [Fact]
    public async Task ExpiredCodeIsRefused()
    {
        var user = await _app.AddUserAsync(Role.Guard);
        await _browser.PostPhoneAsync(user.Phone.Value);
        _clock.Advance(TimeSpan.FromMinutes(5));

        var response = await _browser.PostCodeAsync(user.Phone.Value, _app.Sms.LastCodeFor(user.Phone.Value));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("That code has expired. Send a new one.",
            FormClient.FieldError(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), "code"));
    }

    [Fact]
    public async Task NewCodeWaitsThirtySecondsAndFiveAnHourAtMost()
    {
        var user = await _app.AddUserAsync(Role.Guard);
        var phone = user.Phone.Value;

        await _browser.PostPhoneAsync(phone);
        var tooSoon = await (await _browser.PostPhoneAsync(phone)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        for (var i = 0; i < 4; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(30));
            await _browser.PostPhoneAsync(phone);
        }

        _clock.Advance(TimeSpan.FromSeconds(30));
        var capped = await (await _browser.PostPhoneAsync(phone)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Contains("A code was sent moments ago. You can ask for a new one at", tooSoon, StringComparison.Ordinal);
        Assert.StartsWith("This number has had all its codes for this hour. Try again after", FormClient.FieldError(capped, "phone"), StringComparison.Ordinal);
        Assert.Equal(5, _app.Sms.Sent.Count);
    }

    [Fact]
    public async Task InProductionTheCodeAppearsInNoLogLine()
    {
        var user = await _app.AddUserAsync(Role.Resident);

        await _browser.SignInAsync(user);

        var code = _app.Sms.LastCodeFor(user.Phone.Value);
        Assert.NotEmpty(_logs);
        Assert.DoesNotContain(_logs, l => l.Message.Contains(code, StringComparison.Ordinal));
        Assert.DoesNotContain(_logs, l => l.Message.Contains(_app.Sms.Sent.Single().Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignOutNeedsTheAntiforgeryToken()
    {
        var user = await _app.AddUserAsync(Role.Guard);
        await _browser.SignInAsync(user);

        var forged = await _browser.Http.PostAsync("/account/logout", new FormUrlEncodedContent([]), TestContext.Current.CancellationToken);
        var stillIn = await _browser.Http.GetAsync("/guard", TestContext.Current.CancellationToken);
        var token = System.Text.RegularExpressions.Regex.Match(await _browser.GetAsync("/guard"), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var real = await _browser.Http.PostAsync("/account/logout",
            new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", token)]), TestContext.Current.CancellationToken);
        var after = await _browser.Http.GetAsync("/guard", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        Assert.Equal((HttpStatusCode.Redirect, "/account/login"), (real.StatusCode, real.Headers.Location?.OriginalString));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/account/login", after.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task DeactivatedUsersNextRequestIsSignedOut()
    {
        var resident = await _app.AddUserAsync(Role.Resident);
        var admin = await _app.AddUserAsync(Role.Admin);
        await _browser.SignInAsync(resident);

        await _app.Services.GetRequiredService<UserService>().DeactivateAsync(
            new Actor(admin.Id, admin.SecurityStamp), resident.Id, "Moved out", TestContext.Current.CancellationToken);
        var next = await _browser.Http.GetAsync("/resident", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Equal("/account/login", next.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task SessionsLastTheirRolesTimeSinceTheLastActivity()
    {
        var resident = await _app.AddUserAsync(Role.Resident);
        var guard = await _app.AddUserAsync(Role.Guard);
        var residentBrowser = new FormClient(_app);
        await residentBrowser.SignInAsync(resident);
        await _browser.SignInAsync(guard);

        _clock.Advance(TimeSpan.FromHours(13));
        var residentAfter13h = await residentBrowser.Http.GetAsync("/resident", TestContext.Current.CancellationToken);
        var guardAfter13h = await _browser.Http.GetAsync("/guard", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, residentAfter13h.StatusCode);
        Assert.Equal(HttpStatusCode.OK, guardAfter13h.StatusCode);
    }

    [Fact]
    public async Task RestartSignsNobodyOut()
    {
        var guard = await _app.AddUserAsync(Role.Guard);
        var login = await _browser.PostPhoneAsync(guard.Phone.Value);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var signedIn = await _browser.PostCodeAsync(guard.Phone.Value, _app.Sms.LastCodeFor(guard.Phone.Value));
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sm.auth=", StringComparison.Ordinal)).Split(';')[0];

        // The same store and key folder, a new process.
        await using var restarted = new AppFactory("Production", new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sqlite"] = $"Data Source={_app.StoreFile}",
            ["Auth:KeysFolder"] = Path.Combine(Path.GetDirectoryName(_app.StoreFile)!, "keys"),
        }, clock: _clock);
        var client = restarted.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/guard");
        request.Headers.Add("Cookie", cookie);

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task SessionCookieIsHttpOnlySecureAndLax()
    {
        var user = await _app.AddUserAsync(Role.Guard);
        await _browser.PostPhoneAsync(user.Phone.Value);

        var response = await _browser.PostCodeAsync(user.Phone.Value, _app.Sms.LastCodeFor(user.Phone.Value));

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sm.auth=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        Assert.Contains("secure", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=lax", cookie, StringComparison.Ordinal);
        Assert.Contains("expires=", cookie, StringComparison.Ordinal);
    }
}
