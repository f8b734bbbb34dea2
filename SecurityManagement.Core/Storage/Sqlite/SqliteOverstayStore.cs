using Dapper;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Safety;
using static SecurityManagement.Core.Storage.Sqlite.SqliteValues;

namespace SecurityManagement.Core.Storage.Sqlite;

internal sealed class SqliteOverstayStore(SqliteDatabase db) : IOverstayStore
{
    public Task<bool> TryClaimAsync(Guid visitId, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO visit_overstays (visit_id, notified_at) VALUES (@id, @at) ON CONFLICT (visit_id) DO NOTHING;",
            new { id = Id(visitId), at = Ms(at) }, tx, cancellationToken: ct)) == 1, audit, ct);

    public async Task<IReadOnlySet<Guid>> ListClaimedAsync(IReadOnlyCollection<Guid> visitIds, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT visit_id FROM visit_overstays WHERE visit_id IN @ids;", new { ids = visitIds.Select(Id).ToList() }, cancellationToken: ct));
        return ids.Select(Guid.Parse).ToHashSet();
    }
}
