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
/// tries and sends kept in the store.
/// </summary>
public sealed partial class OtpService(
    IOtpStore store, ISmsSender sms, OtpKey key, OtpOptions options, SocietyOptions society, TimeProvider clock, ILogger<OtpService> logger)
{
    public const int CodeLength = 6;

    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    // Concurrent requests for one phone retry the compare-and-set; past this something is wrong.
    private const int MaxRaces = 20;

    /// <summary>Sends a new code to the phone unless a limit says wait; a new code replaces the old one.</summary>
    public async Task<OtpSendResult> SendAsync(PhoneNumber phone, CancellationToken ct = default)
    {
        for (var race = 0; race < MaxRaces; race++)
        {
            var now = Moment.Now(clock);
            var stored = await store.GetAsync(phone, ct);
            var state = (stored ?? new OtpState { Phone = phone }).Since(now - Window);
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
                continue;
            }

            try
            {
                await sms.SendAsync(phone,
                    $"{code} is your sign-in code for {society.Name}. It expires in {options.CodeLifetime.TotalMinutes:0} minutes. Never share it.",
                    ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The exception may quote the message, and so the code: log only what failed.
                LogSendFailed(phone.Value[^4..], ex.GetType().Name);
                return new OtpSendResult(OtpSendOutcome.SendFailed, now + options.ResendCooldown);
            }

            return new OtpSendResult(OtpSendOutcome.Sent, now + options.ResendCooldown);
        }

        throw new ConflictException("Too many requests for this number at once. Try again.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending a sign-in code to the number ending {LastDigits} failed ({Error})")]
    private partial void LogSendFailed(string lastDigits, string error);

    /// <summary>Checks a code; a right one is used up, a wrong one counts against the code and the phone.</summary>
    public async Task<OtpCheckResult> CheckAsync(PhoneNumber phone, string? code, CancellationToken ct = default)
    {
        code = code?.Trim() ?? "";
        if (code.Length != CodeLength || !code.All(char.IsAsciiDigit))
        {
            throw new InvalidInputException("code", $"Enter the {CodeLength}-digit code from the text message.");
        }

        for (var race = 0; race < MaxRaces; race++)
        {
            var now = Moment.Now(clock);
            var stored = await store.GetAsync(phone, ct);
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

        throw new ConflictException("Too many requests for this number at once. Try again.");
    }
}
