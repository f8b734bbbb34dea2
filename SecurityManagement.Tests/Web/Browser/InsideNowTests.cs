using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SecurityManagement.Tests.Web.Browser;

/// <summary>The evacuation list on a guard's tablet and on paper.</summary>
[Collection(BrowserTests.Name)]
public sealed class InsideNowTests(BrowserFixture fixture)
{
    [Fact]
    public async Task AVisitorCheckedInAppearsOnTheEvacuationListLiveAndItsPrintLeavesTheAppFrameOff()
    {
        await using var guard = await fixture.NewSessionAsync(1024, 768, "guard");
        await using var list = await fixture.NewSessionAsync(768, 1024, "inside");
        await guard.SignInAsync("9000000011", "/guard");
        await list.SignInAsync("9000000012", "/guard");
        await list.OpenInteractiveAsync("/inside");
        var name = $"Evacuee {Guid.NewGuid():N}"[..16];
        await Expect(list.Page.GetByTestId("inside-row").Filter(new() { HasText = name })).ToHaveCountAsync(0);

        await GateScreens.LogVisitorAsync(guard.Page, name, "A-104");
        var card = guard.Page.GetByTestId("board-waiting").GetByTestId("visit-card").Filter(new() { HasText = name });
        await card.GetByRole(AriaRole.Button, new() { Name = "Approve for flat" }).ClickAsync();
        await card.Locator("input[data-testid=approve-note], [data-testid=approve-note] input").First.FillAsync("Confirmed on the intercom");
        await card.GetByTestId("approve-for-flat").ClickAsync();
        await GateScreens.ShowBoardAsync(guard.Page, "approved");
        await guard.Page.GetByTestId("board-approved").GetByTestId("visit-card").Filter(new() { HasText = name }).GetByTestId("check-in").ClickAsync();

        var row = list.Page.GetByTestId("inside-row").Filter(new() { HasText = name });
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 2_000 });
        await Expect(row).ToContainTextAsync("A-104");
        await Accessibility.AssertNoSeriousViolationsAsync(list.Page, "the evacuation list");

        await list.Page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Expect(list.Page.Locator(".mud-appbar")).ToBeHiddenAsync();
        await Expect(list.Page.GetByTestId("inside-print")).ToBeHiddenAsync();
        await Expect(row).ToBeVisibleAsync();
        await list.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotFolder, "inside.print.png"), FullPage = true });
    }
}
