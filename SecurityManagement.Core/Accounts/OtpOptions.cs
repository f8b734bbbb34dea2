using Microsoft.Extensions.Configuration;

namespace SecurityManagement.Core.Accounts;

/// <summary>One-time code rules (NIST SP 800-63B, OWASP ASVS 6.5–6.6), read from <c>Auth:Otp</c>.</summary>
/// <remarks>Settable: <see cref="Settings.SettingsService"/> applies stored settings to the one shared instance, effective at once.</remarks>
public sealed record OtpOptions
{
    public const string Section = "Auth:Otp";

    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Wrong tries a code survives; the last one kills it.</summary>
    public int MaxAttemptsPerCode { get; set; } = 5;

    /// <summary>Wrong tries per phone per hour, across codes: a new code does not reset them.</summary>
    public int MaxFailuresPerHour { get; set; } = 10;

    public int MaxSendsPerHour { get; set; } = 5;

    public TimeSpan ResendCooldown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Codes the whole society may send per hour to browsers not trusted for their number (a cap on SMS cost and abuse).</summary>
    public int SocietyMaxSendsPerHour { get; set; } = 100;

    /// <summary>The same cap per day of the society's calendar.</summary>
    public int SocietyMaxSendsPerDay { get; set; } = 1000;

    /// <summary>Codes one client (an address, as the host names it) may have sent per hour to numbers its browser is not trusted for, so that no one client uses up the society's cap.</summary>
    public int MaxSendsPerClientPerHour { get; set; } = 20;

    public static OtpOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var defaults = new OtpOptions();
        return new OtpOptions
        {
            CodeLifetime = Seconds(section, "CodeLifetimeSeconds") ?? defaults.CodeLifetime,
            MaxAttemptsPerCode = Number(section, "MaxAttemptsPerCode") ?? defaults.MaxAttemptsPerCode,
            MaxFailuresPerHour = Number(section, "MaxFailuresPerHour") ?? defaults.MaxFailuresPerHour,
            MaxSendsPerHour = Number(section, "MaxSendsPerHour") ?? defaults.MaxSendsPerHour,
            ResendCooldown = Seconds(section, "ResendCooldownSeconds") ?? defaults.ResendCooldown,
            SocietyMaxSendsPerHour = Number(section, "SocietyMaxSendsPerHour") ?? defaults.SocietyMaxSendsPerHour,
            SocietyMaxSendsPerDay = Number(section, "SocietyMaxSendsPerDay") ?? defaults.SocietyMaxSendsPerDay,
            MaxSendsPerClientPerHour = Number(section, "MaxSendsPerClientPerHour") ?? defaults.MaxSendsPerClientPerHour,
        };
    }

    private static int? Number(IConfigurationSection section, string key)
    {
        var text = section[key];
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new InvalidOperationException($"{Section}:{key} must be a positive whole number; it is '{text}'.");
    }

    private static TimeSpan? Seconds(IConfigurationSection section, string key) =>
        Number(section, key) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
}
