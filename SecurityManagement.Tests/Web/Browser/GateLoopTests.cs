using System.Diagnostics;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SecurityManagement.Tests.Web.Browser;

/// <summary>The moment at the gate, across the guard's tablet and the resident's phone, live both ways.</summary>
[Collection(BrowserTests.Name)]
public sealed class GateLoopTests(BrowserFixture fixture)
{
    private static readonly LocatorAssertionsToBeVisibleOptions WithinTwoSeconds = new() { Timeout = 2_000 };

    private static ILocator Card(IPage page, string board, string name) =>
        page.GetByTestId(board).GetByTestId("visit-card").Filter(new() { HasText = name });

    [Fact]
    public async Task ResidentApprovesLiveAndTheGuardLetsTheVisitorInAndOut()
    {
        await using var guard = await fixture.NewSessionAsync(1024, 768, "guard");
        await using var resident = await fixture.NewSessionAsync(390, 844, "resident");
        await guard.SignInAsync("9000000012", "/guard");
        await resident.SignInAsync("9000000101", "/resident");
        var name = $"Loop Visitor {Guid.NewGuid():N}"[..20];

        var clock = Stopwatch.StartNew();
        await GateScreens.LogVisitorAsync(guard.Page, name, "A-101");
        var request = resident.Page.GetByTestId("pending-request").Filter(new() { HasText = name });
        await Expect(request).ToBeVisibleAsync(WithinTwoSeconds);
        TestContext.Current.TestOutputHelper?.WriteLine($"Submit to the resident's screen: {clock.ElapsedMilliseconds} ms");
        await Expect(Card(guard.Page, "board-waiting", name)).ToBeVisibleAsync();
        await Expect(resident.Page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex(@"^\(\d+\) My flat"));
        await Accessibility.AssertNoSeriousViolationsAsync(resident.Page);

        // The arrival is said to screen readers; nothing is laid over the card's buttons (a toast once was, on phones).
        await Expect(resident.Page.GetByTestId("arrival-said")).ToContainTextAsync(name);
        var approve = request.GetByTestId("approve");
        await approve.ScrollIntoViewIfNeededAsync();
        Assert.True(await approve.EvaluateAsync<bool>(
            "b => { const r = b.getBoundingClientRect(); return b.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)); }"),
            "Something lies over the Approve button.");

        await approve.ClickAsync();
        await Expect(resident.Page.GetByTestId("answer-said")).ToHaveTextAsync($"{name} may come in.");
        await Expect(guard.Page.GetByTestId("count-approved")).Not.ToHaveTextAsync("0", new() { Timeout = 2_000 });
        await GateScreens.ShowBoardAsync(guard.Page, "approved");
        await Expect(Card(guard.Page, "board-approved", name)).ToBeVisibleAsync(WithinTwoSeconds);
        await Expect(request).ToHaveCountAsync(0);

        await Card(guard.Page, "board-approved", name).GetByTestId("check-in").ClickAsync();
        await GateScreens.ShowBoardAsync(guard.Page, "inside");
        await Expect(Card(guard.Page, "board-inside", name)).ToBeVisibleAsync(WithinTwoSeconds);
        await Card(guard.Page, "board-inside", name).GetByTestId("check-out").ClickAsync();

        await GateScreens.ShowBoardAsync(guard.Page, "done");
        var done = Card(guard.Page, "board-done", name);
        await Expect(done).ToBeVisibleAsync(WithinTwoSeconds);
        await Expect(done).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Left at \d\d:\d\d"));
        await Expect(done).ToHaveAttributeAsync("data-status", "Completed");
        await Accessibility.AssertNoSeriousViolationsAsync(guard.Page);
    }

    [Fact]
    public async Task GuestPassCodeStartsTheVisitApprovedAndASingleUseCodeWorksOnce()
    {
        await using var resident = await fixture.NewSessionAsync(390, 844, "resident");
        await using var guard = await fixture.NewSessionAsync(1024, 768, "guard");
        await resident.SignInAsync("9000000103", "/resident");
        await guard.SignInAsync("9000000011", "/guard");
        var guest = $"Pass Guest {Guid.NewGuid():N}"[..18];

        await resident.Page.GetByTestId("guest-name").FillAsync(guest);
        await resident.Page.GetByLabel("Guest's phone (optional)").FillAsync(Support.Builders.NextPhone().Value);
        await resident.Page.GetByTestId("create-pass").ClickAsync();
        var code = await resident.Page.GetByTestId("new-pass-code").InnerTextAsync();
        await Expect(resident.Page.GetByAltText($"QR code of pass {code}")).ToBeVisibleAsync();

        await guard.Page.GetByTestId("pass-code").FillAsync(code);
        await guard.Page.GetByTestId("admit").ClickAsync();
        await Expect(Card(guard.Page, "board-approved", guest)).ToBeVisibleAsync(WithinTwoSeconds);

        await guard.Page.GetByTestId("pass-code").FillAsync(code);
        await guard.Page.GetByTestId("admit").ClickAsync();
        await Expect(guard.Page.GetByText("This pass has already been used.")).ToBeVisibleAsync();
        await Expect(Card(guard.Page, "board-approved", guest)).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task NotForUsSendsTheRequestBackToTheGuardMarkedForReRouting()
    {
        // The tablet held upright this time.
        await using var guard = await fixture.NewSessionAsync(768, 1024, "guard");
        await using var resident = await fixture.NewSessionAsync(390, 844, "resident");
        await guard.SignInAsync("9000000012", "/guard");
        await resident.SignInAsync("9000000201", "/resident");
        var name = $"Wrong Flat {Guid.NewGuid():N}"[..18];

        await GateScreens.LogVisitorAsync(guard.Page, name, "B-201");
        var request = resident.Page.GetByTestId("pending-request").Filter(new() { HasText = name });
        await Expect(request).ToBeVisibleAsync(WithinTwoSeconds);
        await request.GetByTestId("not-for-us").ClickAsync();

        var returned = Card(guard.Page, "board-waiting", name);
        await Expect(returned.GetByTestId("returned")).ToBeVisibleAsync(WithinTwoSeconds);
        await Expect(returned).ToHaveAttributeAsync("data-status", "Returned");
        await Expect(returned.GetByTestId("returned")).ToContainTextAsync("Not for B-201");
        await Expect(request).ToHaveCountAsync(0);

        await returned.GetByTestId("reroute-flat").FillAsync("B-202");
        await returned.GetByTestId("reroute-flat").PressAsync("Tab");
        await returned.GetByTestId("reroute").ClickAsync();
        await Expect(Card(guard.Page, "board-waiting", name)).ToHaveAttributeAsync("data-status", "Pending", new() { Timeout = 2_000 });
        await Expect(Card(guard.Page, "board-waiting", name)).ToContainTextAsync("B-202");
    }
}
