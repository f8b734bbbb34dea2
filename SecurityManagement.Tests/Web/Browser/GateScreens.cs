using Microsoft.Playwright;

namespace SecurityManagement.Tests.Web.Browser;

/// <summary>What a guard does on the tablet, for the browser tests and the browser measurement.</summary>
internal static class GateScreens
{
    /// <summary>
    /// Fills the new-visitor form and asks the flat; returns once the request is sent. On a narrow
    /// screen the form is a tab of its own, opened first.
    /// </summary>
    public static async Task LogVisitorAsync(IPage guard, string name, string flat)
    {
        await FillVisitorAsync(guard, name, flat);
        await guard.GetByTestId("ask-flat").ClickAsync();
    }

    /// <summary>Fills the new-visitor form (a guest, a fresh phone) without asking the flat yet.</summary>
    public static async Task FillVisitorAsync(IPage guard, string name, string flat)
    {
        if (await guard.GetByTestId("tab-new").IsVisibleAsync())
        {
            await guard.GetByTestId("tab-new").ClickAsync();
        }

        await guard.GetByTestId("visitor-phone").FillAsync(Support.Builders.NextPhone().Value);
        await guard.GetByTestId("visitor-name").FillAsync(name);
        await guard.GetByTestId("visit-flat").FillAsync(flat);
        await guard.GetByTestId("visit-flat").PressAsync("Tab");
        await guard.Locator("[data-purpose=Guest]").ClickAsync();
    }

    /// <summary>Opens a board's tab (one board shows at a time): waiting, approved, inside or done.</summary>
    public static Task ShowBoardAsync(IPage guard, string board) => guard.GetByTestId($"tab-{board}").ClickAsync();
}
