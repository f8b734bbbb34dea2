using MongoDB.Driver;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Storage;
using SecurityManagement.Core.Storage.Mongo;

namespace SecurityManagement.Tests.Core.Storage.Mongo;

/// <summary>
/// A database of its own on the MongoDB server named by <see cref="Variable"/>, dropped afterwards.
/// Without the variable the test is reported skipped with that reason. <paramref name="transactions"/>
/// false runs the store without transactions (the audit outbox) even on a replica set.
/// </summary>
public sealed class MongoTestEngine(bool? transactions = null) : ITestStorageEngine
{
    public const string Variable = "SECURITYMANAGEMENT_TEST_MONGO";

    private static readonly string RunId = DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
    private MongoStorage? _storage;

    public AuditChain Chain { get; } = new(AuditKey.Random());

    /// <summary>The store's database, once created.</summary>
    internal IMongoDatabase Database => _storage!.Database;

    public async Task<IStorage> CreateAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable);
        Assert.SkipWhen(string.IsNullOrWhiteSpace(connectionString),
            $"MongoDB contract tests need a server: set {Variable} to its connection string (e.g. mongodb://localhost:27017).");

        var url = new MongoUrlBuilder(connectionString) { DatabaseName = $"sm_test_{RunId}_{Guid.NewGuid():N}" };
        _storage = new MongoStorage(url.ToString(), Chain, transactions);
        await _storage.InitializeAsync(TestContext.Current.CancellationToken);
        return _storage;
    }

    public async ValueTask DisposeAsync()
    {
        if (_storage is not null)
        {
            await _storage.DropDatabaseAsync();
        }
    }
}
