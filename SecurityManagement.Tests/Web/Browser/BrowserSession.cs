using Microsoft.Playwright;

namespace SecurityManagement.Tests.Web.Browser;

/// <summary>
/// One user's browser: a context and its page. Disposing saves the last screen under screenshots/, and
/// fails the test if the page broke the Content-Security-Policy anywhere along the way.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly string _label;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _violations = new();

    public BrowserSession(IBrowserContext context, IPage page, string label)
    {
        _context = context;
        _label = label;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                _violations.Enqueue(message.Text);
            }
        };
    }

    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public IPage Page { get; }

    /// <summary>The browser context: its cookies, permissions, service workers and other pages.</summary>
    public IBrowserContext Context => _context;

    /// <summary>Opens a path and waits until the circuit has rendered it interactively (clicks before that are lost).</summary>
    public async Task OpenInteractiveAsync(string path)
    {
        await Page.GotoAsync(path);
        await Page.Locator("main[data-interactive='true']").WaitForAsync();
    }

    /// <summary>
    /// Signs in on the static sign-in page (the test app runs with the development bypass) and waits for the
    /// dashboard's circuit. The fields are found by id, so this works in any language.
    /// </summary>
    public Task SignInAsync(string phone, string dashboard) => SignInAsync(Page, phone, dashboard);

    /// <summary>The same on another page of a session's browser.</summary>
    public static async Task SignInAsync(IPage page, string phone, string dashboard)
    {
        await page.GotoAsync("/account/login");
        await page.Locator("#phone").FillAsync(phone);
        await page.Locator(".account-form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync($"**{dashboard}");
        await page.Locator("main[data-interactive='true']").WaitForAsync();
    }

    public async ValueTask DisposeAsync()
    {
        var test = TestContext.Current.Test?.TestDisplayName ?? "browser-test";
        var name = string.Concat(test.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' ? c : '_'));
        Directory.CreateDirectory(ScreenshotFolder);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, $"{name}.{_label}.png"), FullPage = true });
        await _context.CloseAsync();
        Assert.Empty(_violations);
    }
}
