using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Settings;

/// <summary>What super admins can change while the app runs; stored, audited, effective at once.</summary>
public sealed record SocietySettings
{
    public const int DefaultRetentionDays = 180;

    public required string Name { get; init; }

    public required int NoAnswerSeconds { get; init; }

    public required int ExpireMinutes { get; init; }

    public required int OtpMaxAttemptsPerCode { get; init; }

    public required int OtpMaxFailuresPerHour { get; init; }

    public required int OtpMaxSendsPerHour { get; init; }

    public required int OtpResendCooldownSeconds { get; init; }

    /// <summary>Visitors' personal data older than this many days is removed; the counts stay.</summary>
    public required int RetentionDays { get; init; }

    /// <summary>Approved visitors who never came in, and returned requests nobody re-routed, are closed after this many hours.</summary>
    public int CloseUnusedAfterHours { get; init; } = 12;

    /// <summary>Sign-in codes the society sends per hour to browsers not trusted for their number.</summary>
    public int OtpSocietyMaxSendsPerHour { get; init; } = 100;

    /// <summary>The same, per day.</summary>
    public int OtpSocietyMaxSendsPerDay { get; init; } = 1000;

    /// <summary>Seconds without an answer before the flat's residents get an SMS (pushes go out at once); 0 in settings stored before it existed.</summary>
    public int SmsAfterSeconds { get; init; }

    /// <summary>The gates admins named (retired ones too); empty while the society has one unnamed gate.</summary>
    public IReadOnlyList<SocietyGate> Gates { get; init; } = [];

    /// <summary>0 until first stored; each save stores <c>Version + 1</c>.</summary>
    public long Version { get; init; }

    /// <summary>The settings as configuration gives them, before anyone changed them in the app.</summary>
    public static SocietySettings Defaults(SocietyOptions society, GateOptions gate, OtpOptions otp) => new()
    {
        Name = society.Name,
        NoAnswerSeconds = (int)gate.NoAnswerAfter.TotalSeconds,
        SmsAfterSeconds = (int)gate.SmsAfter.TotalSeconds,
        ExpireMinutes = (int)gate.ExpireAfter.TotalMinutes,
        OtpMaxAttemptsPerCode = otp.MaxAttemptsPerCode,
        OtpMaxFailuresPerHour = otp.MaxFailuresPerHour,
        OtpMaxSendsPerHour = otp.MaxSendsPerHour,
        OtpResendCooldownSeconds = (int)otp.ResendCooldown.TotalSeconds,
        RetentionDays = DefaultRetentionDays,
        CloseUnusedAfterHours = (int)gate.CloseUnusedAfter.TotalHours,
        OtpSocietyMaxSendsPerHour = otp.SocietyMaxSendsPerHour,
        OtpSocietyMaxSendsPerDay = otp.SocietyMaxSendsPerDay,
    };

    /// <summary>The settings with the name tidied, or every field out of range with its message.</summary>
    public SocietySettings Checked()
    {
        var errors = new InputErrors();
        var name = errors.Check(() => Text.Required(Name, nameof(Name), User.MaxNameLength));
        void Range(string field, int value, int min, int max)
        {
            if (value < min || value > max)
            {
                errors.Add(field, Codes.OutOfRange, new Word(field), min, max);
            }
        }

        Range(nameof(NoAnswerSeconds), NoAnswerSeconds, 10, 3600);
        Range(nameof(ExpireMinutes), ExpireMinutes, 1, 240);
        Range(nameof(SmsAfterSeconds), SmsAfterSeconds, 5, 600);
        if (SmsAfterSeconds >= NoAnswerSeconds && NoAnswerSeconds is >= 10 and <= 3600)
        {
            errors.Add(nameof(SmsAfterSeconds), Codes.SettingsSmsAfterPrompt, NoAnswerSeconds);
        }

        if (ExpireMinutes * 60 <= NoAnswerSeconds)
        {
            errors.Add(nameof(ExpireMinutes), Codes.SettingsExpireBeforePrompt);
        }

        Range(nameof(OtpMaxAttemptsPerCode), OtpMaxAttemptsPerCode, 1, 10);
        Range(nameof(OtpMaxFailuresPerHour), OtpMaxFailuresPerHour, 1, 100);
        Range(nameof(OtpMaxSendsPerHour), OtpMaxSendsPerHour, 1, 50);
        Range(nameof(OtpResendCooldownSeconds), OtpResendCooldownSeconds, 0, 600);
        Range(nameof(RetentionDays), RetentionDays, 1, 3650);
        Range(nameof(CloseUnusedAfterHours), CloseUnusedAfterHours, 1, 72);
        Range(nameof(OtpSocietyMaxSendsPerHour), OtpSocietyMaxSendsPerHour, 1, 10_000);
        Range(nameof(OtpSocietyMaxSendsPerDay), OtpSocietyMaxSendsPerDay, 1, 100_000);
        if (OtpSocietyMaxSendsPerDay < OtpSocietyMaxSendsPerHour)
        {
            errors.Add(nameof(OtpSocietyMaxSendsPerDay), Codes.SettingsDayBelowHour);
        }
        errors.ThrowIfAny();
        return this with { Name = name! };
    }
}
