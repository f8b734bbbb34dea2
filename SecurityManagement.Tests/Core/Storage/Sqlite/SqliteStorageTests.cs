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
            ["SELECT * FROM visits ORDER BY created_at DESC, id DESC LIMIT 50"] = "ix_visits_created",
            ["SELECT * FROM visits WHERE flat = 'A-101' AND (created_at < 5 OR (created_at = 5 AND id < 'x')) ORDER BY created_at DESC, id DESC LIMIT 50"] =
                "ix_visits_flat_created",
            ["SELECT * FROM visits WHERE status = 'Denied' ORDER BY created_at DESC, id DESC LIMIT 50"] = "ix_visits_status_created",
            ["SELECT * FROM visits WHERE purpose = 'Guest' ORDER BY created_at DESC, id DESC LIMIT 50"] = "ix_visits_purpose_created",
            ["SELECT * FROM visits WHERE visitor_phone >= '98765' AND visitor_phone < '98765:' ORDER BY +created_at DESC, id DESC LIMIT 50"] =
                "ix_visits_visitor_phone_created",
            ["SELECT v.* FROM visits_search f CROSS JOIN visits v ON v.created_at = f.rowid >> 20 AND (v.seq & 1048575) = (f.rowid & 1048575) "
                + "WHERE visits_search MATCH '\"kum\"' ORDER BY f.rowid DESC LIMIT 50"] = "VIRTUAL TABLE INDEX",

            // The gate's next hour: from the open expectations that end after now, not from every one that never came.
            ["SELECT * FROM expected_visitors WHERE used_at IS NULL AND cancelled_at IS NULL AND valid_from < 9 AND valid_until > 5 ORDER BY valid_from, id LIMIT 50"] =
                "ix_expected_open (valid_until>?)",
        };
        foreach (var (query, index) in plans)
        {
            var plan = await PlanAsync(connection, query);
            Assert.Contains(index, plan, StringComparison.Ordinal);
            if (query.Contains("ORDER BY created_at DESC", StringComparison.Ordinal) || query.Contains("ORDER BY f.rowid DESC", StringComparison.Ordinal))
            {
                Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task AStoreFromBeforeTheNameIndexKeepsEveryVisitAndItsHistoryAndFindsThemByName()
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(Path.GetDirectoryName(_engine.FilePath)!);
        await using (var old = new SqliteConnection($"Data Source={_engine.FilePath};Pooling=False"))
        {
            await old.OpenAsync(ct);
            await SqliteSchema.MigrateAsync(old, ct, upTo: 5);
            await using var insert = old.CreateCommand();
            insert.CommandText = """
                INSERT INTO visits (id, visitor_name, visitor_phone, purpose, flat, logged_by, created_at, status, status_changed_at)
                VALUES ('00000000-0000-0000-0000-000000000001', 'Ravi Kumar', '9811100001', 'Guest', 'A-101', '00000000-0000-0000-0000-0000000000aa', 1000, 'Approved', 2000);
                INSERT INTO visit_status_changes (visit_id, seq, from_status, to_status, actor_id, at)
                VALUES ('00000000-0000-0000-0000-000000000001', 1, 'Pending', 'Approved', NULL, 2000);
                """;
            await insert.ExecuteNonQueryAsync(ct);
        }

        var storage = await _engine.CreateAsync();

        var found = Assert.Single(await storage.Visits.SearchAsync(new SecurityManagement.Core.Visits.VisitLogFilter(Text: "AVI KU"), null, 5, ct));
        Assert.Equal(("Ravi Kumar", 1), (found.VisitorName, found.History.Count));
        await using var connection = new SqliteConnection($"Data Source={_engine.FilePath};Pooling=False;Foreign Keys=True");
        await connection.OpenAsync(ct);
        Assert.Equal("", await ScalarAsync(connection, "SELECT group_concat(\"table\") FROM pragma_foreign_key_check;"));
        await using var orphan = connection.CreateCommand();
        orphan.CommandText = "INSERT INTO visit_status_changes (visit_id, seq, from_status, to_status, at) VALUES ('missing', 1, 'Pending', 'Denied', 1);";
        await Assert.ThrowsAsync<SqliteException>(() => orphan.ExecuteNonQueryAsync(ct));
    }

    [Fact]
    public async Task ConnectionsKeptForReadsHoldNoSnapshotBetweenReads()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = await _engine.CreateAsync();
        var visit = SecurityManagement.Tests.Support.Builders.AVisit();
        await storage.Visits.AddAsync(visit, null, ct);
        Assert.NotNull(await storage.Visits.GetAsync(visit.Id, ct));
        Assert.Null(await storage.Users.GetAsync(Guid.NewGuid(), ct));

        await using var connection = new SqliteConnection($"Data Source={_engine.FilePath};Pooling=False");
        await connection.OpenAsync(ct);
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await using var result = await checkpoint.ExecuteReaderAsync(ct);
        await result.ReadAsync(ct);

        Assert.Equal(0L, result.GetInt64(0));
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
