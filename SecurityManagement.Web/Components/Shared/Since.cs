namespace SecurityManagement.Web.Components.Shared;

/// <summary>Short spans for cards: "45 s", "3 min", "1 h 5 min".</summary>
public static class Since
{
    public static string Format(TimeSpan span) => span switch
    {
        { TotalMinutes: < 1 } => $"{Math.Max(0, (int)span.TotalSeconds)} s",
        { TotalHours: < 1 } => $"{(int)span.TotalMinutes} min",
        _ => $"{(int)span.TotalHours} h {span.Minutes} min",
    };
}
