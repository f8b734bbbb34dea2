using Microsoft.AspNetCore.Components;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Web.Components.Shared;

/// <summary>A visit's status as a small outlined chip (the markup of <c>MudChip</c>), drawn inline: lists show one per row.</summary>
public static class StatusChip
{
    public static RenderFragment Of(Words words, VisitStatus status) => builder =>
    {
        builder.OpenElement(0, "span");
        builder.AddAttribute(1, "class", $"mud-chip mud-chip-outlined mud-chip-size-small mud-chip-color-{ColorOf(status)} status-chip");
        builder.AddAttribute(2, "data-testid", "status");
        builder.OpenElement(3, "span");
        builder.AddAttribute(4, "class", "mud-chip-content");
        builder.AddContent(5, words.Of(status));
        builder.CloseElement();
        builder.CloseElement();
    };

    private static string ColorOf(VisitStatus status) => status switch
    {
        VisitStatus.Approved or VisitStatus.Inside or VisitStatus.Completed => "success",
        VisitStatus.Denied => "error",
        VisitStatus.Pending or VisitStatus.Returned => "warning",
        _ => "default",
    };
}
