using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace SecurityManagement.Core.Accounts;

public enum OtpSendOutcome
{
    Sent,

    /// <summary>Within the resend cooldown of the last code.</summary>
    TooSoon,

    /// <summary>The phone has had its codes for this hour.</summary>
    HourlyLimit,

    /// <summary>Too many wrong codes this hour.</summary>
    Locked,

    /// <summary>The text message could not be sent (the SMS provider failed); the send still counts.</summary>
    SendFailed,

    /// <summary>The society has sent all the codes its settings allow this hour or today.</summary>
    SocietyLimit,

    /// <summary>This client has had all the codes one client may have this hour.</summary>
    ClientLimit,
}

public enum OtpCheckOutcome
{
    Verified,
    Wrong,
    Expired,
    NoCode,

    /// <summary>The code took its last wrong try and is dead.</summary>
    TooManyTries,
    Locked,
}

/// <param name="RetryAt">When a refused send may be tried again.</param>
public sealed record OtpSendResult(OtpSendOutcome Outcome, DateTimeOffset? RetryAt = null);

public sealed record OtpCheckResult(OtpCheckOutcome Outcome, int TriesLeft = 0, DateTimeOffset? RetryAt = null);

/// <summary>
/// Sends and checks one-time sign-in codes: 6 random digits, valid for a few minutes, bound to the
/// phone, stored only as a keyed hash, compared in constant time, usable once, with limits on
/// tries and sends kept in the store (NIST SP 800-63B 5.2.2).
/// </summary>
/// <remarks>
/// Limits are kept per lane (<see cref="OtpState.Lane"/>): a browser that signed in as the phone
/// before (it shows the device id it was given) has a budget of its own, so a stranger who spends the
/// number's public budget with wrong codes or sends locks out only other strangers (OWASP's "device
/// cookie" defence against lockout). A society-wide cap on codes per hour and per day bounds what
/// strangers can make the society text; trusted devices count towards it but are never refused by it.
/// </remarks>
public sealed partial class OtpService(
    IOtpStore store, ISmsSender sms, ISmsWording wording, OtpKey key, OtpOptions options, SocietyOptions society, TimeProvider clock, ILogger<OtpService> logger)
{
    public const int CodeLength = 6;

    /// <summary>Devices remembered per phone; the oldest is forgotten first.</summary>
    public const int MaxTrustedDevices = 10;

    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    // Concurrent requests for one phone retry the compare-and-set; past this something is wrong.
    private const int MaxRaces = 20;

    private const string ClientWindow = "client:";
    private const string DayWindow = "day:";

    private string? _warnedWindow;

    /// <summary>
    /// Sends a new code to the phone unless a limit says wait; a new code replaces the lane's old one.
    /// <paramref name="client"/> names who asks (the host's view of the address), for the per-client quota;
    /// the text is in <paramref name="language"/> (null: the host's default).
    /// </summary>
    public async Task<OtpSendResult> SendAsync(PhoneNumber phone, string? device, string? client, string? language = null, CancellationToken ct = default)
    {
        var lane = await LaneAsync(phone, device, ct);
        for (var race = 0; race < MaxRaces; race++)
        {
            var now = Moment.Now(clock);
            var stored = await store.GetAsync(phone, lane, ct);
            var state = (stored ?? new OtpState { Phone = phone, Lane = lane }).Since(now - Window);
            if (state.Sends.Count > 0 && state.Sends[^1] + options.ResendCooldown > now)
            {
                return new OtpSendResult(OtpSendOutcome.TooSoon, state.Sends[^1] + options.ResendCooldown);
            }

            if (state.Failures.Count >= options.MaxFailuresPerHour)
            {
                return new OtpSendResult(OtpSendOutcome.Locked, state.Failures[0] + Window);
            }

            if (state.Sends.Count >= options.MaxSendsPerHour)
            {
                return new OtpSendResult(OtpSendOutcome.HourlyLimit, state.Sends[0] + Window);
            }

            var windows = Windows(lane, client, now);
            if (await store.TryCountSendAsync(windows, now, ct) is { } full)
            {
                return Refused(full);
            }

            var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
            var next = state with
            {
                CodeHash = Convert.ToBase64String(key.Hash(phone, code)),
                ExpiresAt = now + options.CodeLifetime,
                Attempts = 0,
                Sends = [.. state.Sends, now],
                Version = state.Version + 1,
            };
            if (!await store.TrySaveAsync(next, state.Version, ct))
            {
                // Another request for this lane won: this one sends nothing, so it counts for nothing.
                await store.UncountSendAsync(windows, ct);
                continue;
            }

            try
            {
                var text = new Problem(Codes.SmsSignInCode, code, society.Name, (int)options.CodeLifetime.TotalMinutes);
                await sms.SendAsync(phone, wording.Text(text, language), ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The exception may quote the message, and so the code: log only what failed.
                LogSendFailed(phone.Value[^4..], ex.GetType().Name);
                return new OtpSendResult(OtpSendOutcome.SendFailed, now + options.ResendCooldown);
            }

            return new OtpSendResult(OtpSendOutcome.Sent, now + options.ResendCooldown);
        }

        throw new ConflictException(Codes.OtpBusy);
    }

    /// <summary>Checks a code; a right one is used up, a wrong one counts against the code and the lane.</summary>
    public async Task<OtpCheckResult> CheckAsync(PhoneNumber phone, string? code, string? device, CancellationToken ct = default)
    {
        code = code?.Trim() ?? "";
        if (code.Length != CodeLength || !code.All(char.IsAsciiDigit))
        {
            throw new InvalidInputException("code", Codes.OtpCodeFormat, CodeLength);
        }

        var lane = await LaneAsync(phone, device, ct);
        for (var race = 0; race < MaxRaces; race++)
        {
            var now = Moment.Now(clock);
            var stored = await store.GetAsync(phone, lane, ct);
            if (stored?.CodeHash is null || stored.ExpiresAt is null)
            {
                return new OtpCheckResult(OtpCheckOutcome.NoCode);
            }

            var state = stored.Since(now - Window);
            if (state.Failures.Count >= options.MaxFailuresPerHour)
            {
                return new OtpCheckResult(OtpCheckOutcome.Locked, RetryAt: state.Failures[0] + Window);
            }

            if (state.Attempts >= options.MaxAttemptsPerCode)
            {
                return new OtpCheckResult(OtpCheckOutcome.TooManyTries);
            }

            if (now >= state.ExpiresAt)
            {
                return new OtpCheckResult(OtpCheckOutcome.Expired);
            }

            var right = CryptographicOperations.FixedTimeEquals(key.Hash(phone, code), Convert.FromBase64String(state.CodeHash!));
            var next = right
                ? state with { CodeHash = null, ExpiresAt = null, Attempts = 0, Failures = [], Version = state.Version + 1 }
                : state with { Attempts = state.Attempts + 1, Failures = [.. state.Failures, now], Version = state.Version + 1 };
            if (!await store.TrySaveAsync(next, state.Version, ct))
            {
                continue;
            }

            if (right)
            {
                return new OtpCheckResult(OtpCheckOutcome.Verified);
            }

            var triesLeft = Math.Max(0, Math.Min(options.MaxAttemptsPerCode - next.Attempts, options.MaxFailuresPerHour - next.Failures.Count));
            return triesLeft == 0
                ? new OtpCheckResult(OtpCheckOutcome.TooManyTries)
                : new OtpCheckResult(OtpCheckOutcome.Wrong, triesLeft);
        }

        throw new ConflictException(Codes.OtpBusy);
    }

    /// <summary>
    /// After a sign-in: the device the browser keeps for this phone from now on (the one it showed, if
    /// already trusted, else a new one), so its next code has its own budget.
    /// </summary>
    public async Task<string> TrustDeviceAsync(PhoneNumber phone, string? device, CancellationToken ct = default)
    {
        for (var race = 0; race < MaxRaces; race++)
        {
            var stored = await store.GetAsync(phone, OtpState.PublicLane, ct);
            if (device is not null && stored?.TrustedDevices.Contains(device) == true)
            {
                return device;
            }

            var state = stored ?? new OtpState { Phone = phone };
            var trusted = Guid.NewGuid().ToString("N");
            var next = state with
            {
                TrustedDevices = [.. state.TrustedDevices.TakeLast(MaxTrustedDevices - 1), trusted],
                Version = state.Version + 1,
            };
            if (await store.TrySaveAsync(next, state.Version, ct))
            {
                return trusted;
            }
        }

        throw new ConflictException(Codes.OtpBusy);
    }

    /// <summary>The device's own lane when the phone trusts it, else the public one.</summary>
    private async Task<string> LaneAsync(PhoneNumber phone, string? device, CancellationToken ct) =>
        !string.IsNullOrEmpty(device) && (await store.GetAsync(phone, OtpState.PublicLane, ct))?.TrustedDevices.Contains(device) == true
            ? device
            : OtpState.PublicLane;

    /// <summary>
    /// The windows a send counts in: the society's hour and day (and this client's hour), limited for
    /// the public lane; a trusted device's sends count towards the society's totals but are never refused.
    /// </summary>
    private List<SendWindow> Windows(string lane, string? client, DateTimeOffset now)
    {
        var enforce = lane == OtpState.PublicLane;
        var hourEnds = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
        var dayEnds = society.StartOfDay(now).AddDays(1);
        List<SendWindow> windows =
        [
            new($"hour:{hourEnds.ToUnixTimeSeconds()}", enforce ? options.SocietyMaxSendsPerHour : null, hourEnds),
            new($"{DayWindow}{dayEnds.ToUnixTimeSeconds()}", enforce ? options.SocietyMaxSendsPerDay : null, dayEnds),
        ];
        if (enforce && client is not null)
        {
            windows.Add(new($"{ClientWindow}{client}:{hourEnds.ToUnixTimeSeconds()}", options.MaxSendsPerClientPerHour, hourEnds));
        }

        return windows;
    }

    /// <summary>Why a send was refused by a full window; the society's are logged once per window.</summary>
    private OtpSendResult Refused(SendWindow full)
    {
        if (full.Key.StartsWith(ClientWindow, StringComparison.Ordinal))
        {
            return new OtpSendResult(OtpSendOutcome.ClientLimit, full.EndsAt);
        }

        if (Interlocked.Exchange(ref _warnedWindow, full.Key) != full.Key)
        {
            LogSocietyLimit(full.Limit ?? 0, full.Key.StartsWith(DayWindow, StringComparison.Ordinal) ? "day" : "hour", full.EndsAt);
        }

        return new OtpSendResult(OtpSendOutcome.SocietyLimit, full.EndsAt);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending a sign-in code to the number ending {LastDigits} failed ({Error})")]
    private partial void LogSendFailed(string lastDigits, string error);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The society-wide cap of {Limit} sign-in codes per {Window} is reached; codes to browsers not trusted for their number wait until {Until:u}")]
    private partial void LogSocietyLimit(int limit, string window, DateTimeOffset until);
}
