using Dapper;
using Microsoft.Data.Sqlite;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Expected;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Visits;
using static SecurityManagement.Core.Storage.Sqlite.SqliteValues;

namespace SecurityManagement.Core.Storage.Sqlite;

internal sealed class SqliteExpectedStore(SqliteDatabase db) : IExpectedStore
{
    private const string Columns =
        "id, flat, kind, detail, valid_from, valid_until, created_by, created_by_name, created_at, used_at, visit_id, cancelled_at, leave_at_gate";

    private const string Open = "used_at IS NULL AND cancelled_at IS NULL";

    public Task AddAsync(ExpectedVisitor expected, AuditEntry audit, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO expected_visitors ({Columns}) VALUES (@Id, @Flat, @Kind, @Detail, @From, @Until, @CreatedBy, @CreatedByName, @CreatedAt, NULL, NULL, NULL, @LeaveAtGate);",
            new
            {
                Id = Id(expected.Id),
                Flat = expected.Flat.Value,
                Kind = expected.Kind.ToString(),
                expected.Detail,
                From = Ms(expected.From),
                Until = Ms(expected.Until),
                CreatedBy = Id(expected.CreatedBy),
                expected.CreatedByName,
                CreatedAt = Ms(expected.CreatedAt),
                expected.LeaveAtGate,
            },
            tx, cancellationToken: ct)) == 1, audit, ct);

    public async Task<ExpectedVisitor?> GetAsync(Guid id, CancellationToken ct = default) =>
        (await QueryAsync(null, null, $"SELECT {Columns} FROM expected_visitors WHERE id = @id;", new { id = Id(id) }, ct)).SingleOrDefault();

    /// <summary>The gate asks this on every visitor it logs: a statement kept prepared on a kept connection.</summary>
    public Task<IReadOnlyList<ExpectedVisitor>> ListOpenForFlatAsync(FlatCode flat, DateTimeOffset now, CancellationToken ct = default) =>
        db.ReadAsync<IReadOnlyList<ExpectedVisitor>>(async connection =>
        {
            await using var reader = await SqliteStatements.Prepare(connection, null,
                $"SELECT {Columns} FROM expected_visitors WHERE flat = $flat AND {Open} AND valid_until > $now ORDER BY valid_from, id;",
                ("$flat", flat.Value), ("$now", Ms(now))).ExecuteReaderAsync(ct);
            var open = new List<ExpectedVisitor>();
            while (await reader.ReadAsync(ct))
            {
                open.Add(ToExpected(ExpectedRow.Read(reader)));
            }

            return open;
        }, ct);

    public Task<IReadOnlyList<ExpectedVisitor>> ListOpenAsync(DateTimeOffset now, DateTimeOffset startsBefore, int limit, CancellationToken ct = default) =>
        QueryAsync(null, null,
            $"SELECT {Columns} FROM expected_visitors WHERE {Open} AND valid_from < @before AND valid_until > @now ORDER BY valid_from, id LIMIT @limit;",
            new { now = Ms(now), before = Ms(startsBefore), limit }, ct);

    public Task<int> ForgetEndedBeforeAsync(DateTimeOffset cutoff, Func<int, AuditEntry> audit, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE expected_visitors SET detail = NULL WHERE valid_until < @cutoff AND detail IS NOT NULL;", new { cutoff = Ms(cutoff) }, tx, cancellationToken: ct)),
            forgotten => forgotten > 0 ? [audit(forgotten)] : [], ct);

    public Task<ExpectedVisitor?> TryCancelAsync(Guid id, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) => (await QueryAsync(connection, tx,
                $"UPDATE expected_visitors SET cancelled_at = @at WHERE id = @id AND {Open} RETURNING {Columns};", new { id = Id(id), at = Ms(at) }, ct))
            .SingleOrDefault(),
            cancelled => cancelled is null ? [] : [audit], ct);

    public Task<ExpectedVisitor?> TryUseAsync(Guid id, Visit visit, AuditEntry used, AuditEntry logged, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) =>
        {
            var expected = (await QueryAsync(connection, tx,
                $"UPDATE expected_visitors SET used_at = @at, visit_id = @visit WHERE id = @id AND {Open} RETURNING {Columns};",
                new { id = Id(id), at = Ms(visit.CreatedAt), visit = Id(visit.Id) }, ct)).SingleOrDefault();
            if (expected is not null)
            {
                await SqliteVisitStore.InsertAsync(connection, tx, visit, ct);
            }

            return expected;
        }, expected => expected is null ? [] : [used, logged], ct);

    private async Task<IReadOnlyList<ExpectedVisitor>> QueryAsync(SqliteConnection? connection, SqliteTransaction? tx, string sql, object args, CancellationToken ct)
    {
        if (connection is not null)
        {
            return [.. (await connection.QueryAsync<ExpectedRow>(new CommandDefinition(sql, args, tx, cancellationToken: ct))).Select(ToExpected)];
        }

        await using var own = await db.OpenAsync(ct);
        return [.. (await own.QueryAsync<ExpectedRow>(new CommandDefinition(sql, args, cancellationToken: ct))).Select(ToExpected)];
    }

    private static ExpectedVisitor ToExpected(ExpectedRow row) => new()
    {
        Id = Guid.Parse(row.Id),
        Flat = FlatCode.Parse(row.Flat),
        Kind = Enum.Parse<ExpectedKind>(row.Kind),
        Detail = row.Detail,
        From = Time(row.ValidFrom),
        Until = Time(row.ValidUntil),
        CreatedBy = Guid.Parse(row.CreatedBy),
        CreatedByName = row.CreatedByName,
        CreatedAt = Time(row.CreatedAt),
        UsedAt = Time(row.UsedAt),
        VisitId = row.VisitId is null ? null : Guid.Parse(row.VisitId),
        CancelledAt = Time(row.CancelledAt),
        LeaveAtGate = row.LeaveAtGate,
    };

    private sealed class ExpectedRow
    {
        public string Id { get; init; } = "";

        public string Flat { get; init; } = "";

        public string Kind { get; init; } = "";

        public string? Detail { get; init; }

        public long ValidFrom { get; init; }

        public long ValidUntil { get; init; }

        public string CreatedBy { get; init; } = "";

        public string CreatedByName { get; init; } = "";

        public long CreatedAt { get; init; }

        public long? UsedAt { get; init; }

        public string? VisitId { get; init; }

        public long? CancelledAt { get; init; }

        public bool LeaveAtGate { get; init; }

        /// <summary>The row as <see cref="Columns"/> lists it.</summary>
        public static ExpectedRow Read(SqliteDataReader reader) => new()
        {
            Id = reader.GetString(0),
            Flat = reader.GetString(1),
            Kind = reader.GetString(2),
            Detail = reader.IsDBNull(3) ? null : reader.GetString(3),
            ValidFrom = reader.GetInt64(4),
            ValidUntil = reader.GetInt64(5),
            CreatedBy = reader.GetString(6),
            CreatedByName = reader.GetString(7),
            CreatedAt = reader.GetInt64(8),
            UsedAt = reader.IsDBNull(9) ? null : reader.GetInt64(9),
            VisitId = reader.IsDBNull(10) ? null : reader.GetString(10),
            CancelledAt = reader.IsDBNull(11) ? null : reader.GetInt64(11),
            LeaveAtGate = reader.GetInt64(12) != 0,
        };
    }
}
