using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SecurityManagement.Tests.Web.Browser;

[Collection(BrowserTests.Name)]
public sealed class SmokeTests(BrowserFixture fixture)
{
    private const string BodyBackground = "() => getComputedStyle(document.body).backgroundColor";

    [Fact]
    public async Task HomePageGoesInteractiveShowsTheCountsSwitchesThemeAndPassesAccessibilityInBothThemes()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;

        await session.OpenInteractiveAsync("/");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Today at the gate", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("count-pending").Locator(".count-value")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("count-inside-now").Locator(".count-value")).ToHaveTextAsync("1");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        var lightBackground = await page.EvaluateAsync<string>(BodyBackground);

        var toggle = page.GetByTestId("theme-toggle");
        await toggle.ClickAsync();

        await Expect(toggle).ToHaveAttributeAsync("aria-label", "Switch to light mode");
        await page.WaitForFunctionAsync($"before => ({BodyBackground})() !== before", lightBackground);
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }
}
