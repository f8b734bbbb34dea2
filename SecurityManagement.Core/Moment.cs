namespace SecurityManagement.Core;

/// <summary>
/// Both stores keep times in UTC to the millisecond (MongoDB's date type holds no more),
/// so every time the domain records is cut to that first and reads back unchanged.
/// </summary>
public static class Moment
{
    public static DateTimeOffset Now(TimeProvider clock) => Stored(clock.GetUtcNow());

    public static DateTimeOffset Stored(DateTimeOffset value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());
}
