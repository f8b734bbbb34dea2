using Microsoft.Extensions.Localization;
using MudBlazor;
using SecurityManagement.Web.Resources;

namespace SecurityManagement.Web.Localization;

/// <summary>
/// MudBlazor's own words (a pager's buttons, a dialog's close button) from our resources, under
/// <c>Mud.</c> and MudBlazor's key; MudBlazor falls back to its English where we have none.
/// </summary>
public sealed class ResourceMudLocalizer(IStringLocalizer<SharedText> text) : MudLocalizer
{
    public override LocalizedString this[string key]
    {
        get
        {
            var found = text[$"Mud.{key}"];
            return new LocalizedString(key, found.Value, found.ResourceNotFound);
        }
    }

    public override LocalizedString this[string key, params object[] arguments]
    {
        get
        {
            var found = text[$"Mud.{key}", arguments];
            return new LocalizedString(key, found.Value, found.ResourceNotFound);
        }
    }
}
