using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using SecurityManagement.Core;
using SecurityManagement.Tests.Support;
using SecurityManagement.Web.Components.Layout;

namespace SecurityManagement.Tests.Web.Components;

public sealed class MainLayoutTests : BunitContext
{
    public MainLayoutTests()
    {
        this.AddTestServices();
        Services.AddSingleton(new SocietyOptions("Green Meadows", TimeZoneInfo.Utc));
        AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private IRenderedComponent<MainLayout> RenderLayout() =>
        Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));

    [Fact]
    public void AppBarShowsTheSocietyNameAndThePage()
    {
        var cut = RenderLayout();

        Assert.Equal("Green Meadows", cut.Find(".society-name").TextContent);
        Assert.Contains("page body", cut.Find("main").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void TheMenuButtonTurnsTheDrawerAndAChoiceInItPutsItBack()
    {
        var cut = RenderLayout();
        var frame = () => cut.Find(".app-frame").ClassList;
        Assert.DoesNotContain("drawer-turned", frame());

        cut.Find("[aria-label=Menu]").Click();
        Assert.Contains("drawer-turned", frame());

        cut.InvokeAsync(() => Services.GetRequiredService<NavigationManager>().NavigateTo("/guard"));
        cut.WaitForAssertion(() => Assert.DoesNotContain("drawer-turned", frame()));
    }

    [Fact]
    public void ThemeToggleWritesTheDarkThemeOverThePagesLightOneAndTakesItAway()
    {
        var cut = RenderLayout();
        var toggle = () => cut.Find("[data-testid=theme-toggle]");
        var styles = () => cut.FindAll("style.mud-theme-provider");

        // The light theme is the page head's (AppHead): the circuit does not send it again.
        Assert.Equal("Switch to dark mode", toggle().GetAttribute("aria-label"));
        Assert.Empty(styles());

        toggle().Click();
        Assert.Equal("Switch to light mode", toggle().GetAttribute("aria-label"));
        var dark = Assert.Single(styles()).TextContent;
        Assert.Contains("--mud-native-html-color-scheme: dark;", dark, StringComparison.Ordinal);
        Assert.Contains($"--mud-palette-primary: {Theme.Default.PaletteDark.Primary}", dark, StringComparison.Ordinal);

        toggle().Click();
        Assert.Equal("Switch to dark mode", toggle().GetAttribute("aria-label"));
        Assert.Empty(styles());
    }

    [Fact]
    public void ThePageHeadWritesTheLightTheme()
    {
        var head = Render<AppHead>();

        var light = head.Find("style.mud-theme-provider").TextContent;
        Assert.Contains("--mud-native-html-color-scheme: light;", light, StringComparison.Ordinal);
        Assert.Contains($"--mud-palette-primary: {Theme.Default.PaletteLight.Primary}", light, StringComparison.Ordinal);
    }
}
