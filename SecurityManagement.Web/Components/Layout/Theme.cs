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
        // Every filled button and coloured text meets WCAG AA (4.5:1) against its background.
        PaletteLight = new PaletteLight
        {
            Secondary = "#c2185b",
            Success = "#1b5e20",
            Warning = "#8a4f00",
            Error = "#c62828",
            Info = "#01579b",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#b8b0ff",
            PrimaryContrastText = "#000000",
            Secondary = "#f48fb1",
            SecondaryContrastText = "#000000",
            Success = "#81c784",
            SuccessContrastText = "#000000",
            Warning = "#ffb74d",
            WarningContrastText = "#000000",
            Error = "#ef9a9a",
            ErrorContrastText = "#000000",
            Info = "#81d4fa",
            InfoContrastText = "#000000",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"],
            },
        },
    };
}
