using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Web.Http;

/// <summary>Settings that would let people in without a code, or leak codes, stop the app outside Development.</summary>
public sealed class AccountStartupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> CriticalLineAsync(string environment, Dictionary<string, string?> settings)
    {
        var logs = new ConcurrentQueue<(LogLevel Level, string Message)>();
        await using var app = new AppFactory(environment, settings, s => s.AddLogging(l => l.AddProvider(new ListLoggerProvider(logs))));

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        return Assert.Single(logs, l => l.Level == LogLevel.Critical).Message;
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task OtpBypassStopsStartupOutsideDevelopment(string environment)
    {
        var line = await CriticalLineAsync(environment, new() { ["Auth:OtpBypass"] = "true" });

        Assert.StartsWith($"Auth:OtpBypass is on in the {environment} environment", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneOfSeveralServersWithoutSharedSecretsStopsStartupNamingThem()
    {
        var line = await CriticalLineAsync("Development", new()
        {
            ["ConnectionStrings:Redis"] = "127.0.0.1:1",
            ["Auth:OtpKey"] = "",
            ["Reach:Vapid:PublicKey"] = "",
            ["Reach:Vapid:PrivateKey"] = "",
        });

        Assert.Equal("ConnectionStrings:Redis is set, so this is one of several servers: set Auth:OtpKey, Reach:Vapid:PublicKey, Reach:Vapid:PrivateKey to the same values on every server.", line);
    }

    [Fact]
    public async Task ABadBootstrapPhoneStopsStartupSayingWhyInWords()
    {
        var line = await CriticalLineAsync("Production", new() { ["Bootstrap:SuperAdminPhone"] = "12345", ["Bootstrap:SuperAdminName"] = "Founding Admin" });

        Assert.Contains("A phone number has exactly 10 digits; this one has 5.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogSenderStopsStartupOutsideDevelopmentUnlessExplicitlyAllowed()
    {
        var line = await CriticalLineAsync("Staging", new() { ["Sms:Provider"] = "Log" });
        await using var allowed = new AppFactory("Staging", new Dictionary<string, string?> { ["Sms:Provider"] = "Log", ["Sms:AllowLogSender"] = "true" });

        Assert.Contains("Sms:AllowLogSender=true", line, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await allowed.CreateClient().GetAsync("/healthz", Ct)).StatusCode);
    }

    [Fact]
    public async Task LogSenderIsNeverAllowedInProduction()
    {
        var line = await CriticalLineAsync("Production", new() { ["Sms:Provider"] = "Log", ["Sms:AllowLogSender"] = "true" });

        Assert.Contains("never allowed in Production", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingOtpKeyStopsStartupOutsideDevelopment()
    {
        var line = await CriticalLineAsync("Production", new() { ["Auth:OtpKey"] = null });

        Assert.StartsWith("Auth:OtpKey is not set", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwilioWithoutItsSettingsStopsStartup()
    {
        var line = await CriticalLineAsync("Production", new() { ["Sms:Twilio:AuthToken"] = null });

        Assert.StartsWith("Sms:Twilio:AuthToken is not set", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevelopmentHonoursTheBypassAndSaysSoOnThePage()
    {
        await using var app = new AppFactory(settings: new Dictionary<string, string?> { ["Auth:OtpBypass"] = "true" });
        var browser = new FormClient(app);

        var page = await browser.GetAsync("/account/login");
        var signIn = await browser.PostPhoneAsync("9000000011");

        Assert.Contains("one-time codes are off", page, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Redirect, "/guard"), (signIn.StatusCode, signIn.Headers.Location?.AbsolutePath));
        Assert.Empty(app.Sms.Sent);
    }

    [Fact]
    public async Task BootstrapSettingsMakeTheFirstSuperAdmin()
    {
        await using var app = new AppFactory("Production", new Dictionary<string, string?>
        {
            ["Bootstrap:SuperAdminPhone"] = "9000000777",
            ["Bootstrap:SuperAdminName"] = "Founding Admin",
        });
        app.CreateClient();

        var user = await app.Services.GetRequiredService<IUserStore>().GetByPhoneAsync(PhoneNumber.Parse("9000000777"), Ct);

        Assert.Equal(("Founding Admin", Role.SuperAdmin, UserStatus.Active), (user!.FullName, user.Role, user.Status));
    }

    [Fact]
    public async Task InstancesStartingAtOnceOnOneStoreMakeOneBootstrapSuperAdminAndAllStart()
    {
        var logs = new ConcurrentQueue<(LogLevel Level, string Message)>();
        await using var first = new AppFactory("Production", new Dictionary<string, string?> { ["Bootstrap:SuperAdminPhone"] = "9000000777" },
            s => s.AddLogging(l => l.AddProvider(new ListLoggerProvider(logs))));
        var shared = new Dictionary<string, string?>
        {
            ["Bootstrap:SuperAdminPhone"] = "9000000777",
            ["ConnectionStrings:Sqlite"] = $"Data Source={first.StoreFile}",
        };
        var others = Enumerable.Range(0, 3)
            .Select(_ => new AppFactory("Production", shared, s => s.AddLogging(l => l.AddProvider(new ListLoggerProvider(logs))))).ToList();

        var health = await Task.WhenAll(others.Prepend(first).Select(app => Task.Run(async () =>
            (await app.CreateClient().GetAsync("/healthz", Ct)).StatusCode, Ct)));

        Assert.All(health, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.DoesNotContain(logs, l => l.Level >= LogLevel.Error);
        var superAdmins = await first.Services.GetRequiredService<IUserStore>()
            .ListAsync(new UserFilter(Role.SuperAdmin, UserStatus.Active), new SecurityManagement.Core.PageRequest(0, 5), Ct);
        Assert.Equal("9000000777", Assert.Single(superAdmins.Items).Phone.Value);
        foreach (var app in others)
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task TooManyPostsFromOneClientAreToldWhenToTryAgain()
    {
        await using var app = new AppFactory("Production", new Dictionary<string, string?> { ["Auth:RateLimit:PostsPerMinute"] = "3" });
        var browser = new FormClient(app);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++)
        {
            last = await browser.PostPhoneAsync("9123456789");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.InRange(int.Parse(last.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        var page = System.Net.WebUtility.HtmlDecode(await last.Content.ReadAsStringAsync(Ct));
        Assert.Equal("text/html", last.Content.Headers.ContentType?.MediaType);
        Assert.Matches("There have been too many sign-in attempts from this device. Please wait [0-9]+ seconds and try again.", System.Text.RegularExpressions.Regex.Replace(page, @"\s+", " "));
        Assert.Contains("<a href=\"/account/login\" data-testid=\"try-again\">", page, StringComparison.Ordinal);
        Assert.Contains("mud-appbar", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/account/login", Ct)).StatusCode);
    }
}
