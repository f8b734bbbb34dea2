using Microsoft.Playwright;

namespace SecurityManagement.Tests.Web.Browser;

/// <summary>What a guard does on the tablet, for the browser tests and the browser measurement.</summary>
internal static class GateScreens
{
    /// <summary>Fills the new-visitor form and asks the flat; returns once the request is sent.</summary>
    public static async Task LogVisitorAsync(IPage guard, string name, string flat)
    {
        await guard.GetByTestId("visitor-phone").FillAsync(Support.Builders.NextPhone().Value);
        await guard.GetByTestId("visitor-name").FillAsync(name);
        await guard.GetByTestId("purpose").GetByText("Guest", new() { Exact = true }).ClickAsync();
        await guard.GetByTestId("visit-flat").FillAsync(flat);
        await guard.GetByTestId("visit-flat").PressAsync("Tab");
        await guard.GetByTestId("ask-flat").ClickAsync();
    }
}
