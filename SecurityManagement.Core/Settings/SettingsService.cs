using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Settings;

/// <summary>
/// The society's settings: read from the store at start (configuration gives the first values), changed
/// by super admins, audited, and applied at once to the shared options every service reads, on this server
/// and (through the live hub) on every other.
/// </summary>
public sealed class SettingsService(
    ISettingsStore store, ActingUsers acting, SocietyOptions society, GateOptions gate, OtpOptions otp, ILiveEvents live, TimeProvider clock)
    : IDisposable
{
    // One load at a time, so an older read never lands after a newer one.
    private readonly SemaphoreSlim _loading = new(1, 1);
    private SocietySettings? _current;

    public SocietySettings Current => _current ?? SocietySettings.Defaults(society, gate, otp);

    /// <summary>At start, and whenever another server may have saved a change: the stored settings, if any and if newer, replace these.</summary>
    public async Task LoadAsync(CancellationToken ct = default)
    {
        await _loading.WaitAsync(ct);
        try
        {
            if (await store.GetAsync(ct) is { } stored && stored.Version > (_current?.Version ?? 0))
            {
                // Settings stored before the SMS rung existed take it from configuration, before the call prompt.
                Apply(stored.SmsAfterSeconds > 0 ? stored : stored with
                {
                    SmsAfterSeconds = Math.Min((int)gate.SmsAfter.TotalSeconds, stored.NoAnswerSeconds - 1),
                });
            }
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Super admins only. Changes nothing if another change was saved since <paramref name="changed"/>'s version.</summary>
    public async Task<SocietySettings> UpdateAsync(Actor actor, SocietySettings changed, CancellationToken ct = default)
    {
        var admin = await acting.RequireRoleAsync(actor, [Role.SuperAdmin], Codes.SuperAdminOnlySettings, ct);
        var before = Current;
        if (changed.Version != before.Version)
        {
            await LoadAsync(ct);
            throw new ConflictException(Codes.SettingsChangedMeanwhile);
        }

        // The gates are the admins' to change, on their own screen.
        var next = changed.Checked() with { Gates = before.Gates };
        return await SaveAsync(before, next, AuditEntry.Create(admin.Id, "settings.changed", "settings", Differences(before, next), Moment.Now(clock)), ct);
    }

    /// <summary>Admins name a new gate (unique among those in use, at most <see cref="SocietyGate.MaxInUse"/>).</summary>
    public async Task<SocietyGate> AddGateAsync(Actor actor, string? name, CancellationToken ct = default)
    {
        var admin = await RequireGateAdminAsync(actor, ct);
        var before = Current;
        var text = GateName(before, name, null);
        if (before.Gates.Count(g => !g.Retired) >= SocietyGate.MaxInUse)
        {
            throw new InvalidInputException("gateName", Codes.GateTooMany, SocietyGate.MaxInUse);
        }

        var added = new SocietyGate(Guid.CreateVersion7(), text);
        await SaveAsync(before, before with { Gates = [.. before.Gates, added] }, GateEntry(admin, "gate.added", added, text), ct);
        return added;
    }

    /// <summary>Admins rename a gate; the visits through it show the new name.</summary>
    public async Task<SocietyGate> RenameGateAsync(Actor actor, Guid id, string? name, CancellationToken ct = default)
    {
        var admin = await RequireGateAdminAsync(actor, ct);
        var before = Current;
        var gate = FindGate(before, id);
        var renamed = gate with { Name = GateName(before, name, id) };
        await SaveAsync(before, Replace(before, renamed), GateEntry(admin, "gate.renamed", gate, $"{gate.Name} → {renamed.Name}"), ct);
        return renamed;
    }

    /// <summary>
    /// Admins take a gate out of use: tablets set to it move to the first gate in use and say so, its waiting and approved
    /// visitors show at the gates in use, and its visits keep its name.
    /// </summary>
    public async Task RetireGateAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        var admin = await RequireGateAdminAsync(actor, ct);
        var before = Current;
        var gate = FindGate(before, id);
        await SaveAsync(before, Replace(before, gate with { Retired = true }), GateEntry(admin, "gate.retired", gate, gate.Name), ct);
    }

    private Task<User> RequireGateAdminAsync(Actor actor, CancellationToken ct) =>
        acting.RequireRoleAsync(actor, [Role.Admin, Role.SuperAdmin], Codes.AdminsOnlyGates, ct);

    private static SocietyGate FindGate(SocietySettings settings, Guid id) =>
        settings.Gates.FirstOrDefault(g => g.Id == id && !g.Retired) ?? throw new NotFoundException(Codes.GateNotFound);

    private static SocietySettings Replace(SocietySettings settings, SocietyGate gate) =>
        settings with { Gates = [.. settings.Gates.Select(g => g.Id == gate.Id ? gate : g)] };

    private static string GateName(SocietySettings settings, string? name, Guid? self)
    {
        var text = Text.Required(name, "gateName", SocietyGate.MaxNameLength);
        return settings.Gates.Any(g => !g.Retired && g.Id != self && string.Equals(g.Name, text, StringComparison.OrdinalIgnoreCase))
            ? throw new InvalidInputException("gateName", Codes.GateNameTaken, text)
            : text;
    }

    private AuditEntry GateEntry(User admin, string action, SocietyGate gate, string details) =>
        AuditEntry.Create(admin.Id, action, $"gate:{gate.Id}", details, Moment.Now(clock));

    /// <summary>Stores <paramref name="next"/> as the version after <paramref name="before"/>, or refuses if another save came first.</summary>
    private async Task<SocietySettings> SaveAsync(SocietySettings before, SocietySettings next, AuditEntry entry, CancellationToken ct)
    {
        next = next with { Version = before.Version + 1 };
        if (!await store.TrySaveAsync(next, before.Version, entry, ct))
        {
            await LoadAsync(ct);
            throw new ConflictException(Codes.SettingsChangedMeanwhile);
        }

        Apply(next);
        await live.PublishAsync(Topics.Society, new SettingsChanged(next.Version));
        return next;
    }

    /// <summary>Applies the changes other servers save, as they announce them (or when announcements may have been missed), until disposed.</summary>
    public IDisposable FollowChanges() => live.Subscribe(Topics.Society, e => e switch
    {
        SettingsChanged changed when changed.Version != Current.Version => LoadAsync(),
        EventsMissed => LoadAsync(),
        _ => Task.CompletedTask,
    });

    public void Dispose() => _loading.Dispose();

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
        gate.Gates = settings.Gates;
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
