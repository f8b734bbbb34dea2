using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Storage;
using SecurityManagement.Core.Storage.Sqlite;

namespace SecurityManagement.Tests.Core.Storage.Sqlite;

/// <summary>A fresh SQLite file in its own temp folder, deleted afterwards.</summary>
public sealed class SqliteTestEngine : ITestStorageEngine
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sm-tests", Guid.NewGuid().ToString("N"));
    private SqliteStorage? _storage;

    public string FilePath => Path.Combine(_folder, "store.db");

    public AuditChain Chain { get; } = new(AuditKey.Random());

    public async Task<IStorage> CreateAsync()
    {
        _storage = new SqliteStorage($"Data Source={FilePath}", Chain);
        await _storage.InitializeAsync(TestContext.Current.CancellationToken);
        return _storage;
    }

    public async ValueTask DisposeAsync()
    {
        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
