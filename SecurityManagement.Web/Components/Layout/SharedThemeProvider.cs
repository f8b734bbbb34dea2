using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace SecurityManagement.Web.Components.Layout;

/// <summary>
/// MudBlazor's theme provider, writing style text that every circuit shares. The stock provider builds
/// its 24 KB of CSS variables anew on each render, so every open screen would hold a copy or two of it
/// for as long as it stays open; this one renders the one copy kept for each text it builds (the app's
/// theme has two, light and dark). What it does besides (following the system's dark mode when asked) is the
/// stock provider's own.
/// </summary>
public sealed class SharedThemeProvider : MudThemeProvider
{
    // The stock provider's rule for the admin overview's charts.
    private const string ChartStyle = "<style>.mud-chart-serie:hover, .mud-chart-serie-hovered { filter: url(#lighten); }</style>";

    private static readonly ConcurrentDictionary<string, string> Shared = new(StringComparer.Ordinal);

    protected override void BuildRenderTree(RenderTreeBuilder __builder)
    {
        var style = (DefaultScrollbar ? "" : BuildMudBlazorScrollbar()) + ChartStyle + BuildTheme();
        __builder.AddMarkupContent(0, Shared.GetOrAdd(style, style));
    }
}
