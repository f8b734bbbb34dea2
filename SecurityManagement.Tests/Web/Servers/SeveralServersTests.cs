using System.Diagnostics;
using Microsoft.Playwright;
using SecurityManagement.Tests.Benchmarks;
using SecurityManagement.Tests.Web.Browser;
using static Microsoft.Playwright.Assertions;

namespace SecurityManagement.Tests.Web.Servers;

/// <summary>
/// One society on two servers (<see cref="TwoServers"/>), used in a real browser as its people would: a guard on
/// one server, a resident on the other. What one server does, the other's screens show within a second; a cookie
/// from one is good on the other; when one dies the other serves on and takes its jobs over.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class SeveralServersTests(BrowserFixture browser, TwoServers servers) : IClassFixture<TwoServers>
{
    private const int Requests = 20;
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AVisitorLoggedOnOneServerReachesTheResidentOnTheOtherWithinASecondAndTheAnswerComesBack()
    {
        await servers.EnsureRunningAsync();
        await using var guard = await SessionAsync(servers.A, 1280, 800, "guard-on-a");
        await using var resident = await SessionAsync(servers.B, 390, 844, "resident-on-b");
        await BrowserSession.SignInAsync(guard.Page, "9000000011", "/guard");
        await BrowserSession.SignInAsync(resident.Page, "9000000101", "/resident");

        var there = new List<double>();
        var back = new List<double>();
        var asks = new List<double>();
        var approves = new List<double>();
        for (var i = 0; i < Requests; i++)
        {
            var name = $"Across {i} {Guid.NewGuid():N}"[..16];
            await GateScreens.FillVisitorAsync(guard.Page, name, "A-101");

            // Timed from the moment the click is dispatched: the browser's own wait for a button it may click is not the servers'.
            var clicking = Stopwatch.StartNew();
            await guard.Page.GetByTestId("ask-flat").ClickAsync();
            asks.Add(clicking.Elapsed.TotalMilliseconds);
            var clock = Stopwatch.StartNew();
            var request = resident.Page.GetByTestId("pending-request").Filter(new() { HasText = name });
            await Expect(request).ToBeVisibleAsync(new() { Timeout = 5_000 });
            there.Add(clock.Elapsed.TotalMilliseconds);

            // The guard's screen shows the waiting board after asking; the approval takes the card off it.
            var waiting = guard.Page.GetByTestId("board-waiting").GetByTestId("visit-card").Filter(new() { HasText = name });
            await Expect(waiting).ToBeVisibleAsync();
            clicking.Restart();
            await request.GetByTestId("approve").ClickAsync();
            approves.Add(clicking.Elapsed.TotalMilliseconds);
            clock.Restart();
            await Expect(waiting).ToHaveCountAsync(0, new() { Timeout = 5_000 });
            back.Add(clock.Elapsed.TotalMilliseconds);
        }

        Report($"Guard's submit on A to the request on the resident's screen on B: {Percentiles.Describe(there, "ms")}");
        Report($"Resident's approval on B to the card leaving the guard's waiting board on A: {Percentiles.Describe(back, "ms")}");
        Report($"The browser's clicks themselves (waiting until the button could be clicked): ask {Percentiles.Describe(asks, "ms")}; approve {Percentiles.Describe(approves, "ms")}");
        Assert.True(Percentiles.Of(there, 95) <= Second.TotalMilliseconds, $"A to B p95 {Percentiles.Of(there, 95):0} ms");
        Assert.True(Percentiles.Of(back, 95) <= Second.TotalMilliseconds, $"B to A p95 {Percentiles.Of(back, 95):0} ms");
    }

    [Fact]
    public async Task ASignInOnOneServerIsGoodOnTheOtherAndADeactivationOnOneEndsTheSessionOnTheOtherWithinASecond()
    {
        await servers.EnsureRunningAsync();
        await using var resident = await SessionAsync(servers.B, 390, 844, "resident-on-b");
        await using var admin = await SessionAsync(servers.A, 1280, 800, "admin-on-a");
        await BrowserSession.SignInAsync(resident.Page, "9000000103", "/resident");
        await BrowserSession.SignInAsync(admin.Page, "9000000002", "/admin");

        // The cookie B issued opens A's pages too (one key ring in the store), as after a failover.
        var other = await resident.Context.NewPageAsync();
        await other.GotoAsync(new Uri(servers.A.Url, "/resident").ToString());
        await Expect(other.GetByTestId("my-flat")).ToHaveTextAsync("A-102");
        await other.CloseAsync();

        await admin.Page.GotoAsync("/admin/users");
        await admin.Page.Locator("main[data-interactive='true']").WaitForAsync();
        await admin.Page.GetByTestId("user-search").FillAsync("Neha Gupta");
        await Expect(admin.Page.GetByTestId("users").Locator("tbody tr")).ToHaveCountAsync(1);
        await admin.Page.GetByTestId("users").Locator("tbody tr").GetByTestId("deactivate").ClickAsync();
        await admin.Page.GetByTestId("reason").FillAsync("Moved out");
        var clicking = Stopwatch.StartNew();
        await admin.Page.GetByTestId("confirm").ClickAsync();
        var clock = Stopwatch.StartNew();

        await resident.Page.WaitForURLAsync("**/account/login?ReturnUrl=%2Fresident&signedOut=revoked", new() { Timeout = 5_000, WaitUntil = WaitUntilState.Commit });
        Report($"Deactivation on A to the resident's page on B losing access: {clock.ElapsedMilliseconds} ms (the click itself {clicking.ElapsedMilliseconds - clock.ElapsedMilliseconds} ms)");
        Assert.True(clock.Elapsed <= Second, $"{clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task ASettingsChangeOnOneServerAppliesOnTheOtherWithinASecond()
    {
        await servers.EnsureRunningAsync();
        await using var superAdmin = await SessionAsync(servers.A, 1280, 900, "settings-on-a");
        await BrowserSession.SignInAsync(superAdmin.Page, "9000000001", "/admin");
        await superAdmin.Page.GotoAsync("/admin/settings");
        await superAdmin.Page.Locator("main[data-interactive='true']").WaitForAsync();
        var name = $"Lotus Towers {Guid.NewGuid():N}"[..20];

        await superAdmin.Page.Locator("input[data-testid=setting-name], [data-testid=setting-name] input").First.FillAsync(name);
        var clicking = Stopwatch.StartNew();
        await superAdmin.Page.GetByTestId("save-settings").ClickAsync();
        var clock = Stopwatch.StartNew();
        using var http = new HttpClient { BaseAddress = servers.B.Url };
        while (!(await http.GetStringAsync("manifest.webmanifest", Ct)).Contains(name, StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "B never took the new name.");
            await Task.Delay(20, Ct);
        }

        Report($"Settings saved on A to B serving them: {clock.ElapsedMilliseconds} ms (the click itself {clicking.ElapsedMilliseconds - clock.ElapsedMilliseconds} ms)");
        Assert.True(clock.Elapsed <= Second, $"{clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task WhileRedisIsDownEachServerServesItsOwnScreensAndSaysSoThenBothJoinAgain()
    {
        await servers.EnsureRunningAsync();
        await using var guard = await SessionAsync(servers.A, 1280, 800, "guard-on-a");
        await using var resident = await SessionAsync(servers.B, 390, 844, "resident-on-b");
        await BrowserSession.SignInAsync(guard.Page, "9000000012", "/guard");
        await BrowserSession.SignInAsync(resident.Page, "9000000201", "/resident");

        await servers.Redis.StopAsync();
        await UntilAsync(async () => await servers.A.HealthAsync() == "Degraded" && await servers.B.HealthAsync() == "Degraded", TimeSpan.FromSeconds(10));

        // The gate goes on: A's own screens see what A does.
        var during = $"Outage {Guid.NewGuid():N}"[..14];
        await GateScreens.LogVisitorAsync(guard.Page, during, "B-201");
        await Expect(guard.Page.GetByTestId("board-waiting").GetByTestId("visit-card").Filter(new() { HasText = during })).ToBeVisibleAsync(new() { Timeout = 2_000 });

        await Task.Delay(1_000, Ct);
        await Expect(resident.Page.GetByTestId("pending-request").Filter(new() { HasText = during })).ToHaveCountAsync(0);

        var clock = Stopwatch.StartNew();
        await servers.Redis.StartAgainAsync();
        await UntilAsync(async () => await servers.A.HealthAsync() == "Healthy" && await servers.B.HealthAsync() == "Healthy", TimeSpan.FromSeconds(15));
        Report($"Redis started again to both servers healthy: {clock.ElapsedMilliseconds} ms");

        // What the outage kept from B's screens arrives when they reload, without the resident doing anything.
        await Expect(resident.Page.GetByTestId("pending-request").Filter(new() { HasText = during })).ToBeVisibleAsync(new() { Timeout = 5_000 });
        Report($"Redis started again to the resident on B seeing the request of the outage: {clock.ElapsedMilliseconds} ms");

        // And events cross again.
        var after = $"Back {Guid.NewGuid():N}"[..12];
        await GateScreens.LogVisitorAsync(guard.Page, after, "B-201");
        await Expect(resident.Page.GetByTestId("pending-request").Filter(new() { HasText = after })).ToBeVisibleAsync(new() { Timeout = 2_000 });
    }

    [Fact]
    public async Task WhenOneServerDiesTheOtherServesOnAndTakesItsJobsOverAndTheFirstRejoinsOnRestart()
    {
        await servers.EnsureRunningAsync();
        string[] jobs = ["ReachEscalationJob", "VisitExpiryJob"];
        await UntilAsync(async () => (await Task.WhenAll(jobs.Select(servers.LeaseHolderAsync))).All(holder => holder is not null), TimeSpan.FromSeconds(25));
        var first = await HolderAsync("ReachEscalationJob") ?? throw new InvalidOperationException("Neither server holds the SMS job.");
        var second = first == servers.A ? servers.B : servers.A;
        var moving = new List<string>();
        foreach (var job in jobs)
        {
            if (await HolderAsync(job) == first)
            {
                moving.Add(job);
            }
        }

        await using var guard = await SessionAsync(first, 1280, 800, "guard");
        await using var resident = await SessionAsync(second, 390, 844, "resident");
        await BrowserSession.SignInAsync(guard.Page, "9000000011", "/guard");
        await BrowserSession.SignInAsync(resident.Page, "9000000101", "/resident");

        await first.KillAsync();

        // The guard's tablet comes back on the other server (the balancer sends it there), still signed in.
        await guard.Page.GotoAsync(new Uri(second.Url, "/guard").ToString());
        await guard.Page.Locator("main[data-interactive='true']").WaitForAsync();
        var name = $"Failover {Guid.NewGuid():N}"[..16];
        await GateScreens.LogVisitorAsync(guard.Page, name, "A-101");
        await Expect(resident.Page.GetByTestId("pending-request").Filter(new() { HasText = name })).ToBeVisibleAsync(new() { Timeout = 2_000 });

        // Its jobs run out on the dead server and the living one takes them.
        var clock = Stopwatch.StartNew();
        foreach (var job in moving)
        {
            await UntilAsync(async () => await HolderAsync(job) == second, TimeSpan.FromSeconds(40));
        }

        Report($"Kill -9 of the server running {string.Join(" and ", moving)} to the other running them: {clock.ElapsedMilliseconds} ms");
        Assert.Contains(second.Log, line => line.Contains("This server now runs ReachEscalationJob", StringComparison.Ordinal));

        // Restarted, the first rejoins: its screens see what the other does.
        await first.StartAsync();
        await using var again = await SessionAsync(first, 390, 844, "resident-rejoined");
        await BrowserSession.SignInAsync(again.Page, "9000000102", "/resident");
        var rejoined = $"Rejoined {Guid.NewGuid():N}"[..16];
        await GateScreens.LogVisitorAsync(guard.Page, rejoined, "A-101");
        await Expect(again.Page.GetByTestId("pending-request").Filter(new() { HasText = rejoined })).ToBeVisibleAsync(new() { Timeout = 2_000 });
        Assert.Equal("Healthy", await first.HealthAsync());
    }

    /// <summary>The server that holds the job's lease now (leases name the server's process), or null.</summary>
    private async Task<AppProcess?> HolderAsync(string job) =>
        await servers.LeaseHolderAsync(job) is { } holder
            ? new[] { servers.A, servers.B }.FirstOrDefault(s => s.IsRunning && holder.Contains($"/{s.ProcessId}/", StringComparison.Ordinal))
            : null;

    private async Task<BrowserSession> SessionAsync(AppProcess server, int width, int height, string label)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.Url.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        return new BrowserSession(context, await context.NewPageAsync(), label);
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < within, $"Not so within {within.TotalSeconds:0} s.");
            await Task.Delay(100, Ct);
        }
    }

    private static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Console.WriteLine(line);
    }
}
