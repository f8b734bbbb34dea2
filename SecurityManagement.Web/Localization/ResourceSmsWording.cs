using System.Globalization;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Web.Components.Shared;

namespace SecurityManagement.Web.Localization;

/// <summary>Words Core's text messages from the resources, in the recipient's language.</summary>
public sealed class ResourceSmsWording(Words words) : ISmsWording
{
    public string Text(Problem message, string? language) =>
        words.InLanguage(message, Languages.Find(language) ?? Languages.Find(CultureInfo.CurrentUICulture.Name) ?? Languages.Supported[0]);
}
