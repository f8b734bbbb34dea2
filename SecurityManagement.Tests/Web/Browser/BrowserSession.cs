using Microsoft.Playwright;

namespace SecurityManagement.Tests.Web.Browser;

/// <summary>One user's browser: a context and its page. Disposing saves the last screen under screenshots/.</summary>
public sealed class BrowserSession(IBrowserContext context, IPage page, string label) : IAsyncDisposable
{
    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public IPage Page { get; } = page;

    /// <summary>Opens a path and waits until the circuit has rendered it interactively (clicks before that are lost).</summary>
    public async Task OpenInteractiveAsync(string path)
    {
        await Page.GotoAsync(path);
        await Page.Locator("main[data-interactive='true']").WaitForAsync();
    }

    /// <summary>Signs in on the static sign-in page (the test app runs with the development bypass) and waits for the dashboard's circuit.</summary>
    public async Task SignInAsync(string phone, string dashboard)
    {
        await Page.GotoAsync("/account/login");
        await Page.GetByLabel("Phone number").FillAsync(phone);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Page.WaitForURLAsync($"**{dashboard}");
        await Page.Locator("main[data-interactive='true']").WaitForAsync();
    }

    public async ValueTask DisposeAsync()
    {
        var test = TestContext.Current.Test?.TestDisplayName ?? "browser-test";
        var name = string.Concat(test.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' ? c : '_'));
        Directory.CreateDirectory(ScreenshotFolder);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, $"{name}.{label}.png"), FullPage = true });
        await context.CloseAsync();
    }
}
