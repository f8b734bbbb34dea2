using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace SecurityManagement.Web.Components.Layout;

/// <summary>
/// MudBlazor's theme provider, writing style text that every circuit shares. The stock provider builds
/// its CSS variables (13 KB of text, a 25 KB string) anew on each render, so every open screen would hold
/// a copy or two of it for as long as it stays open; this one renders the one copy kept for each text it
/// builds (the app's theme has two, light and dark). The light text is written once in the page's head (<see cref="InHead"/>),
/// outside the circuit; in the frame the provider writes only the dark text, while dark mode is on, after the
/// head's so that it wins. Written in the frame as well, the light text came again with each circuit's first
/// render, and the browser parsed it anew and restyled the whole page. What it does besides (turning dark or
/// light when the system's setting changes while the page is open) is the stock provider's own.
/// </summary>
public sealed class SharedThemeProvider : MudThemeProvider
{
    // The stock provider's rule for the admin overview's charts.
    private const string ChartStyle = "<style>.mud-chart-serie:hover, .mud-chart-serie-hovered { filter: url(#lighten); }</style>";

    // How the theme's text names a dark scheme: the provider's mode is its own state, which it does not show.
    private const string DarkScheme = "--mud-native-html-color-scheme: dark;";

    private static readonly ConcurrentDictionary<string, string> Shared = new(StringComparer.Ordinal);

    /// <summary>In the page's head: writes the theme whatever the mode (there, the light one).</summary>
    [Parameter]
    public bool InHead { get; set; }

    protected override void BuildRenderTree(RenderTreeBuilder __builder)
    {
        var style = (DefaultScrollbar ? "" : BuildMudBlazorScrollbar()) + ChartStyle + BuildTheme();
        if (InHead || style.Contains(DarkScheme, StringComparison.Ordinal))
        {
            __builder.AddMarkupContent(0, Shared.GetOrAdd(style, style));
        }
    }
}
