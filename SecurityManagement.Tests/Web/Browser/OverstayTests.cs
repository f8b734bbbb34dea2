using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SecurityManagement.Tests.Web.Browser;

/// <summary>A delivery rider inside for too long, on the guard's board and the evacuation list.</summary>
[Collection(BrowserTests.Name)]
public sealed class OverstayTests(BrowserFixture fixture)
{
    [Fact]
    public async Task ADeliveryInsideForFortyMinutesIsFlaggedOnTheGuardsBoardAndTheEvacuationList()
    {
        // A rider let in forty minutes ago (a delivery is expected to take at most thirty).
        var name = $"Slow Rider {Guid.NewGuid():N}"[..18];
        var entered = DateTimeOffset.UtcNow.AddMinutes(-40);
        var visit = Visit.Create(name, Builders.NextPhone(), VisitPurpose.Delivery, SecurityManagement.Core.Flats.FlatCode.Parse("A-103"), null, null, Guid.NewGuid(), entered.AddMinutes(-1), VisitStatus.Approved);
        await fixture.App.Services.GetRequiredService<IVisitStore>().AddAsync(visit with
        {
            Status = VisitStatus.Inside,
            History = [new VisitStatusChange(VisitStatus.Approved, VisitStatus.Inside, null, SecurityManagement.Core.Moment.Stored(entered), null)],
        }, null, TestContext.Current.CancellationToken);
        await using var guard = await fixture.NewSessionAsync(1024, 768, "guard");
        await guard.SignInAsync("9000000011", "/guard");

        await GateScreens.ShowBoardAsync(guard.Page, "inside");
        var card = guard.Page.GetByTestId("board-inside").GetByTestId("visit-card").Filter(new() { HasText = name });
        await Expect(card.GetByTestId("overstay")).ToContainTextAsync("Overstayed: expected at most 30 min");
        await guard.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotFolder, "overstay.board.png") });

        await guard.OpenInteractiveAsync("/inside");
        await Expect(guard.Page.GetByTestId("inside-row").Filter(new() { HasText = name }).GetByTestId("inside-overstay")).ToBeVisibleAsync();

        // Out, and off every list.
        await guard.OpenInteractiveAsync("/guard");
        await GateScreens.ShowBoardAsync(guard.Page, "inside");
        await card.GetByTestId("check-out").ClickAsync();
        await Expect(card).ToHaveCountAsync(0);
    }
}
