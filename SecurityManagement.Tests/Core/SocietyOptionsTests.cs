using Microsoft.Extensions.Configuration;
using SecurityManagement.Core;

namespace SecurityManagement.Tests.Core;

public class SocietyOptionsTests
{
    private static SocietyOptions From(params (string Key, string? Value)[] settings) =>
        SocietyOptions.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value)))
            .Build());

    [Fact]
    public void DayStartsAtMidnightInTheSocietysTimeZone()
    {
        var society = From();

        // 20:00 UTC on the 24th is 01:30 on the 25th in India (UTC+05:30).
        var start = society.StartOfDay(new DateTimeOffset(2026, 11, 24, 20, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.FromHours(5.5)), start);
        Assert.Equal("Our Society", society.Name);
    }

    [Fact]
    public void NameAndZoneComeFromConfiguration()
    {
        var society = From((SocietyOptions.NameKey, " Green Meadows "), (SocietyOptions.TimeZoneKey, "UTC"));

        Assert.Equal("Green Meadows", society.Name);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero),
            society.StartOfDay(new DateTimeOffset(2026, 11, 24, 20, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void UnknownTimeZoneStopsWithTheSettingNamed()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => From((SocietyOptions.TimeZoneKey, "Mars/Olympus")));

        Assert.Contains("Society:TimeZone", ex.Message, StringComparison.Ordinal);
    }
}
