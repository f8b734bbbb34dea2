using Dapper;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Cluster;
using static SecurityManagement.Core.Storage.Sqlite.SqliteValues;

namespace SecurityManagement.Core.Storage.Sqlite;

internal sealed class SqliteLeaseStore(SqliteDatabase db) : ILeaseStore
{
    public Task<bool> TryTakeAsync(string name, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO leases (name, holder, until) VALUES (@name, @holder, @until)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
            WHERE leases.holder = excluded.holder OR leases.until <= @now;
            """,
            new { name, holder, now = Ms(now), until = Ms(until) }, tx, cancellationToken: ct)) == 1, (AuditEntry?)null, ct);

    public Task ReleaseAsync(string name, string holder, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM leases WHERE name = @name AND holder = @holder;", new { name, holder }, tx, cancellationToken: ct)) == 1, (AuditEntry?)null, ct);
}

internal sealed class SqliteKeyRingStore(SqliteDatabase db) : IKeyRingStore
{
    public async Task<IReadOnlyList<KeyRingEntry>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<KeyRingEntry>(new CommandDefinition(
            "SELECT name, xml FROM key_ring ORDER BY name;", cancellationToken: ct));
        return [.. rows];
    }

    public Task AddAsync(KeyRingEntry entry, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO key_ring (name, xml) VALUES (@Name, @Xml) ON CONFLICT (name) DO NOTHING;", entry, tx, cancellationToken: ct)) == 1, (AuditEntry?)null, ct);
}
