namespace SecurityManagement.Core.Flats;

/// <summary>A flat in the directory. Its residents are the users whose flat it is.</summary>
public sealed record Flat(FlatCode Code, DateTimeOffset CreatedAt)
{
    public string SortKey => Code.SortKey;
}
