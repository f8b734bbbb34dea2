using MudBlazor;

namespace SecurityManagement.Web.Components.Layout;

/// <summary>
/// The app's MudBlazor theme: system fonts (the gate's tablets may be offline), and a dark
/// primary light enough to keep text on dark surfaces at WCAG AA contrast.
/// </summary>
public static class Theme
{
    public static MudTheme Default { get; } = new()
    {
        PaletteDark = new PaletteDark { Primary = "#b8b0ff" },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"],
            },
        },
    };
}
