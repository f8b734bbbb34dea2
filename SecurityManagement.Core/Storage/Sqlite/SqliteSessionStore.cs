using Dapper;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using static SecurityManagement.Core.Storage.Sqlite.SqliteValues;

namespace SecurityManagement.Core.Storage.Sqlite;

internal sealed class SqliteSessionStore(SqliteDatabase db) : ISessionStore
{
    private const string Columns = "id, user_id, started_at, expires_at, ended_at";

    public Task StartAsync(Session session, AuditEntry audit, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO sessions ({Columns}) VALUES (@id, @userId, @startedAt, @expiresAt, NULL);"
                + "UPDATE users SET last_login_at = @startedAt WHERE id = @userId;",
                new
                {
                    id = Id(session.Id),
                    userId = Id(session.UserId),
                    startedAt = Ms(session.StartedAt),
                    expiresAt = Ms(session.ExpiresAt),
                },
                tx, cancellationToken: ct));
            return true;
        }, audit, ct);

    public Task<Session?> GetAsync(Guid id, CancellationToken ct = default) =>
        db.ReadAsync(async connection =>
        {
            await using var reader = await SqliteStatements.Prepare(connection, null, $"SELECT {Columns} FROM sessions WHERE id = $id;", ("$id", Id(id)))
                .ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct)
                ? ToSession(new SessionRow
                {
                    Id = reader.GetString(0),
                    UserId = reader.GetString(1),
                    StartedAt = reader.GetInt64(2),
                    ExpiresAt = reader.GetInt64(3),
                    EndedAt = reader.IsDBNull(4) ? null : reader.GetInt64(4),
                })
                : null;
        }, ct);

    public Task<Session?> TryEndAsync(Guid id, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(
                $"UPDATE sessions SET ended_at = @at WHERE id = @id AND ended_at IS NULL RETURNING {Columns};",
                new { id = Id(id), at = Ms(at) }, tx, cancellationToken: ct));
            return row is null ? null : ToSession(row);
        }, ended => ended is null ? [] : [audit], ct);

    public async Task<int> RemoveEndedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM sessions WHERE expires_at < @cutoff OR ended_at < @cutoff;", new { cutoff = Ms(cutoff) }, cancellationToken: ct));
    }

    private static Session ToSession(SessionRow row) => new()
    {
        Id = Guid.Parse(row.Id),
        UserId = Guid.Parse(row.UserId),
        StartedAt = Time(row.StartedAt),
        ExpiresAt = Time(row.ExpiresAt),
        EndedAt = Time(row.EndedAt),
    };

    private sealed class SessionRow
    {
        public string Id { get; init; } = "";

        public string UserId { get; init; } = "";

        public long StartedAt { get; init; }

        public long ExpiresAt { get; init; }

        public long? EndedAt { get; init; }
    }
}
