using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Settings;

/// <summary>
/// The society's settings: read from the store at start (configuration gives the first values), changed
/// by super admins, audited, and applied at once to the shared options every service reads.
/// </summary>
public sealed class SettingsService(
    ISettingsStore store, ActingUsers acting, SocietyOptions society, GateOptions gate, OtpOptions otp, TimeProvider clock)
{
    private SocietySettings? _current;

    public SocietySettings Current => _current ?? SocietySettings.Defaults(society, gate, otp);

    /// <summary>Start-up: the stored settings, if any, replace the configured ones.</summary>
    public async Task LoadAsync(CancellationToken ct = default)
    {
        if (await store.GetAsync(ct) is { } stored)
        {
            // Settings stored before the SMS rung existed take it from configuration, before the call prompt.
            Apply(stored.SmsAfterSeconds > 0 ? stored : stored with
            {
                SmsAfterSeconds = Math.Min((int)gate.SmsAfter.TotalSeconds, stored.NoAnswerSeconds - 1),
            });
        }
    }

    /// <summary>Super admins only. Changes nothing if another change was saved since <paramref name="changed"/>'s version.</summary>
    public async Task<SocietySettings> UpdateAsync(Actor actor, SocietySettings changed, CancellationToken ct = default)
    {
        var admin = await acting.RequireRoleAsync(actor, [Role.SuperAdmin], Codes.SuperAdminOnlySettings, ct);
        var before = Current;
        var next = changed.Checked() with { Version = before.Version + 1 };
        var entry = AuditEntry.Create(admin.Id, "settings.changed", "settings", Differences(before, next), Moment.Now(clock));
        if (changed.Version != before.Version || !await store.TrySaveAsync(next, before.Version, entry, ct))
        {
            await LoadAsync(ct);
            throw new ConflictException(Codes.SettingsChangedMeanwhile);
        }

        Apply(next);
        return next;
    }

    private void Apply(SocietySettings settings)
    {
        society.Name = settings.Name;
        gate.NoAnswerAfter = TimeSpan.FromSeconds(settings.NoAnswerSeconds);
        gate.ExpireAfter = TimeSpan.FromMinutes(settings.ExpireMinutes);
        gate.SmsAfter = TimeSpan.FromSeconds(settings.SmsAfterSeconds);
        otp.MaxAttemptsPerCode = settings.OtpMaxAttemptsPerCode;
        otp.MaxFailuresPerHour = settings.OtpMaxFailuresPerHour;
        otp.MaxSendsPerHour = settings.OtpMaxSendsPerHour;
        otp.ResendCooldown = TimeSpan.FromSeconds(settings.OtpResendCooldownSeconds);
        otp.SocietyMaxSendsPerHour = settings.OtpSocietyMaxSendsPerHour;
        otp.SocietyMaxSendsPerDay = settings.OtpSocietyMaxSendsPerDay;
        gate.CloseUnusedAfter = TimeSpan.FromHours(settings.CloseUnusedAfterHours);
        _current = settings;
    }

    private static string Differences(SocietySettings before, SocietySettings after)
    {
        var changes = new (string Name, object Before, object After)[]
        {
            (nameof(SocietySettings.Name), before.Name, after.Name),
            (nameof(SocietySettings.NoAnswerSeconds), before.NoAnswerSeconds, after.NoAnswerSeconds),
            (nameof(SocietySettings.ExpireMinutes), before.ExpireMinutes, after.ExpireMinutes),
            (nameof(SocietySettings.SmsAfterSeconds), before.SmsAfterSeconds, after.SmsAfterSeconds),
            (nameof(SocietySettings.OtpMaxAttemptsPerCode), before.OtpMaxAttemptsPerCode, after.OtpMaxAttemptsPerCode),
            (nameof(SocietySettings.OtpMaxFailuresPerHour), before.OtpMaxFailuresPerHour, after.OtpMaxFailuresPerHour),
            (nameof(SocietySettings.OtpMaxSendsPerHour), before.OtpMaxSendsPerHour, after.OtpMaxSendsPerHour),
            (nameof(SocietySettings.OtpResendCooldownSeconds), before.OtpResendCooldownSeconds, after.OtpResendCooldownSeconds),
            (nameof(SocietySettings.RetentionDays), before.RetentionDays, after.RetentionDays),
            (nameof(SocietySettings.CloseUnusedAfterHours), before.CloseUnusedAfterHours, after.CloseUnusedAfterHours),
            (nameof(SocietySettings.OtpSocietyMaxSendsPerHour), before.OtpSocietyMaxSendsPerHour, after.OtpSocietyMaxSendsPerHour),
            (nameof(SocietySettings.OtpSocietyMaxSendsPerDay), before.OtpSocietyMaxSendsPerDay, after.OtpSocietyMaxSendsPerDay),
        }.Where(c => !Equals(c.Before, c.After)).Select(c => $"{c.Name}: {c.Before} → {c.After}").ToList();
        return changes.Count == 0 ? "no change" : string.Join("; ", changes);
    }
}
