using MudBlazor;

namespace SecurityManagement.Web.Components.Layout;

/// <summary>The app's MudBlazor theme: system fonts (the gate's tablets may be offline), default palettes.</summary>
public static class Theme
{
    public static MudTheme Default { get; } = new()
    {
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"],
            },
        },
    };
}
