using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;

namespace SecurityManagement.Web.Components.Shared;

/// <summary>
/// MudBlazor's look without MudBlazor's components, for what a screen shows many times or on every page:
/// each component instance costs its circuit several kilobytes for as long as the screen is open, while
/// the same markup rendered inline by its parent costs a few hundred bytes. These fragments write the
/// elements and Mud CSS classes the components would have written.
/// </summary>
public static partial class Lean
{
    /// <summary>An SVG icon as <c>MudIcon</c> draws it (decorative: hidden from assistive technology).</summary>
    public static RenderFragment Icon(string svg, string? extraClass = null) => builder =>
    {
        builder.OpenElement(0, "svg");
        builder.AddAttribute(1, "class", extraClass is null ? "mud-icon-root mud-svg-icon mud-icon-size-medium" : $"mud-icon-root mud-svg-icon mud-icon-size-medium {extraClass}");
        builder.AddAttribute(2, "focusable", "false");
        builder.AddAttribute(3, "viewBox", "0 0 24 24");
        builder.AddAttribute(4, "aria-hidden", "true");
        builder.AddMarkupContent(5, svg);
        builder.CloseElement();
    };

    /// <summary>
    /// An outlined text field as <c>MudTextField</c> draws it: label, input and the error under it.
    /// <paramref name="changed"/> hears the text on every keystroke when <paramref name="immediate"/>,
    /// else when the field is left. <paramref name="list"/> names a datalist of suggestions; the test id is the element id unless given.
    /// </summary>
    public static RenderFragment TextField(
        string id, string label, string? value, EventCallback<ChangeEventArgs> changed, string? error = null, int? maxLength = null,
        bool immediate = false, string? inputMode = null, string? list = null, string? extraClass = null, string? testId = null, string type = "text") => builder =>
    {
        builder.OpenElement(0, "div");
        builder.AddAttribute(1, "class", $"mud-input-control mud-input-outlined-with-label mud-input-input-control lean-field {extraClass}".TrimEnd());
        builder.OpenElement(2, "div");
        builder.AddAttribute(3, "class", "mud-input-control-input-container");
        builder.OpenElement(4, "div");
        builder.AddAttribute(5, "class", "mud-input mud-input-outlined mud-input-outlined-with-label mud-typography-subtitle1"
            + (string.IsNullOrEmpty(value) ? "" : " mud-shrink") + (error is null ? "" : " mud-input-error"));
        builder.OpenElement(6, "input");
        builder.AddAttribute(7, "class", "mud-input-slot mud-input-root mud-input-root-outlined");
        builder.AddAttribute(8, "id", id);
        builder.AddAttribute(9, "data-testid", testId ?? id);
        builder.AddAttribute(10, "type", type);
        builder.AddAttribute(11, "placeholder", " ");
        builder.AddAttribute(12, "inputmode", inputMode);
        builder.AddAttribute(13, "maxlength", maxLength);
        builder.AddAttribute(14, "list", list);
        builder.AddAttribute(15, "aria-invalid", error is null ? "false" : "true");
        builder.AddAttribute(16, "aria-describedby", error is null ? null : $"{id}-error");
        builder.AddAttribute(17, "value", value);
        builder.AddAttribute(18, immediate ? "oninput" : "onchange", changed);
        builder.SetUpdatesAttributeName("value");
        builder.CloseElement();
        builder.OpenElement(19, "fieldset");
        builder.AddAttribute(20, "class", "mud-input-outlined-border");
        builder.AddAttribute(21, "aria-hidden", "true");
        builder.OpenElement(22, "legend");
        builder.AddContent(23, label);
        builder.CloseElement();
        builder.CloseElement();
        builder.CloseElement();
        builder.OpenElement(24, "label");
        builder.AddAttribute(25, "class", "mud-input-label mud-input-label-animated mud-input-label-outlined mud-input-label-inputcontrol");
        builder.AddAttribute(26, "for", id);
        builder.AddContent(27, label);
        builder.CloseElement();
        builder.CloseElement();
        if (error is not null)
        {
            builder.OpenElement(28, "div");
            builder.AddAttribute(29, "class", "mud-input-helper-text mud-input-error");
            builder.OpenElement(30, "p");
            builder.AddAttribute(31, "id", $"{id}-error");
            builder.AddAttribute(32, "class", "mud-input-error-text");
            builder.AddContent(33, error);
            builder.CloseElement();
            builder.CloseElement();
        }

        builder.CloseElement();
    };

    /// <summary>A text alert as <c>MudAlert</c> draws it (severity warning, error, info or success), announced to assistive technology.</summary>
    public static RenderFragment Alert(string severity, string text, string testId, string? extraClass = null) => builder =>
    {
        builder.OpenElement(0, "div");
        builder.AddAttribute(1, "role", "alert");
        builder.AddAttribute(2, "class", $"mud-alert mud-alert-text-{severity} mud-elevation-0 {extraClass}".TrimEnd());
        builder.AddAttribute(3, "data-testid", testId);
        builder.OpenElement(4, "div");
        builder.AddAttribute(5, "class", "mud-alert-position justify-sm-start");
        builder.OpenElement(6, "div");
        builder.AddAttribute(7, "class", "mud-alert-message");
        builder.AddContent(8, text);
        builder.CloseElement();
        builder.CloseElement();
        builder.CloseElement();
    };

    /// <summary>
    /// A sentence from the resources with data (a name, a flat, a phone) in its <c>{0}</c>, <c>{1}</c> places.
    /// Each piece of data is a <c>bdi</c> marked <c>translate="no"</c>: it keeps its own direction, and
    /// nothing (a translator, or the test that looks for untranslated text) takes it for interface text.
    /// </summary>
    public static RenderFragment Say(string template, params object?[] data) => builder =>
    {
        foreach (var part in Placeholder().Split(template))
        {
            if (part.Length > 2 && part[0] == '{' && int.TryParse(part.AsSpan(1, part.Length - 2), out var index) && index < data.Length)
            {
                builder.OpenElement(0, "bdi");
                builder.AddAttribute(1, "translate", "no");
                builder.AddContent(2, data[index]?.ToString());
                builder.CloseElement();
            }
            else
            {
                builder.AddContent(3, part);
            }
        }
    };

    /// <summary>The classes of a <c>MudButton</c>: variant filled, outlined or text; colour primary, secondary, success, error, inherit or default.</summary>
    public static string Button(string variant = "text", string color = "default", string size = "medium", string? extra = null) =>
        $"mud-button-root mud-button mud-button-{variant} mud-button-{variant}-{color} mud-button-{variant}-size-{size} mud-ripple {extra}".TrimEnd();

    [GeneratedRegex(@"(\{\d+\})")]
    private static partial Regex Placeholder();
}
