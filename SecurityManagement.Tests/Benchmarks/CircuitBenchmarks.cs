using System.Diagnostics;
using Microsoft.Playwright;
using SecurityManagement.Tests.Web.Browser;

namespace SecurityManagement.Tests.Benchmarks;

/// <summary>
/// What an open screen costs the server: a real browser opens 50 signed-in pages of a screen, four at a
/// time, and the benchmark prints the managed heap (after a full collection) and the process's resident
/// memory per open circuit, less what 50 static pages cost (the browser driver's own share); then the
/// time to interactive, one page at a time, a page of each screen in turn round after round, with each
/// screen's distance from the home page in the same round. Budgets for the screens left open all day
/// (the resident's and the guard's): 350 KB of heap and 1,700 KB of RSS per circuit, 450 ms median and
/// 700 ms p95 to interactive. The home page (little more than the frame) and the admin overview are
/// printed beside them.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class CircuitBenchmarks(BrowserFixture fixture)
{
    private const int Pages = 50;
    private const int AtATime = 4;
    private const int TtiRounds = 30;
    private const double HeapBudgetKb = 350;
    private const double RssBudgetKb = 1_700;
    private const double TtiMedianBudgetMs = 450;
    private const double TtiP95BudgetMs = 700;

    [Fact(Explicit = true)]
    public async Task EachOpenDashboardCostsLittleMoreThanABareMudBlazorPage()
    {
        var screens = new[] { ("/", "9000000101"), ("/resident", "9000000101"), ("/guard", "9000000011"), ("/admin", "9000000002") };
        var contexts = new List<IBrowserContext>();
        try
        {
            foreach (var (path, phone) in screens)
            {
                contexts.Add(await SignedInAsync(phone));
            }

            // Every screen once first, so that what is measured is the circuits, not the code's first run.
            for (var i = 0; i < screens.Length; i++)
            {
                await TimeToInteractiveAsync(contexts[i], screens[i].Item1);
                await TimeToInteractiveAsync(contexts[i], screens[i].Item1);
            }

            var memory = new List<(double HeapKb, double RssKb)>();
            for (var i = 0; i < screens.Length; i++)
            {
                var control = await OpenManyAsync(contexts[i], "/healthz", interactive: false);
                var circuits = await OpenManyAsync(contexts[i], screens[i].Item1, interactive: true);
                memory.Add(((circuits.Heap - control.Heap) / 1024.0 / Pages, (circuits.Rss - control.Rss) / 1024.0 / Pages));
            }

            // One page of each screen in turn, round after round, each round starting one screen further on: the
            // machine's speed drifts from minute to minute here, and this way every screen meets the same drift and
            // follows every other (and the home page's time is beside each).
            var tti = screens.Select(_ => new List<double>()).ToArray();
            for (var round = 0; round < TtiRounds; round++)
            {
                for (var turn = 0; turn < screens.Length; turn++)
                {
                    var i = (round + turn) % screens.Length;
                    tti[i].Add(await TimeToInteractiveAsync(contexts[i], screens[i].Item1));
                }
            }

            var over = new List<string>();
            for (var i = 0; i < screens.Length; i++)
            {
                var (path, _) = screens[i];
                var (heapKb, rssKb) = memory[i];
                var aboveHome = Percentiles.Of(tti[i].Select((t, round) => t - tti[0][round]).ToList(), 50);
                Report($"{path,-10} per open circuit: managed heap {heapKb:N0} KB, RSS {rssKb:N0} KB; time to interactive, one page at a time: "
                    + $"median {Percentiles.Of(tti[i], 50):0} ms, p95 {Percentiles.Of(tti[i], 95):0} ms (n={tti[i].Count}), {aboveHome:+0;-0;0} ms from the home page in the same round (median)");
                if (path is "/resident" or "/guard" && (heapKb > HeapBudgetKb || rssKb > RssBudgetKb || Percentiles.Of(tti[i], 50) > TtiMedianBudgetMs || Percentiles.Of(tti[i], 95) > TtiP95BudgetMs))
                {
                    over.Add(path);
                }
            }

            Assert.Empty(over);
        }
        finally
        {
            foreach (var context in contexts)
            {
                await context.DisposeAsync();
            }
        }
    }

    private async Task<IBrowserContext> SignedInAsync(string phone)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1024, Height = 768 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Phone number").FillAsync(phone);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.Locator("main[data-interactive='true']").WaitForAsync();
        await page.CloseAsync();
        return context;
    }

    /// <summary>Opens <see cref="Pages"/> pages of the path, <see cref="AtATime"/> at a time, measures the server with them open, then closes them.</summary>
    private static async Task<(long Heap, long Rss)> OpenManyAsync(IBrowserContext context, string path, bool interactive)
    {
        var before = Measure();
        var pages = new List<IPage>();
        for (var i = 0; i < Pages; i += AtATime)
        {
            pages.AddRange(await Task.WhenAll(Enumerable.Range(0, Math.Min(AtATime, Pages - i)).Select(async _ =>
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync(path);
                if (interactive)
                {
                    await page.Locator("main[data-interactive='true']").WaitForAsync();
                }

                return page;
            })));
        }

        await Task.Delay(1_000);
        var after = Measure();
        foreach (var page in pages)
        {
            await page.CloseAsync();
        }

        await Task.Delay(1_000);
        return (after.Heap - before.Heap, after.Rss - before.Rss);
    }

    /// <summary>Opens one page of the path and returns the milliseconds until it is interactive.</summary>
    private static async Task<double> TimeToInteractiveAsync(IBrowserContext context, string path)
    {
        var page = await context.NewPageAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            await page.GotoAsync(path);
            await page.Locator("main[data-interactive='true']").WaitForAsync();
            return clock.Elapsed.TotalMilliseconds;
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private static (long Heap, long Rss) Measure()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }

    private static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Console.WriteLine(line);
    }
}
