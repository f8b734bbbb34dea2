using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;

namespace SecurityManagement.Core.Reach;

/// <summary>Port: the devices that ring, each flat's channels, and what was tried per request.</summary>
public interface IReachStore
{
    /// <summary>Adds the device, or takes over its endpoint (a browser has one subscription, whoever signs in on it).</summary>
    Task SaveDeviceAsync(PushDevice device, CancellationToken ct = default);

    Task<PushDevice?> GetDeviceAsync(string endpoint, CancellationToken ct = default);

    /// <summary>The devices of these users, oldest first.</summary>
    Task<IReadOnlyList<PushDevice>> ListDevicesAsync(IReadOnlyCollection<Guid> userIds, CancellationToken ct = default);

    /// <summary>Removes the device if it is the user's; true when one was removed.</summary>
    Task<bool> RemoveDeviceAsync(string endpoint, Guid userId, CancellationToken ct = default);

    /// <summary>Removes the device whatever its user (the push service says it is gone).</summary>
    Task RemoveGoneDeviceAsync(string endpoint, CancellationToken ct = default);

    Task<int> RemoveDevicesOfSessionAsync(Guid sessionId, CancellationToken ct = default);

    Task<int> RemoveDevicesOfUserAsync(Guid userId, CancellationToken ct = default);

    /// <summary>The flat's choice, or the default when it never chose.</summary>
    Task<Household> GetHouseholdAsync(FlatCode flat, CancellationToken ct = default);

    /// <summary>Stores the flat's choice with its audit entry, both or neither.</summary>
    Task SaveHouseholdAsync(Household household, AuditEntry audit, CancellationToken ct = default);

    /// <summary>Records a step; a resident's <see cref="ReachKind.Seen"/> is kept once per visit and round (false when already there).</summary>
    Task<bool> AddStepAsync(ReachStep step, CancellationToken ct = default);

    /// <summary>Removes the steps taken before <paramref name="cutoff"/> (they matter only while a request waits); returns how many.</summary>
    Task<int> RemoveStepsBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default);

    /// <summary>The steps of these visits, oldest first.</summary>
    Task<IReadOnlyList<ReachStep>> ListStepsAsync(IReadOnlyCollection<Guid> visitIds, CancellationToken ct = default);
}
