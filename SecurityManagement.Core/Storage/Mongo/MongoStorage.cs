using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
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

namespace SecurityManagement.Core.Storage.Mongo;

/// <summary>
/// The MongoDB store: one collection per aggregate, indexes created at start. Every read and write
/// goes to the primary with majority read and write concern, so a compare-and-set or an audit append
/// never acts on data an election could roll back.
/// </summary>
public sealed class MongoStorage : IStorage
{
    public const string DefaultDatabase = "security_management";

    // Start-up fails fast when no server answers, well inside the 10 s budget; later operations wait
    // the driver's usual 30 s, long enough for an election (up to ~12 s) to finish.
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(5);

    private static readonly string[] AuditedCollections = ["users", "flats", "visits", "passes", "sessions", "settings", "households", "sos_alerts", "visit_overstays", "blocklist", "notices", "expected_visitors", "parcels", "helpers"];

    private readonly MongoUrl _url;
    private readonly IMongoDatabase _database;
    private readonly MongoAudited _audited;
    private readonly MongoAuditStore _audit;
    private readonly bool? _transactions;
    private readonly string _where;

    /// <summary>
    /// Takes a MongoDB connection string (the database is the one it names, else <see cref="DefaultDatabase"/>)
    /// and the chain audit entries are linked with. <paramref name="transactions"/>: null uses them when
    /// the deployment has them; false always parks entries in the changed document instead.
    /// </summary>
    public MongoStorage(string connectionString, AuditChain chain, bool? transactions = null)
    {
        try
        {
            _url = MongoUrl.Create(connectionString);
        }
        catch (Exception ex) when (ex is MongoConfigurationException or ArgumentException or FormatException)
        {
            // The exception text may echo the string, credentials included: leave it out.
            throw new StorageUnavailableException(
                $"Storage unavailable: {StorageSettings.MongoKey} is not a valid MongoDB connection string (expected e.g. mongodb://localhost:27017/{DefaultDatabase}).");
        }

        MongoClassMaps.Register();
        var settings = MongoClientSettings.FromUrl(_url);
        settings.ReadPreference = ReadPreference.Primary;
        settings.ReadConcern = ReadConcern.Majority;
        settings.WriteConcern = WriteConcern.WMajority;
        var client = new MongoClient(settings);
        _database = client.GetDatabase(_url.DatabaseName ?? DefaultDatabase);
        _where = $"{string.Join(",", _url.Servers.Select(s => s.ToString()))}/{_database.DatabaseNamespace.DatabaseName}";
        _transactions = transactions;

        _audit = new MongoAuditStore(_database.GetCollection<AuditEntry>("audit"), chain);
        _audited = new MongoAudited(client, _audit);
        var users = _database.GetCollection<User>("users");
        var visits = _database.GetCollection<Visit>("visits");
        Users = new MongoUserStore(users, _audited);
        Flats = new MongoFlatStore(_database.GetCollection<Flat>("flats"), _audited);
        Visits = new MongoVisitStore(visits, _audited);
        Passes = new MongoPassStore(_database.GetCollection<GuestPass>("passes"), visits, _audited);
        Otp = new MongoOtpStore(_database.GetCollection<OtpState>("otp_states"), _database.GetCollection<BsonDocument>("send_counts"));
        Settings = new MongoSettingsStore(_database.GetCollection<BsonDocument>("settings"), _audited);
        Sessions = new MongoSessionStore(_database.GetCollection<Session>("sessions"), users, _audited);
        Reach = new MongoReachStore(
            _database.GetCollection<BsonDocument>("push_devices"), _database.GetCollection<BsonDocument>("households"),
            _database.GetCollection<BsonDocument>("reach_steps"), _audited);
        Leases = new MongoLeaseStore(_database.GetCollection<BsonDocument>("leases"));
        KeyRing = new MongoKeyRingStore(_database.GetCollection<BsonDocument>("key_ring"));
        Sos = new MongoSosStore(_database.GetCollection<BsonDocument>("sos_alerts"), _audited);
        Overstays = new MongoOverstayStore(_database.GetCollection<BsonDocument>("visit_overstays"), _audited);
        Blocklist = new MongoBlocklistStore(_database.GetCollection<BsonDocument>("blocklist"), _audited);
        Expected = new MongoExpectedStore(_database.GetCollection<BsonDocument>("expected_visitors"), visits, _audited);
        Helpers = new MongoHelperStore(_database.GetCollection<BsonDocument>("helpers"), _database.GetCollection<BsonDocument>("helper_visits"), _audited);
        Parcels = new MongoParcelStore(_database.GetCollection<BsonDocument>("parcels"), _database.GetCollection<BsonDocument>("expected_visitors"), _audited);
        Notices = new MongoNoticeStore(_database.GetCollection<BsonDocument>("notices"), _database.GetCollection<BsonDocument>("notice_reads"), _audited);
    }

    public string Name => $"MongoDB ({_where}, {(_audited.Transactions ? "transactions" : "audit outbox")})";

    public IUserStore Users { get; }

    public IFlatStore Flats { get; }

    public IVisitStore Visits { get; }

    public IPassStore Passes { get; }

    public IAuditStore Audit => _audit;

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
            var hello = await HelloAsync(ct);

            // Transactions need a replica set or a sharded cluster; a single server gets the outbox.
            _audited.Transactions = _transactions ?? (hello.Contains("setName") || hello.GetValue("msg", "").ToString() == "isdbgrid");
            await MongoIndexes.EnsureAsync(_database.GetCollection<User>("users"), MongoUserStore.Indexes, ct);
            await MongoIndexes.EnsureAsync(_database.GetCollection<Flat>("flats"), MongoFlatStore.Indexes, ct);
            await MongoIndexes.EnsureAsync(_database.GetCollection<Visit>("visits"), MongoVisitStore.Indexes, ct);
            await MongoIndexes.EnsureAsync(_database.GetCollection<GuestPass>("passes"), MongoPassStore.Indexes, ct);
            await MongoIndexes.EnsureAsync(_database.GetCollection<AuditEntry>("audit"), MongoAuditStore.Indexes, ct);
            await MongoIndexes.EnsureAsync(_database.GetCollection<Session>("sessions"), MongoSessionStore.Indexes, ct);
            await MongoIndexes.EnsureAsync(_database.GetCollection<BsonDocument>("send_counts"), MongoOtpStore.CountIndexes, ct);
            await MongoIndexes.EnsureAsync(_database.GetCollection<BsonDocument>("settings"), [MongoAudited.PendingIndex<BsonDocument>()], ct);
            await MongoIndexes.EnsureAsync(_database.GetCollection<BsonDocument>("push_devices"), MongoReachStore.DeviceIndexes, ct);
            await MongoIndexes.EnsureAsync(_database.GetCollection<BsonDocument>("households"), MongoReachStore.HouseholdIndexes, ct);
            await MongoIndexes.EnsureAsync(_database.GetCollection<BsonDocument>("reach_steps"), MongoReachStore.StepIndexes, ct);
            await MongoIndexes.EnsureAsync(_database.GetCollection<BsonDocument>("sos_alerts"), MongoSosStore.Indexes, ct);
            await MongoIndexes.EnsureAsync(_database.GetCollection<BsonDocument>("visit_overstays"), MongoOverstayStore.Indexes, ct);
            await MongoIndexes.EnsureAsync(_database.GetCollection<BsonDocument>("blocklist"), MongoBlocklistStore.Indexes, ct);
            await MongoIndexes.EnsureAsync(_database.GetCollection<BsonDocument>("notices"), MongoNoticeStore.Indexes, ct);
            await MongoIndexes.EnsureAsync(_database.GetCollection<BsonDocument>("expected_visitors"), MongoExpectedStore.Indexes, ct);
            await MongoIndexes.EnsureAsync(_database.GetCollection<BsonDocument>("notice_reads"), MongoNoticeStore.ReadIndexes, ct);
            await MongoIndexes.EnsureAsync(_database.GetCollection<BsonDocument>("parcels"), MongoParcelStore.Indexes, ct);
            await MongoIndexes.EnsureAsync(_database.GetCollection<BsonDocument>("helpers"), MongoHelperStore.Indexes, ct);
            await MongoIndexes.EnsureAsync(_database.GetCollection<BsonDocument>("helper_visits"), MongoHelperStore.VisitIndexes, ct);
            await ((MongoPassStore)Passes).HoldLiveCodesAsync(DateTimeOffset.UtcNow, ct);
            await ((MongoVisitStore)Visits).BackfillNameGramsAsync(ct);
        }
        catch (TimeoutException ex)
        {
            throw new StorageUnavailableException(
                $"Storage unavailable: no MongoDB server answered at {_where} within {StartupTimeout.TotalSeconds:0} s; check {StorageSettings.MongoKey}.", ex);
        }
        catch (MongoException ex)
        {
            throw new StorageUnavailableException(
                $"Storage unavailable: MongoDB at {_where} refused start-up ({ex.GetType().Name}); check {StorageSettings.MongoKey}.", ex);
        }
    }

    public async Task<bool> PingAsync(CancellationToken ct = default)
    {
        try
        {
            await _database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: ct);
            return true;
        }
        catch (Exception ex) when (ex is TimeoutException or MongoException or OperationCanceledException)
        {
            return false;
        }
    }

    public async Task<int> CompletePendingAuditAsync(DateTimeOffset parkedBefore, CancellationToken ct = default)
    {
        var appended = 0;
        foreach (var name in AuditedCollections)
        {
            var collection = _database.GetCollection<BsonDocument>(name);
            var parked = await collection.Find(Builders<BsonDocument>.Filter.Lt(MongoAudited.PendingField + ".at", parkedBefore.UtcDateTime)).ToListAsync(ct);
            foreach (var document in parked)
            {
                appended += await CompleteAsync(collection, document, ct);
            }
        }

        return appended;
    }

    /// <summary>The database itself, for tests that must write as a crash would have left it.</summary>
    internal IMongoDatabase Database => _database;

    /// <summary>Drops the whole database. For test runs that own their database.</summary>
    internal Task DropDatabaseAsync(CancellationToken ct = default) =>
        _database.Client.DropDatabaseAsync(_database.DatabaseNamespace.DatabaseName, ct);

    /// <summary>Finishes one document's interrupted write: what a flat's rename or removal left undone, then its parked entries.</summary>
    private async Task<int> CompleteAsync(IMongoCollection<BsonDocument> collection, BsonDocument document, CancellationToken ct)
    {
        var id = Builders<BsonDocument>.Filter.Eq("_id", document["_id"]);
        if (document.GetValue(MongoFlatStore.ReplacesField, BsonNull.Value) is BsonString replaced)
        {
            await collection.DeleteOneAsync(Builders<BsonDocument>.Filter.Eq("_id", replaced), ct);
        }

        var entries = document[MongoAudited.PendingField].AsBsonArray.Select(e => BsonSerializer.Deserialize<AuditEntry>(e.AsBsonDocument)).ToList();
        var appended = 0;
        foreach (var entry in entries.OrderBy(e => e.At))
        {
            appended += await _audit.AppendOnceAsync(entry, ct) ? 1 : 0;
        }

        if (document.GetValue(MongoFlatStore.RemovingField, false).ToBoolean())
        {
            await collection.DeleteOneAsync(id, ct);
        }
        else
        {
            await collection.UpdateOneAsync(id, Builders<BsonDocument>.Update.Combine(
                MongoAudited.Unpark<BsonDocument>(entries), Builders<BsonDocument>.Update.Unset(MongoFlatStore.ReplacesField)), cancellationToken: ct);
        }

        return appended;
    }

    /// <summary>The server's hello, asked by a client of its own with a short timeout, so a missing server fails start-up fast.</summary>
    private async Task<BsonDocument> HelloAsync(CancellationToken ct)
    {
        var settings = MongoClientSettings.FromUrl(_url);
        settings.ServerSelectionTimeout = StartupTimeout;
        settings.ConnectTimeout = StartupTimeout;
        using var probe = new MongoClient(settings);
        return await probe.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument("hello", 1), cancellationToken: ct);
    }
}
