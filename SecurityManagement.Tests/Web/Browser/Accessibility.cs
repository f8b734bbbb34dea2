using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace SecurityManagement.Tests.Web.Browser;

public static class Accessibility
{
    private static readonly string[] Blocking = ["serious", "critical"];

    /// <summary>Runs axe on the page and fails on any serious or critical violation, listing each with where it is.</summary>
    public static async Task AssertNoSeriousViolationsAsync(IPage page, string? where = null)
    {
        // Judge the settled page: colours caught halfway through a fade-in are not what anyone reads.
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");
        var results = await page.RunAxe();

        var blocking = results.Violations.Where(v => Blocking.Contains(v.Impact)).ToList();
        Assert.True(blocking.Count == 0, (where is null ? "" : $"{where}: ") + string.Join(Environment.NewLine, blocking.Select(v =>
            $"{v.Impact} {v.Id}: {v.Help} at {string.Join("; ", v.Nodes.Select(n => $"{n.Target} ({string.Join(" ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message))})"))}")));
    }
}
