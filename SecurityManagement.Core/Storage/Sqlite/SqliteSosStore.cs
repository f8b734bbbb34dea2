using Dapper;
using Microsoft.Data.Sqlite;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Safety;
using static SecurityManagement.Core.Storage.Sqlite.SqliteValues;

namespace SecurityManagement.Core.Storage.Sqlite;

internal sealed class SqliteSosStore(SqliteDatabase db) : ISosStore
{
    private const string Columns =
        "id, flat, kind, raised_by, raised_by_name, raised_by_phone, raised_at, acknowledged_by, acknowledged_by_name, acknowledged_at, "
        + "escalated_at, closed_by, closed_by_name, closed_at, close_note";

    public async Task AddAsync(SosAlert alert, AuditEntry audit, CancellationToken ct = default)
    {
        try
        {
            await db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO sos_alerts ({Columns}) VALUES (@Id, @Flat, @Kind, @RaisedBy, @RaisedByName, @RaisedByPhone, @RaisedAt, "
                + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);",
                new
                {
                    Id = Id(alert.Id),
                    Flat = alert.Flat.Value,
                    Kind = alert.Kind.ToString(),
                    RaisedBy = Id(alert.RaisedBy),
                    alert.RaisedByName,
                    RaisedByPhone = alert.RaisedByPhone.Value,
                    RaisedAt = Ms(alert.RaisedAt),
                },
                tx, cancellationToken: ct)) == 1, audit, ct);
        }
        catch (SqliteException ex) when (IsUniqueViolation(ex, "sos_alerts.flat"))
        {
            throw new SosAlreadyOpenException();
        }
    }

    public async Task<SosAlert?> GetAsync(Guid id, CancellationToken ct = default) =>
        (await QueryAsync($"SELECT {Columns} FROM sos_alerts WHERE id = @id;", new { id = Id(id) }, ct)).SingleOrDefault();

    public async Task<SosAlert?> GetOpenForFlatAsync(FlatCode flat, CancellationToken ct = default) =>
        (await QueryAsync($"SELECT {Columns} FROM sos_alerts WHERE flat = @flat AND closed_at IS NULL;", new { flat = flat.Value }, ct)).SingleOrDefault();

    public Task<IReadOnlyList<SosAlert>> ListOpenAsync(CancellationToken ct = default) =>
        QueryAsync($"SELECT {Columns} FROM sos_alerts WHERE closed_at IS NULL ORDER BY raised_at, id;", null, ct);

    public Task<IReadOnlyList<SosAlert>> ListForFlatAsync(FlatCode flat, int take, CancellationToken ct = default) =>
        QueryAsync($"SELECT {Columns} FROM sos_alerts WHERE flat = @flat ORDER BY raised_at DESC, id DESC LIMIT @take;", new { flat = flat.Value, take }, ct);

    public Task<SosAlert?> TryAcknowledgeAsync(Guid id, Guid by, string name, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default) =>
        ChangeAsync(
            "UPDATE sos_alerts SET acknowledged_by = @by, acknowledged_by_name = @name, acknowledged_at = @at "
            + "WHERE id = @id AND acknowledged_at IS NULL AND closed_at IS NULL",
            new { id = Id(id), by = Id(by), name, at = Ms(at) }, audit, ct);

    public Task<SosAlert?> TryCloseAsync(Guid id, Guid by, string name, DateTimeOffset at, string note, AuditEntry audit, CancellationToken ct = default) =>
        ChangeAsync(
            "UPDATE sos_alerts SET closed_by = @by, closed_by_name = @name, closed_at = @at, close_note = @note, "
            + "acknowledged_by = COALESCE(acknowledged_by, @by), acknowledged_by_name = COALESCE(acknowledged_by_name, @name), "
            + "acknowledged_at = COALESCE(acknowledged_at, @at) WHERE id = @id AND closed_at IS NULL",
            new { id = Id(id), by = Id(by), name, at = Ms(at), note }, audit, ct);

    public Task<IReadOnlyList<SosAlert>> ListDueForEscalationAsync(DateTimeOffset raisedBefore, CancellationToken ct = default) =>
        QueryAsync(
            $"SELECT {Columns} FROM sos_alerts WHERE closed_at IS NULL AND raised_at <= @before AND acknowledged_at IS NULL AND escalated_at IS NULL ORDER BY raised_at, id;",
            new { before = Ms(raisedBefore) }, ct);

    public Task<SosAlert?> TryMarkEscalatedAsync(Guid id, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default) =>
        ChangeAsync(
            "UPDATE sos_alerts SET escalated_at = @at WHERE id = @id AND escalated_at IS NULL AND acknowledged_at IS NULL AND closed_at IS NULL",
            new { id = Id(id), at = Ms(at) }, audit, ct);

    /// <summary>A compare-and-set: the update, if it matched, and its entry in one transaction; the alert as it then is, or null.</summary>
    private Task<SosAlert?> ChangeAsync(string update, object args, AuditEntry audit, CancellationToken ct) =>
        db.WriteAsync<SosAlert?>(async (connection, tx) =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<SosRow>(new CommandDefinition($"{update} RETURNING {Columns};", args, tx, cancellationToken: ct));
            return row is null ? null : ToAlert(row);
        }, changed => changed is null ? [] : [audit], ct);

    private async Task<IReadOnlyList<SosAlert>> QueryAsync(string sql, object? args, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<SosRow>(new CommandDefinition(sql, args, cancellationToken: ct));
        return [.. rows.Select(ToAlert)];
    }

    private static SosAlert ToAlert(SosRow row) => new()
    {
        Id = Guid.Parse(row.Id),
        Flat = FlatCode.Parse(row.Flat),
        Kind = Enum.Parse<SosKind>(row.Kind),
        RaisedBy = Guid.Parse(row.RaisedBy),
        RaisedByName = row.RaisedByName,
        RaisedByPhone = PhoneNumber.Parse(row.RaisedByPhone),
        RaisedAt = Time(row.RaisedAt),
        AcknowledgedBy = row.AcknowledgedBy is null ? null : Guid.Parse(row.AcknowledgedBy),
        AcknowledgedByName = row.AcknowledgedByName,
        AcknowledgedAt = Time(row.AcknowledgedAt),
        EscalatedAt = Time(row.EscalatedAt),
        ClosedBy = row.ClosedBy is null ? null : Guid.Parse(row.ClosedBy),
        ClosedByName = row.ClosedByName,
        ClosedAt = Time(row.ClosedAt),
        CloseNote = row.CloseNote,
    };

    private sealed class SosRow
    {
        public string Id { get; init; } = "";

        public string Flat { get; init; } = "";

        public string Kind { get; init; } = "";

        public string RaisedBy { get; init; } = "";

        public string RaisedByName { get; init; } = "";

        public string RaisedByPhone { get; init; } = "";

        public long RaisedAt { get; init; }

        public string? AcknowledgedBy { get; init; }

        public string? AcknowledgedByName { get; init; }

        public long? AcknowledgedAt { get; init; }

        public long? EscalatedAt { get; init; }

        public string? ClosedBy { get; init; }

        public string? ClosedByName { get; init; }

        public long? ClosedAt { get; init; }

        public string? CloseNote { get; init; }
    }
}
