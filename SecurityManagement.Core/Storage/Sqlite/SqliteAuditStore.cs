using Dapper;
using SecurityManagement.Core.Audit;
using static SecurityManagement.Core.Storage.Sqlite.SqliteValues;

namespace SecurityManagement.Core.Storage.Sqlite;

internal sealed class SqliteAuditStore(SqliteDatabase db) : IAuditStore
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO audit (id, at, actor_id, action, subject, details) VALUES (@id, @at, @actorId, @action, @subject, @details);",
            new
            {
                id = Id(entry.Id),
                at = Ms(entry.At),
                actorId = Id(entry.ActorId),
                action = entry.Action,
                subject = entry.Subject,
                details = entry.Details,
            },
            cancellationToken: ct));
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
        var rows = await connection.QueryAsync<AuditRow>(new CommandDefinition(
            $"SELECT id, at, actor_id, action, subject, details FROM audit {clause} ORDER BY at DESC, id DESC LIMIT @Take OFFSET @Skip;",
            args, cancellationToken: ct));
        return new Page<AuditEntry>(rows.Select(ToEntry).ToList(), total);
    }

    private static AuditEntry ToEntry(AuditRow row) => new()
    {
        Id = Guid.Parse(row.Id),
        At = Time(row.At),
        ActorId = row.ActorId is null ? null : Guid.Parse(row.ActorId),
        Action = row.Action,
        Subject = row.Subject,
        Details = row.Details,
    };

    private sealed class AuditRow
    {
        public string Id { get; init; } = "";

        public long At { get; init; }

        public string? ActorId { get; init; }

        public string Action { get; init; } = "";

        public string Subject { get; init; } = "";

        public string? Details { get; init; }
    }
}
