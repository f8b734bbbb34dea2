using Dapper;
using Microsoft.Data.Sqlite;
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

namespace SecurityManagement.Core.Storage.Sqlite;

/// <summary>The embedded store: one SQLite file in WAL mode, schema migrated at start.</summary>
public sealed class SqliteStorage : IStorage, IAsyncDisposable
{
    private readonly SqliteDatabase _db;
    private readonly string _path;

    static SqliteStorage() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    /// <summary>Takes a Microsoft.Data.Sqlite connection string (<c>Data Source=path</c>) and the chain audit entries are linked with.</summary>
    public SqliteStorage(string connectionString, AuditChain chain)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new StorageUnavailableException(
                $"Storage unavailable: {StorageSettings.SqliteKey} is not a valid SQLite connection string ({ex.Message}).", ex);
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            throw new StorageUnavailableException(
                $"Storage unavailable: {StorageSettings.SqliteKey} must name a database file (Data Source=path).");
        }

        builder.Mode = SqliteOpenMode.ReadWriteCreate;
        builder.Pooling = true;
        _path = Path.GetFullPath(builder.DataSource);
        _db = new SqliteDatabase(builder.ToString(), chain);
        Users = new SqliteUserStore(_db);
        Flats = new SqliteFlatStore(_db);
        Visits = new SqliteVisitStore(_db);
        Passes = new SqlitePassStore(_db);
        Audit = new SqliteAuditStore(_db);
        Otp = new SqliteOtpStore(_db);
        Settings = new SqliteSettingsStore(_db);
        Sessions = new SqliteSessionStore(_db);
        Reach = new SqliteReachStore(_db);
        Leases = new SqliteLeaseStore(_db);
        KeyRing = new SqliteKeyRingStore(_db);
        Sos = new SqliteSosStore(_db);
        Overstays = new SqliteOverstayStore(_db);
        Blocklist = new SqliteBlocklistStore(_db);
        Notices = new SqliteNoticeStore(_db);
        Expected = new SqliteExpectedStore(_db);
        Parcels = new SqliteParcelStore(_db);
        Helpers = new SqliteHelperStore(_db);
    }

    public string Name => $"SQLite ({_path})";

    public IUserStore Users { get; }

    public IFlatStore Flats { get; }

    public IVisitStore Visits { get; }

    public IPassStore Passes { get; }

    public IAuditStore Audit { get; }

    public IOtpStore Otp { get; }

    public ISettingsStore Settings { get; }

    public ISessionStore Sessions { get; }

    public IReachStore Reach { get; }

    public ILeaseStore Leases { get; }

    public IKeyRingStore KeyRing { get; }

    public ISosStore Sos { get; }

    public IOverstayStore Overstays { get; }

    public IBlocklistStore Blocklist { get; }

    public INoticeStore Notices { get; }

    public IExpectedStore Expected { get; }

    public IParcelStore Parcels { get; }

    public IHelperStore Helpers { get; }

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            await using var connection = await _db.OpenAsync(ct);

            // WAL lets the gate's readers carry on while one writer commits; the mode is kept in the file.
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: ct));
            await SqliteSchema.MigrateAsync(connection, ct);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException(
                $"Storage unavailable: cannot open the SQLite database '{_path}' set by {StorageSettings.SqliteKey}: {ex.Message}", ex);
        }
    }

    /// <summary>Nothing to complete: every audited change commits with its entries in one transaction.</summary>
    public Task<int> CompletePendingAuditAsync(DateTimeOffset parkedBefore, CancellationToken ct = default) => Task.FromResult(0);

    public async Task<bool> PingAsync(CancellationToken ct = default)
    {
        try
        {
            await using var connection = await _db.OpenAsync(ct);
            return await SqliteSchema.CurrentVersionAsync(connection, ct) == SqliteSchema.LatestVersion;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync();

        // Pooled connections keep the file open; release them so the file can be moved or deleted.
        using var connection = new SqliteConnection(_db.ConnectionString);
        SqliteConnection.ClearPool(connection);
    }
}
