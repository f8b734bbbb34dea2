using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SecurityManagement.Tests.Web.Browser;

/// <summary>A resident expects a Swiggy delivery; the guard logs the rider; the visit starts approved and the resident is told.</summary>
[Collection(BrowserTests.Name)]
public sealed class ExpectedVisitorTests(BrowserFixture fixture)
{
    [Fact]
    public async Task AnExpectedSwiggyRiderStartsApprovedAndTheResidentIsToldItArrived()
    {
        await using var resident = await fixture.NewSessionAsync(390, 844, "resident");
        await using var guard = await fixture.NewSessionAsync(1024, 768, "guard");
        await resident.SignInAsync("9000000103", "/resident");
        await guard.SignInAsync("9000000011", "/guard");

        // The resident says a Swiggy delivery is coming; a wrong cab number is said beside its field first.
        await resident.Page.Locator("[data-kind=Cab]").ClickAsync();
        await resident.Page.GetByTestId("expected-detail").FillAsync("#");
        await resident.Page.GetByTestId("expected-add").ClickAsync();
        await Expect(resident.Page.GetByText("Enter the cab's number, or at least its last 4 characters.")).ToBeVisibleAsync();
        await resident.Page.Locator("[data-kind=Delivery]").ClickAsync();
        await resident.Page.GetByTestId("expected-detail").FillAsync("Swiggy");
        await resident.Page.GetByTestId("expected-add").ClickAsync();
        var item = resident.Page.GetByTestId("expected-item").Filter(new() { HasText = "Swiggy" });
        await Expect(item).ToContainTextAsync("A delivery");
        await Accessibility.AssertNoSeriousViolationsAsync(resident.Page, "the resident's expected visitors");
        await Shot(resident.Page, "resident-expecting");

        // The gate sees it coming, live.
        await Expect(guard.Page.GetByTestId("gate-expected-item").Filter(new() { HasText = "Swiggy" })).ToContainTextAsync("A-102");

        var rider = $"Swiggy rider {Guid.NewGuid():N}"[..18];
        if (await guard.Page.GetByTestId("tab-new").IsVisibleAsync())
        {
            await guard.Page.GetByTestId("tab-new").ClickAsync();
        }

        await guard.Page.GetByTestId("visitor-phone").FillAsync(Support.Builders.NextPhone().Value);
        await guard.Page.GetByTestId("visitor-name").FillAsync(rider);
        await guard.Page.GetByTestId("visit-flat").FillAsync("A-102");
        await guard.Page.Locator("[data-purpose=Delivery]").ClickAsync();
        await guard.Page.GetByTestId("ask-flat").ClickAsync();

        // No question to the flat: the rider is on the approved board, and the resident's phone says they arrived.
        await GateScreens.ShowBoardAsync(guard.Page, "approved");
        await Expect(guard.Page.GetByTestId("board-approved").GetByTestId("visit-card").Filter(new() { HasText = rider })).ToBeVisibleAsync();
        await GateScreens.ShowBoardAsync(guard.Page, "waiting");
        await Expect(guard.Page.GetByTestId("board-waiting").GetByTestId("visit-card").Filter(new() { HasText = rider })).ToHaveCountAsync(0);
        await Expect(resident.Page.GetByTestId("expected-arrived")).ToContainTextAsync(rider);
        await Expect(item).ToHaveCountAsync(0);
        await Expect(resident.Page.GetByTestId("pending-request").Filter(new() { HasText = rider })).ToHaveCountAsync(0);
        await Shot(resident.Page, "resident-arrived");
        await Shot(guard.Page, "guard-approved");
    }

    private static Task Shot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserSession.ScreenshotFolder);
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotFolder, $"expected.{name}.png"), FullPage = true });
    }
}
