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
    public void ThemeToggleSwitchesBetweenLightAndDark()
    {
        var cut = RenderLayout();
        var toggle = () => cut.Find("[data-testid=theme-toggle]");
        var scheme = () => cut.Find("style.mud-theme-provider").TextContent;
        Assert.Equal("Switch to dark mode", toggle().GetAttribute("aria-label"));
        Assert.Contains("--mud-native-html-color-scheme: light;", scheme(), StringComparison.Ordinal);

        toggle().Click();
        Assert.Equal("Switch to light mode", toggle().GetAttribute("aria-label"));
        Assert.Contains("--mud-native-html-color-scheme: dark;", scheme(), StringComparison.Ordinal);
        Assert.Contains($"--mud-palette-primary: {Theme.Default.PaletteDark.Primary}", scheme(), StringComparison.Ordinal);

        toggle().Click();
        Assert.Equal("Switch to dark mode", toggle().GetAttribute("aria-label"));
        Assert.Contains("--mud-native-html-color-scheme: light;", scheme(), StringComparison.Ordinal);
    }
}
