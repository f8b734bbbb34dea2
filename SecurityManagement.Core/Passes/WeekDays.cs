namespace SecurityManagement.Core.Passes;

/// <summary>Days of the week a regular comes on; none set means every day.</summary>
[Flags]
public enum WeekDays
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
    Thursday = 8,
    Friday = 16,
    Saturday = 32,
    Sunday = 64,
}

/// <summary>The week as people in India write it.</summary>
public static class WeekDay
{
    /// <summary>The flag of a day of the week.</summary>
    public static WeekDays Of(DayOfWeek day) => day == DayOfWeek.Sunday ? WeekDays.Sunday : (WeekDays)(1 << ((int)day - 1));

    /// <summary>Every day of the week, Monday first.</summary>
    public static IReadOnlyList<DayOfWeek> Week { get; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];
}
