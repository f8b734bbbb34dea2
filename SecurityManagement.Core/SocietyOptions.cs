using Microsoft.Extensions.Configuration;

namespace SecurityManagement.Core;

/// <summary>The society this installation serves: its name (a setting super admins can change) and the time zone its days follow.</summary>
public sealed record SocietyOptions(string Name, TimeZoneInfo TimeZone)
{
    public string Name { get; set; } = Name;

    public const string NameKey = "Society:Name";
    public const string TimeZoneKey = "Society:TimeZone";
    public const string DefaultTimeZone = "Asia/Kolkata";

    public static SocietyOptions From(IConfiguration configuration)
    {
        var name = configuration[NameKey];
        var zoneId = configuration[TimeZoneKey];
        if (string.IsNullOrWhiteSpace(zoneId))
        {
            zoneId = DefaultTimeZone;
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
        {
            throw new InvalidOperationException($"{TimeZoneKey} is '{zoneId}', which is not a known time zone (e.g. {DefaultTimeZone}).");
        }

        return new SocietyOptions(string.IsNullOrWhiteSpace(name) ? "Our Society" : name.Trim(), zone);
    }

    /// <summary>A moment as the society's clocks show it, e.g. <c>Local(at, "HH:mm")</c>.</summary>
    public string Local(DateTimeOffset at, string format) =>
        TimeZoneInfo.ConvertTime(at, TimeZone).ToString(format, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The time of day on the society's clocks.</summary>
    public TimeOnly TimeOfDay(DateTimeOffset at) => TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZone).DateTime);

    /// <summary>Midnight at the start of the society's current day.</summary>
    public DateTimeOffset StartOfDay(DateTimeOffset now) => StartOf(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, TimeZone).Date));

    /// <summary>The moment the day begins on the society's clocks.</summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, TimeZone.GetUtcOffset(midnight));
    }
}
