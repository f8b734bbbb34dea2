using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Cluster;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Help;
using SecurityManagement.Core.Parcels;
using SecurityManagement.Core.Passes;
using SecurityManagement.Core.Reach;
using SecurityManagement.Core.Expected;
using SecurityManagement.Core.Notices;
using SecurityManagement.Core.Safety;
using SecurityManagement.Core.Settings;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Storage;

/// <summary>One storage engine (SQLite or MongoDB) with all its stores.</summary>
public interface IStorage
{
    /// <summary>Human-readable engine name for logs and health output.</summary>
    string Name { get; }

    IUserStore Users { get; }

    IFlatStore Flats { get; }

    IVisitStore Visits { get; }

    IPassStore Passes { get; }

    IAuditStore Audit { get; }

    IOtpStore Otp { get; }

    ISettingsStore Settings { get; }

    ISessionStore Sessions { get; }

    IReachStore Reach { get; }

    ILeaseStore Leases { get; }

    IKeyRingStore KeyRing { get; }

    ISosStore Sos { get; }

    IOverstayStore Overstays { get; }

    IBlocklistStore Blocklist { get; }

    INoticeStore Notices { get; }

    IExpectedStore Expected { get; }

    IParcelStore Parcels { get; }

    IHelperStore Helpers { get; }

    /// <summary>
    /// Connects, then creates or migrates the schema and indexes. Throws
    /// <see cref="StorageUnavailableException"/> naming the setting at fault.
    /// </summary>
    Task InitializeAsync(CancellationToken ct = default);

    /// <summary>
    /// Appends the audit entries of changes that were stored but whose entries a crash kept from the
    /// trail (an engine without transactions parks them in the changed record first). Each is appended
    /// exactly once, however many instances run this at once. Only entries parked before
    /// <paramref name="parkedBefore"/> are taken, so a write still in progress is left to finish itself.
    /// Returns how many it appended.
    /// </summary>
    Task<int> CompletePendingAuditAsync(DateTimeOffset parkedBefore, CancellationToken ct = default);

    /// <summary>True when the engine answers a trivial query.</summary>
    Task<bool> PingAsync(CancellationToken ct = default);
}
