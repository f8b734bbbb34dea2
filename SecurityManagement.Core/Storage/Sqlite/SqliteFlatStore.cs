using Dapper;
using Microsoft.Data.Sqlite;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using static SecurityManagement.Core.Storage.Sqlite.SqliteValues;

namespace SecurityManagement.Core.Storage.Sqlite;

internal sealed class SqliteFlatStore(SqliteDatabase db) : IFlatStore
{
    public async Task AddAsync(Flat flat, AuditEntry? audit, CancellationToken ct = default)
    {
        try
        {
            await db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO flats (code, sort_key, created_at) VALUES (@code, @sortKey, @createdAt);",
                new { code = flat.Code.Value, sortKey = flat.SortKey, createdAt = Ms(flat.CreatedAt) },
                tx, cancellationToken: ct)) == 1, audit, ct);
        }
        catch (SqliteException ex) when (IsUniqueViolation(ex, "flats.code"))
        {
            throw new FlatAlreadyExistsException(flat.Code);
        }
    }

    public Task<Flat?> GetAsync(FlatCode code, CancellationToken ct = default) =>
        db.ReadAsync(async connection =>
        {
            await using var reader = await SqliteStatements.Prepare(connection, null, "SELECT code, created_at FROM flats WHERE code = $code;", ("$code", code.Value))
                .ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? ToFlat(new FlatRow { Code = reader.GetString(0), CreatedAt = reader.GetInt64(1) }) : null;
        }, ct);

    public Task<bool> RemoveAsync(FlatCode code, AuditEntry audit, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM flats WHERE code = @code;", new { code = code.Value }, tx, cancellationToken: ct)) == 1, audit, ct);

    public async Task<bool> RenameAsync(FlatCode code, FlatCode newCode, AuditEntry audit, CancellationToken ct = default)
    {
        try
        {
            return await db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE flats SET code = @newCode, sort_key = @sortKey WHERE code = @code;",
                new { code = code.Value, newCode = newCode.Value, sortKey = newCode.SortKey }, tx, cancellationToken: ct)) == 1, audit, ct);
        }
        catch (SqliteException ex) when (IsUniqueViolation(ex, "flats.code"))
        {
            throw new FlatAlreadyExistsException(newCode);
        }
    }

    public async Task<IReadOnlyList<Flat>> SearchAsync(string prefix, int limit, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<FlatRow>(new CommandDefinition(
            "SELECT code, created_at FROM flats WHERE substr(code, 1, length(@prefix)) = @prefix ORDER BY sort_key LIMIT @limit;",
            new { prefix = prefix.Trim().ToUpperInvariant(), limit }, cancellationToken: ct));
        return rows.Select(ToFlat).ToList();
    }

    public async Task<Page<Flat>> ListAsync(PageRequest page, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM flats;", cancellationToken: ct));
        var rows = await connection.QueryAsync<FlatRow>(new CommandDefinition(
            "SELECT code, created_at FROM flats ORDER BY sort_key LIMIT @Take OFFSET @Skip;",
            new { page.Take, page.Skip }, cancellationToken: ct));
        return new Page<Flat>(rows.Select(ToFlat).ToList(), total);
    }

    private static Flat ToFlat(FlatRow row) => new(FlatCode.Parse(row.Code), Time(row.CreatedAt));

    private sealed class FlatRow
    {
        public string Code { get; init; } = "";

        public long CreatedAt { get; init; }
    }
}
