using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Web.Http;

/// <summary>What a stranger, a copied cookie or another site can and cannot do, over HTTP in Production.</summary>
public sealed partial class HardeningTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _logs = new();
    private AppFactory _app = null!;
    private FormClient _browser = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _app = App();
        _browser = new FormClient(_app);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private AppFactory App(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        new("Production", settings, s =>
        {
            s.AddLogging(l => l.AddProvider(new ListLoggerProvider(_logs)));
            services?.Invoke(s);
        }, _clock);

    /// <summary>The page with what legitimately differs per number or request (the number, masked or not; form tokens; the script nonce) blanked out.</summary>
    private static string Blanked(string page, string phone) =>
        PerRequest().Replace(page.Replace(phone, "PHONE", StringComparison.Ordinal).Replace($"{Masked}{phone[^4..]}", "MASKED", StringComparison.Ordinal), "X");

    private const string Masked = "••••••";

    private async Task<string[]> FourKindsOfNumberAsync() =>
    [
        "9123456789",
        (await _app.AddUserAsync(Role.Guard)).Phone.Value,
        (await _app.AddUserAsync(Role.Resident, UserStatus.PendingApproval)).Phone.Value,
        (await _app.AddUserAsync(Role.Resident, UserStatus.Deactivated)).Phone.Value,
    ];

    [Fact]
    public async Task TheFirstSignInStepAnswersUnknownActivePendingAndDeactivatedNumbersIdentically()
    {
        var pages = new List<string>();
        foreach (var phone in await FourKindsOfNumberAsync())
        {
            var response = await new FormClient(_app).PostPhoneAsync(phone);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages.Add(Blanked(await response.Content.ReadAsStringAsync(Ct), phone));
        }

        Assert.Single(pages.Distinct(StringComparer.Ordinal));
        Assert.Contains("We sent a 6-digit code to", WebUtility.HtmlDecode(pages[0]), StringComparison.Ordinal);
        Assert.Equal(4, _app.Sms.Sent.Count);
    }

    [Fact]
    public async Task TheFirstRegistrationStepAnswersUnknownActivePendingAndDeactivatedNumbersIdentically()
    {
        var pages = new List<string>();
        foreach (var phone in await FourKindsOfNumberAsync())
        {
            var response = await new FormClient(_app).PostAsync("/account/register", "register",
                ("Details.Phone", phone), ("Details.FullName", "Kavya Nair"), ("Details.Flat", "A-101"));
            pages.Add(Blanked(await response.Content.ReadAsStringAsync(Ct), phone));
        }

        Assert.Single(pages.Distinct(StringComparer.Ordinal));
        Assert.Contains("We sent a 6-digit code to", WebUtility.HtmlDecode(pages[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACookieCopiedBeforeSignOutIsRefusedOnItsNextRequest()
    {
        var admin = await _app.AddUserAsync(Role.Admin);
        var copied = await _browser.SignInForCookieAsync(admin);
        var token = await _browser.TokenOfAsync("/admin/visits");
        var thief = _app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        async Task<HttpStatusCode> OpenAsync(HttpMethod method, string url, HttpContent? content = null)
        {
            using var request = new HttpRequestMessage(method, url) { Content = content };
            request.Headers.Add("Cookie", copied);
            return (await thief.SendAsync(request, Ct)).StatusCode;
        }

        var before = await OpenAsync(HttpMethod.Get, "/admin");
        await _browser.SignOutAsync();
        var afterSignOut = await OpenAsync(HttpMethod.Get, "/admin");
        var export = await OpenAsync(HttpMethod.Post, "/admin/visits/export", new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.OK, before);
        Assert.Equal(HttpStatusCode.Redirect, afterSignOut);
        Assert.NotEqual(HttpStatusCode.OK, export);
        Assert.Equal(0, (await _app.Services.GetRequiredService<IAuditStore>().ListAsync(new AuditFilter(Action: "visits.export-started"), new PageRequest(0, 1), Ct)).Total);
    }

    [Fact]
    public async Task TheSocietyWideCapHoldsForEveryNumberAndIsLoggedOnce()
    {
        await using var app = App(new() { ["Auth:Otp:SocietyMaxSendsPerHour"] = "3" });
        var pages = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var phone = $"91234000{i:D2}";
            pages.Add(FormClient.FieldError(await (await new FormClient(app).PostPhoneAsync(phone)).Content.ReadAsStringAsync(Ct), "phone") ?? "sent");
        }

        Assert.Equal(3, app.Sms.Sent.Count);
        Assert.Equal(["sent", "sent", "sent"], pages.Take(3));
        Assert.All(pages.Skip(3), p => Assert.StartsWith("The society has sent all the sign-in codes it may for now.", p, StringComparison.Ordinal));
        Assert.Single(_logs, l => l.Level == LogLevel.Warning && l.Message.Contains("society-wide cap of 3 sign-in codes per hour", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AStrangersWrongCodesDoNotStopTheOwnerSigningInFromABrowserThatSignedInBefore()
    {
        var guard = await _app.AddUserAsync(Role.Guard);
        await _browser.SignInAsync(guard);
        await _browser.SignOutAsync();
        var stranger = new FormClient(_app);
        for (var round = 0; round < 2; round++)
        {
            _clock.Advance(TimeSpan.FromSeconds(31));
            await stranger.PostPhoneAsync(guard.Phone.Value);
            var code = _app.Sms.LastCodeFor(guard.Phone.Value);
            for (var i = 0; i < 5; i++)
            {
                await stranger.PostCodeAsync(guard.Phone.Value, code == "000000" ? "111111" : "000000");
            }
        }

        _clock.Advance(TimeSpan.FromSeconds(31));

        var strangerAgain = FormClient.FieldError(await (await stranger.PostPhoneAsync(guard.Phone.Value)).Content.ReadAsStringAsync(Ct), "phone");
        var owner = await _browser.SignInAsync(guard);

        Assert.StartsWith("Too many wrong codes for this number.", strangerAgain, StringComparison.Ordinal);
        Assert.Equal("/guard", owner);
    }

    [Fact]
    public async Task AStrangerCannotUseUpThePostsOfABrowserThatSignedInBefore()
    {
        await using var app = App(new() { ["Auth:RateLimit:PostsPerMinute"] = "4" });
        var guard = await app.AddUserAsync(Role.Guard);
        var owner = new FormClient(app);
        await owner.SignInAsync(guard);
        var stranger = new FormClient(app);

        var strangers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            strangers.Add((await stranger.PostPhoneAsync("9123456789")).StatusCode);
        }

        _clock.Advance(TimeSpan.FromSeconds(31));
        var owners = (await owner.PostPhoneAsync(guard.Phone.Value)).StatusCode;

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], strangers);
        Assert.Equal(HttpStatusCode.OK, owners);
    }

    [Fact]
    public async Task EveryPageCarriesTheSecurityHeadersAndItsScriptsTheNonce()
    {
        var response = await _browser.Http.GetAsync("/account/login", Ct);
        var page = await response.Content.ReadAsStringAsync(Ct);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = Regex.Match(csp, "'nonce-([^']+)'").Groups[1].Value;
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains($"script-src 'self' 'nonce-{nonce}'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.All(Regex.Matches(page, "<script(?![^>]*src=)[^>]*>").Select(m => m.Value), script => Assert.Contains($"nonce=\"{nonce}\"", script, StringComparison.Ordinal));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"));
        Assert.All(response.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)),
            cookie => Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase));
        Assert.NotEqual(nonce, Regex.Match((await _browser.Http.GetAsync("/account/login", Ct)).Headers.GetValues("Content-Security-Policy").Single(), "'nonce-([^']+)'").Groups[1].Value);
    }

    [Fact]
    public async Task PlainHttpIsSentToHttpsOutsideDevelopment()
    {
        await using var app = App(new() { ["https_port"] = "443" });
        var client = app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("http://localhost") });

        var response = await client.GetAsync("/account/login", Ct);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://localhost/account/login", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task TheExportRefusesCrossSiteRequestsFormsWithoutTheTokenAndPlainLinks()
    {
        var admin = await _app.AddUserAsync(Role.Admin);
        await _browser.SignInAsync(admin);
        var token = await _browser.TokenOfAsync("/admin/visits");
        async Task<HttpResponseMessage> PostAsync(string? fetchSite, string? withToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/visits/export")
            {
                Content = new FormUrlEncodedContent(withToken is null ? [] : [KeyValuePair.Create("__RequestVerificationToken", withToken)]),
            };
            if (fetchSite is not null)
            {
                request.Headers.Add("Sec-Fetch-Site", fetchSite);
            }

            return await _browser.Http.SendAsync(request, Ct);
        }

        var crossSite = await PostAsync("cross-site", token);
        var sameSite = await PostAsync("same-site", token);
        var noToken = await PostAsync("same-origin", null);
        var link = await _browser.Http.GetAsync("/admin/visits/export", Ct);
        var real = await PostAsync("same-origin", token);

        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, sameSite.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, link.StatusCode);
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
        var audit = _app.Services.GetRequiredService<IAuditStore>();
        Assert.Equal(1, (await audit.ListAsync(new AuditFilter(Action: "visits.export-started"), new PageRequest(0, 5), Ct)).Total);
    }

    [Theory]
    [InlineData("status", "Anything", "There is no status 'Anything'.")]
    [InlineData("status", "3", "There is no status '3'.")]
    [InlineData("purpose", "Party", "There is no purpose 'Party'.")]
    public async Task TheExportRejectsAFilterItDoesNotKnowInsteadOfExportingEverything(string field, string value, string message)
    {
        var admin = await _app.AddUserAsync(Role.Admin);
        await _browser.SignInAsync(admin);
        var token = await _browser.TokenOfAsync("/admin/visits");

        var response = await _browser.Http.PostAsync("/admin/visits/export", new FormUrlEncodedContent(
            [KeyValuePair.Create("__RequestVerificationToken", token), KeyValuePair.Create(field, value)]), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(0, (await _app.Services.GetRequiredService<IAuditStore>().ListAsync(new AuditFilter(Action: "visits.export-started"), new PageRequest(0, 1), Ct)).Total);
    }

    [Fact]
    public async Task TheExportIsNeverCachedAndIsAuditedWhenItStartsAndWhenItEnds()
    {
        var admin = await _app.AddUserAsync(Role.Admin);
        await _browser.SignInAsync(admin);
        var token = await _browser.TokenOfAsync("/admin/visits");

        var response = await _browser.Http.PostAsync("/admin/visits/export", new FormUrlEncodedContent(
            [KeyValuePair.Create("__RequestVerificationToken", token), KeyValuePair.Create("flat", "A-101"), KeyValuePair.Create("status", "Denied"),
             KeyValuePair.Create("text", "9876543210 Ramesh")]), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var entries = (await _app.Services.GetRequiredService<IAuditStore>().ListAsync(new AuditFilter(ActorId: admin.Id), new PageRequest(0, 10), Ct)).Items;
        Assert.Equal(("visits.exported", "visits.export-started"), (entries[0].Action, entries[1].Action));
        Assert.Equal(("flat A-101, status Denied, a visitor search", "0 rows written"), (entries[1].Details, entries[0].Details));
    }

    [Fact]
    public async Task AnExportTheStoreFailsIsAuditedAsFailedAndItsErrorPageCarriesTheSecurityHeaders()
    {
        var admin = await _app.AddUserAsync(Role.Admin);
        await _browser.SignInAsync(admin);
        var token = await _browser.TokenOfAsync("/admin/visits");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_app.StoreFile};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE visits RENAME TO visits_away;";
            await command.ExecuteNonQueryAsync(Ct);
        }

        var response = await _browser.Http.PostAsync("/admin/visits/export", new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", token)]), Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var entries = (await _app.Services.GetRequiredService<IAuditStore>().ListAsync(new AuditFilter(ActorId: admin.Id), new PageRequest(0, 10), Ct)).Items;
        Assert.Equal(("visits.export-failed", "0 rows written"), (entries[0].Action, entries[0].Details));
    }

    [Theory]
    [InlineData("%2F%E3%80%82x")]
    [InlineData("%2Fadmin%20users")]
    public async Task AReturnUrlThatIsNotPlainAsciiSignsInHomeInsteadOfFailing(string returnUrl)
    {
        var resident = await _app.AddUserAsync(Role.Resident);
        var login = $"/account/login?ReturnUrl={returnUrl}";
        await _browser.PostPhoneAsync(resident.Phone.Value, login);

        var response = await _browser.PostCodeAsync(resident.Phone.Value, _app.Sms.LastCodeFor(resident.Phone.Value), login);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/resident", response.Headers.Location?.AbsolutePath);
    }

    [Theory]
    [InlineData(true, HttpStatusCode.OK)]
    [InlineData(false, HttpStatusCode.TooManyRequests)]
    public async Task ForwardedClientAddressesCountOnlyFromAConfiguredProxy(bool configured, HttpStatusCode secondClient)
    {
        var settings = new Dictionary<string, string?> { ["Auth:RateLimit:PostsPerMinute"] = "2" };
        if (configured)
        {
            settings["Proxy:KnownProxies"] = "10.0.0.5";
        }

        await using var app = App(settings, s => s.AddSingleton<IStartupFilter>(new FromAddress("10.0.0.5")));
        FormClient Client(string address)
        {
            var client = new FormClient(app);
            client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
            return client;
        }

        var first = Client("203.0.113.1");
        var firsts = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            firsts.Add((await first.PostPhoneAsync("9123456789")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], firsts);
        Assert.Equal(secondClient, (await Client("203.0.113.2").PostPhoneAsync("9123456780")).StatusCode);
    }

    [GeneratedRegex("(?<=name=\"__RequestVerificationToken\" value=\")[^\"]+|(?<=nonce=\")[^\"]+|(?<=<!--Blazor-Server-Component-State:)[^-]+")]
    private static partial Regex PerRequest();

    /// <summary>Makes every request arrive from one address, as behind a proxy.</summary>
    private sealed class FromAddress(string address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(address);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
