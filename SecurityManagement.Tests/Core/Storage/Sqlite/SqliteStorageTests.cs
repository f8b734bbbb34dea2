using Microsoft.Data.Sqlite;
using SecurityManagement.Core.Storage;
using SecurityManagement.Core.Storage.Sqlite;

namespace SecurityManagement.Tests.Core.Storage.Sqlite;

public sealed class SqliteStorageTests : IAsyncLifetime
{
    private readonly SqliteTestEngine _engine = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _engine.DisposeAsync();

    [Fact]
    public async Task FreshFileIsCreatedInWalModeAtTheLatestSchemaVersion()
    {
        await _engine.CreateAsync();

        await using var connection = new SqliteConnection($"Data Source={_engine.FilePath};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
        Assert.Equal(SqliteSchema.LatestVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), await ScalarAsync(connection, "SELECT version FROM schema_version;"));
    }

    [Fact]
    public async Task EveryScreenQueryHasItsIndex()
    {
        await _engine.CreateAsync();

        await using var connection = new SqliteConnection($"Data Source={_engine.FilePath};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var plans = new Dictionary<string, string>
        {
            ["SELECT * FROM visits WHERE flat = 'A-101' AND status = 'Pending' ORDER BY created_at"] = "ix_visits_flat_status_created",
            ["SELECT * FROM visits WHERE status = 'Inside' ORDER BY status_changed_at"] = "ix_visits_status_changed",
            ["SELECT * FROM visits WHERE created_at >= 1 AND created_at < 2 ORDER BY created_at DESC"] = "ix_visits_created",
            ["SELECT * FROM users WHERE role = 'Guard' AND status = 'Active' ORDER BY full_name COLLATE NOCASE"] = "ix_users_role_status_name",
            ["SELECT * FROM passes WHERE code = '123456' AND valid_until > 5"] = "ix_passes_code",
        };
        foreach (var (query, index) in plans)
        {
            Assert.Contains(index, await PlanAsync(connection, query), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Data Source=:memory:", "must name a database file")]
    [InlineData("Flavour=strawberry", "not a valid SQLite connection string")]
    public void ConnectionStringsThatCannotHoldTheSocietyAreRefusedNamingTheSetting(string connectionString, string message)
    {
        var ex = Assert.Throws<StorageUnavailableException>(() => new SqliteStorage(connectionString, _engine.Chain));

        Assert.Contains("ConnectionStrings:Sqlite", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnopenableFileIsReportedNamingTheSettingAndThePath()
    {
        var path = Path.Combine("/proc", "no-such-folder", "store.db");
        var storage = new SqliteStorage($"Data Source={path}", _engine.Chain);

        var ex = await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.InitializeAsync(TestContext.Current.CancellationToken));

        Assert.Contains("ConnectionStrings:Sqlite", ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    private static async Task<string> PlanAsync(SqliteConnection connection, string query)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"EXPLAIN QUERY PLAN {query};";
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var plan = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            plan.Add(reader.GetString(reader.GetOrdinal("detail")));
        }

        return string.Join(" | ", plan);
    }

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))?.ToString();
    }
}
