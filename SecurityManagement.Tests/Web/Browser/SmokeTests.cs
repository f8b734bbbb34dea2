using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecurityManagement.Core.Visits;
using static Microsoft.Playwright.Assertions;

namespace SecurityManagement.Tests.Web.Browser;

[Collection(BrowserTests.Name)]
public sealed class SmokeTests(BrowserFixture fixture)
{
    private const string BodyBackground = "() => getComputedStyle(document.body).backgroundColor";

    // Where the theme's style text is: the light one once in the head, the dark one after it in the body while dark mode is on.
    private const string ThemeStyles = "() => [...document.querySelectorAll('style.mud-theme-provider')].map(s => s.closest('head') ? 'head' : 'body').join()";

    [Fact]
    public async Task HomePageGoesInteractiveShowsTheCountsSwitchesThemeAndPassesAccessibilityInBothThemes()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;

        // The browser tests share one app; whatever the others left, the page must show the store's numbers.
        var counts = await fixture.App.Services.GetRequiredService<GateSummaryService>().GetTodayAsync(TestContext.Current.CancellationToken);

        await session.OpenInteractiveAsync("/");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Today at the gate", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("count-visits-today").Locator(".count-value")).ToHaveTextAsync(counts.VisitsSince.ToString(CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("count-pending").Locator(".count-value")).ToHaveTextAsync(counts.Pending.ToString(CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("count-inside-now").Locator(".count-value")).ToHaveTextAsync(counts.InsideNow.ToString(CultureInfo.InvariantCulture));
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        var lightBackground = await page.EvaluateAsync<string>(BodyBackground);
        Assert.Equal("head", await page.EvaluateAsync<string>(ThemeStyles));

        var toggle = page.GetByTestId("theme-toggle");
        await toggle.ClickAsync();

        await Expect(toggle).ToHaveAttributeAsync("aria-label", "Switch to light mode");
        await page.WaitForFunctionAsync($"before => ({BodyBackground})() !== before", lightBackground);
        Assert.Equal("head,body", await page.EvaluateAsync<string>(ThemeStyles));
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        // Back to light: the page head's theme again.
        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-label", "Switch to dark mode");
        await page.WaitForFunctionAsync($"light => ({BodyBackground})() === light", lightBackground);
        Assert.Equal("head", await page.EvaluateAsync<string>(ThemeStyles));
    }
}
