using Microsoft.Extensions.Configuration;

namespace SecurityManagement.Core.Visits;

/// <summary>The gate's timings and limits, read from <c>Gate:*</c>.</summary>
/// <remarks>Settable: <see cref="Settings.SettingsService"/> applies stored settings to the one shared instance, effective at once.</remarks>
public sealed record GateOptions
{
    public const string Section = "Gate";

    /// <summary>After this long unanswered (pushes went out at once), the flat's residents get an SMS with a one-tap link.</summary>
    public TimeSpan SmsAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>After this long unanswered, a waiting card tells the guard to call the flat.</summary>
    public TimeSpan NoAnswerAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>After this long unanswered, a request expires and leaves the boards.</summary>
    public TimeSpan ExpireAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>After this long, an approved visitor who never came in, or a returned request nobody re-routed, is closed.</summary>
    public TimeSpan CloseUnusedAfter { get; set; } = TimeSpan.FromHours(12);

    /// <summary>After this long with no guard acknowledging an SOS, every guard and admin gets an SMS.</summary>
    public TimeSpan SosSmsAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Wrong pass codes one guard may enter per hour before the gate stops taking codes from them.</summary>
    public int MaxPassCodeFailuresPerHour { get; set; } = 10;

    public static GateOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var defaults = new GateOptions();
        return new GateOptions
        {
            SmsAfter = Positive(section, "SmsAfterSeconds") is { } sms ? TimeSpan.FromSeconds(sms) : defaults.SmsAfter,
            NoAnswerAfter = Positive(section, "NoAnswerSeconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : defaults.NoAnswerAfter,
            ExpireAfter = Positive(section, "ExpireMinutes") is { } minutes ? TimeSpan.FromMinutes(minutes) : defaults.ExpireAfter,
            CloseUnusedAfter = Positive(section, "CloseUnusedAfterHours") is { } hours ? TimeSpan.FromHours(hours) : defaults.CloseUnusedAfter,
            MaxPassCodeFailuresPerHour = Positive(section, "MaxPassCodeFailuresPerHour") ?? defaults.MaxPassCodeFailuresPerHour,
            SosSmsAfter = Positive(section, "SosSmsAfterSeconds") is { } sos ? TimeSpan.FromSeconds(sos) : defaults.SosSmsAfter,
        };
    }

    private static int? Positive(IConfigurationSection section, string key) =>
        section[key] is not { } text ? null
        : int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0 ? value
        : throw new InvalidOperationException($"{Section}:{key} must be a positive whole number; it is '{text}'.");
}
