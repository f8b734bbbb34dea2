using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Passes;
using SecurityManagement.Core.Settings;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Storage.Mongo;

/// <summary>The MongoDB store: one collection per aggregate, indexes created at start.</summary>
public sealed class MongoStorage : IStorage
{
    public const string DefaultDatabase = "security_management";

    // Fail fast when no server answers, well inside the 10 s start-up budget.
    private static readonly TimeSpan ServerSelectionTimeout = TimeSpan.FromSeconds(5);

    private readonly IMongoDatabase _database;
    private readonly string _where;

    /// <summary>Takes a MongoDB connection string; the database is the one it names, else <see cref="DefaultDatabase"/>.</summary>
    public MongoStorage(string connectionString)
    {
        MongoUrl url;
        try
        {
            url = MongoUrl.Create(connectionString);
        }
        catch (Exception ex) when (ex is MongoConfigurationException or ArgumentException or FormatException)
        {
            // The exception text may echo the string, credentials included: leave it out.
            throw new StorageUnavailableException(
                $"Storage unavailable: {StorageSettings.MongoKey} is not a valid MongoDB connection string (expected e.g. mongodb://localhost:27017/{DefaultDatabase}).");
        }

        MongoClassMaps.Register();
        var settings = MongoClientSettings.FromUrl(url);
        settings.ServerSelectionTimeout = ServerSelectionTimeout;
        settings.ConnectTimeout = ServerSelectionTimeout;
        var client = new MongoClient(settings);
        _database = client.GetDatabase(url.DatabaseName ?? DefaultDatabase);
        _where = $"{string.Join(",", url.Servers.Select(s => s.ToString()))}/{_database.DatabaseNamespace.DatabaseName}";

        Users = new MongoUserStore(_database.GetCollection<User>("users"));
        Flats = new MongoFlatStore(_database.GetCollection<Flat>("flats"));
        Visits = new MongoVisitStore(_database.GetCollection<Visit>("visits"));
        Passes = new MongoPassStore(_database.GetCollection<GuestPass>("passes"));
        Audit = new MongoAuditStore(_database.GetCollection<AuditEntry>("audit"));
        Otp = new MongoOtpStore(_database.GetCollection<OtpState>("otp"));
        Settings = new MongoSettingsStore(_database.GetCollection<BsonDocument>("settings"));
    }

    public string Name => $"MongoDB ({_where})";

    public IUserStore Users { get; }

    public IFlatStore Flats { get; }

    public IVisitStore Visits { get; }

    public IPassStore Passes { get; }

    public IAuditStore Audit { get; }

    public IOtpStore Otp { get; }

    public ISettingsStore Settings { get; }

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        try
        {
            await PingOrThrowAsync(ct);
            await _database.GetCollection<User>("users").Indexes.CreateManyAsync(MongoUserStore.Indexes, ct);
            await _database.GetCollection<Flat>("flats").Indexes.CreateManyAsync(MongoFlatStore.Indexes, ct);
            await _database.GetCollection<Visit>("visits").Indexes.CreateManyAsync(MongoVisitStore.Indexes, ct);
            await _database.GetCollection<GuestPass>("passes").Indexes.CreateManyAsync(MongoPassStore.Indexes, ct);
            await _database.GetCollection<AuditEntry>("audit").Indexes.CreateManyAsync(MongoAuditStore.Indexes, ct);
        }
        catch (TimeoutException ex)
        {
            throw new StorageUnavailableException(
                $"Storage unavailable: no MongoDB server answered at {_where} within {ServerSelectionTimeout.TotalSeconds:0} s; check {StorageSettings.MongoKey}.", ex);
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
            await PingOrThrowAsync(ct);
            return true;
        }
        catch (Exception ex) when (ex is TimeoutException or MongoException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Drops the whole database. For test runs that own their database.</summary>
    internal Task DropDatabaseAsync(CancellationToken ct = default) =>
        _database.Client.DropDatabaseAsync(_database.DatabaseNamespace.DatabaseName, ct);

    private Task<BsonDocument> PingOrThrowAsync(CancellationToken ct) =>
        _database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: ct);
}
