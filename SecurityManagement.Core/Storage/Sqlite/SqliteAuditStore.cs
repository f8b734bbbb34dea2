using Dapper;
using Microsoft.Data.Sqlite;
using SecurityManagement.Core.Audit;
using static SecurityManagement.Core.Storage.Sqlite.SqliteValues;

namespace SecurityManagement.Core.Storage.Sqlite;

internal sealed class SqliteAuditStore(SqliteDatabase db) : IAuditStore
{
    private const string Columns = "sequence, previous_hash, hash, id, at, actor_id, action, subject, details";

    public Task<AuditEntry> AppendAsync(AuditEntry entry, CancellationToken ct = default) =>
        db.WriteAsync((connection, tx) => AppendAsync(connection, tx, db.Chain, entry, ct), _ => [], ct);

    /// <summary>Links the entry to the last one and inserts it, inside the caller's write transaction (so under the write lock).</summary>
    public static async Task<AuditEntry> AppendAsync(
        SqliteConnection connection, SqliteTransaction tx, AuditChain chain, AuditEntry entry, CancellationToken ct)
    {
        AuditEntry? last = null;
        await using (var reader = await SqliteStatements.Prepare(connection, tx, $"SELECT {Columns} FROM audit ORDER BY sequence DESC LIMIT 1;").ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                last = ToEntry(AuditRow.Read(reader));
            }
        }

        var linked = chain.Link(entry, last);
        await SqliteStatements.Prepare(connection, tx,
            $"INSERT INTO audit ({Columns}) VALUES ($sequence, $previousHash, $hash, $id, $at, $actorId, $action, $subject, $details);",
            ("$sequence", linked.Sequence),
            ("$previousHash", linked.PreviousHash),
            ("$hash", linked.Hash),
            ("$id", Id(linked.Id)),
            ("$at", Ms(linked.At)),
            ("$actorId", Id(linked.ActorId)),
            ("$action", linked.Action),
            ("$subject", linked.Subject),
            ("$details", linked.Details)).ExecuteNonQueryAsync(ct);
        return linked;
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAfterAsync(long sequence, int take, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await QueryAsync(connection, null,
            $"SELECT {Columns} FROM audit WHERE sequence > @sequence ORDER BY sequence LIMIT @take;", new { sequence, take }, ct);
    }

    public async Task<AuditEntry?> GetLastAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await QueryAsync(connection, null, $"SELECT {Columns} FROM audit ORDER BY sequence DESC LIMIT 1;", null, ct)).SingleOrDefault();
    }

    public async Task<Page<AuditEntry>> ListAsync(AuditFilter filter, PageRequest page, CancellationToken ct = default)
    {
        var where = new List<string>();
        if (filter.ActorId is not null)
        {
            where.Add("actor_id = @ActorId");
        }

        if (filter.Action is not null)
        {
            where.Add("action = @Action");
        }

        if (filter.From is not null)
        {
            where.Add("at >= @From");
        }

        if (filter.To is not null)
        {
            where.Add("at < @To");
        }

        var clause = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        var args = new
        {
            ActorId = Id(filter.ActorId),
            filter.Action,
            From = Ms(filter.From),
            To = Ms(filter.To),
            page.Skip,
            page.Take,
        };
        await using var connection = await db.OpenAsync(ct);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT COUNT(*) FROM audit {clause};", args, cancellationToken: ct));
        var items = await QueryAsync(connection, null,
            $"SELECT {Columns} FROM audit {clause} ORDER BY sequence DESC LIMIT @Take OFFSET @Skip;", args, ct);
        return new Page<AuditEntry>(items, total);
    }

    private static async Task<IReadOnlyList<AuditEntry>> QueryAsync(
        SqliteConnection connection, SqliteTransaction? tx, string sql, object? args, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<AuditRow>(new CommandDefinition(sql, args, tx, cancellationToken: ct));
        return rows.Select(ToEntry).ToList();
    }

    private static AuditEntry ToEntry(AuditRow row) => new()
    {
        Sequence = row.Sequence,
        PreviousHash = row.PreviousHash,
        Hash = row.Hash,
        Id = Guid.Parse(row.Id),
        At = Time(row.At),
        ActorId = row.ActorId is null ? null : Guid.Parse(row.ActorId),
        Action = row.Action,
        Subject = row.Subject,
        Details = row.Details,
    };

    private sealed class AuditRow
    {
        public long Sequence { get; init; }

        public string PreviousHash { get; init; } = "";

        public string Hash { get; init; } = "";

        public string Id { get; init; } = "";

        public long At { get; init; }

        public string? ActorId { get; init; }

        public string Action { get; init; } = "";

        public string Subject { get; init; } = "";

        public string? Details { get; init; }

        /// <summary>The row as <see cref="Columns"/> lists it.</summary>
        public static AuditRow Read(SqliteDataReader reader) => new()
        {
            Sequence = reader.GetInt64(0),
            PreviousHash = reader.GetString(1),
            Hash = reader.GetString(2),
            Id = reader.GetString(3),
            At = reader.GetInt64(4),
            ActorId = reader.IsDBNull(5) ? null : reader.GetString(5),
            Action = reader.GetString(6),
            Subject = reader.GetString(7),
            Details = reader.IsDBNull(8) ? null : reader.GetString(8),
        };
    }
}
