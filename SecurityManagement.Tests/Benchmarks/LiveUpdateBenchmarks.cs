using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Playwright;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Live;
using SecurityManagement.Tests.Support;
using SecurityManagement.Tests.Web.Browser;
using static Microsoft.Playwright.Assertions;

namespace SecurityManagement.Tests.Benchmarks;

/// <summary>
/// How fast a new request reaches the flat's screens. Benchmarks, not tests: they print figures and
/// are left out of the default run (README: "Benchmarks").
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class LiveUpdateBenchmarks(BrowserFixture fixture)
{
    private const int Subscribers = 500;
    private const int HubRounds = 40;
    private const int BrowserRounds = 20;

    private static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Console.WriteLine(line);
    }

    [Fact(Explicit = true)]
    public async Task HubDeliversAGuardsSubmitToFiveHundredFlatBoards()
    {
        await using var core = await CoreHarness.CreateAsync();
        var guard = await core.AddUserAsync(Role.Guard);
        var topic = Topics.Flat(FlatCode.Parse("A-101"));
        var latencies = new ConcurrentBag<double>();
        long submittedAt = 0;
        var subscriptions = Enumerable.Range(0, Subscribers).Select(_ => core.Live.Subscribe(topic, _ =>
        {
            latencies.Add(Stopwatch.GetElapsedTime(Interlocked.Read(ref submittedAt)).TotalMilliseconds);
            return Task.CompletedTask;
        })).ToList();

        await core.LogVisitAsync(guard);
        latencies.Clear();
        for (var round = 0; round < HubRounds; round++)
        {
            Interlocked.Exchange(ref submittedAt, Stopwatch.GetTimestamp());
            await core.LogVisitAsync(guard);
        }

        subscriptions.ForEach(s => s.Dispose());
        Assert.Equal(Subscribers * HubRounds, latencies.Count);
        Report($"Hub, guard's submit (store write included) to each of {Subscribers} flat-board callbacks, {HubRounds} submits: {Percentiles.Describe([.. latencies], "ms")}");
    }

    [Fact(Explicit = true)]
    public async Task GuardsSubmitReachesTheResidentsScreen()
    {
        await using var guard = await fixture.NewSessionAsync(1024, 768, "guard");
        await using var resident = await fixture.NewSessionAsync(390, 844, "resident");
        await guard.SignInAsync("9000000012", "/guard");
        await resident.SignInAsync("9000000102", "/resident");

        var latencies = new List<double>();
        for (var round = 0; round < BrowserRounds; round++)
        {
            var name = $"Timed {round} {Guid.NewGuid():N}"[..16];
            await guard.Page.GetByTestId("visitor-phone").FillAsync(Builders.NextPhone().Value);
            await guard.Page.GetByTestId("visitor-name").FillAsync(name);
            await guard.Page.GetByTestId("purpose").GetByText("Delivery", new() { Exact = true }).ClickAsync();
            await guard.Page.GetByTestId("visit-flat").FillAsync("A-101");
            await guard.Page.GetByTestId("visit-flat").PressAsync("Tab");

            var clock = Stopwatch.StartNew();
            await guard.Page.GetByTestId("ask-flat").ClickAsync();
            await Expect(resident.Page.GetByTestId("pending-request").Filter(new() { HasText = name })).ToBeVisibleAsync(new() { Timeout = 5_000 });
            latencies.Add(clock.Elapsed.TotalMilliseconds);

            await resident.Page.GetByTestId("pending-request").Filter(new() { HasText = name }).GetByTestId("not-for-us").ClickAsync();
        }

        Report($"Browser, guard's click on 'Ask the flat' to the request on the resident's phone, {BrowserRounds} requests: {Percentiles.Describe(latencies, "ms")}");
    }
}
