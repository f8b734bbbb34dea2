using SecurityManagement.Core.Audit;

namespace SecurityManagement.Core.Settings;

/// <summary>Storage port for the society's settings: one record.</summary>
public interface ISettingsStore
{
    Task<SocietySettings?> GetAsync(CancellationToken ct = default);

    /// <summary>
    /// Compare-and-set: stores the settings (whose version must be <paramref name="expectedVersion"/> + 1)
    /// only if the stored version is still <paramref name="expectedVersion"/> (0: nothing stored yet),
    /// with the audit entry in the same atomic step.
    /// </summary>
    Task<bool> TrySaveAsync(SocietySettings settings, long expectedVersion, AuditEntry? audit, CancellationToken ct = default);
}
