namespace SecurityManagement.Core.Accounts;

/// <summary>One fixed window of the society-wide count of codes sent, e.g. this hour; <see cref="Limit"/> null counts without refusing.</summary>
public sealed record SendWindow(string Key, int? Limit, DateTimeOffset EndsAt);

/// <summary>Storage port for one-time-code state: one record per phone and lane (see <see cref="OtpState.Lane"/>), and the society-wide send counts.</summary>
public interface IOtpStore
{
    Task<OtpState?> GetAsync(PhoneNumber phone, string lane, CancellationToken ct = default);

    /// <summary>
    /// Compare-and-set: stores <paramref name="state"/> (whose version must be
    /// <paramref name="expectedVersion"/> + 1) only if the stored version of its phone and lane is still
    /// <paramref name="expectedVersion"/> (0: nothing stored yet). False when another change won.
    /// </summary>
    Task<bool> TrySaveAsync(OtpState state, long expectedVersion, CancellationToken ct = default);

    /// <summary>
    /// Counts one code sent in every window, atomically, unless a window with a limit is already at it:
    /// then counts nothing and returns that window (null when counted). Windows that ended by
    /// <paramref name="now"/> are forgotten.
    /// </summary>
    Task<SendWindow?> TryCountSendAsync(IReadOnlyList<SendWindow> windows, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Takes back one counted send from each window (a send that was counted but, having lost a race, not made).</summary>
    Task UncountSendAsync(IReadOnlyList<SendWindow> windows, CancellationToken ct = default);
}
