using Microsoft.Playwright;

namespace SecurityManagement.Tests.Web.Browser;

/// <summary>One user's browser: a context and its page. Disposing saves the last screen under screenshots/.</summary>
public sealed class BrowserSession(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public IPage Page { get; } = page;

    /// <summary>Opens a path and waits until the circuit has rendered it interactively (clicks before that are lost).</summary>
    public async Task OpenInteractiveAsync(string path)
    {
        await Page.GotoAsync(path);
        await Page.Locator("main[data-interactive='true']").WaitForAsync();
    }

    public async ValueTask DisposeAsync()
    {
        var test = TestContext.Current.Test?.TestDisplayName ?? "browser-test";
        var name = string.Concat(test.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' ? c : '_'));
        Directory.CreateDirectory(ScreenshotFolder);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, $"{name}.png"), FullPage = true });
        await context.CloseAsync();
    }
}
