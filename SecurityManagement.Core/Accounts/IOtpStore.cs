namespace SecurityManagement.Core.Accounts;

/// <summary>Storage port for one-time-code state, one record per phone.</summary>
public interface IOtpStore
{
    Task<OtpState?> GetAsync(PhoneNumber phone, CancellationToken ct = default);

    /// <summary>
    /// Compare-and-set: stores <paramref name="state"/> (whose version must be
    /// <paramref name="expectedVersion"/> + 1) only if the stored version is still
    /// <paramref name="expectedVersion"/> (0: nothing stored yet). False when another change won.
    /// </summary>
    Task<bool> TrySaveAsync(OtpState state, long expectedVersion, CancellationToken ct = default);
}
