using Dapper;
using Microsoft.Data.Sqlite;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Safety;
using static SecurityManagement.Core.Storage.Sqlite.SqliteValues;

namespace SecurityManagement.Core.Storage.Sqlite;

internal sealed class SqliteBlocklistStore(SqliteDatabase db) : IBlocklistStore
{
    private const string Columns =
        "id, phone, name, reason, status, added_by, added_by_name, added_at, confirmed_by, confirmed_by_name, confirmed_at, "
        + "lifted_by, lifted_by_name, lifted_at, lift_note";

    // 'Proposed' sorts after 'Active', so descending puts proposals first.
    private const string LiveOrder = "ORDER BY status DESC, added_at DESC, id DESC";

    public async Task AddAsync(BlockedVisitor entry, AuditEntry audit, CancellationToken ct = default)
    {
        try
        {
            await db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO blocklist ({Columns}) VALUES (@Id, @Phone, @Name, @Reason, @Status, @AddedBy, @AddedByName, @AddedAt, "
                + "@ConfirmedBy, @ConfirmedByName, @ConfirmedAt, NULL, NULL, NULL, NULL);",
                new
                {
                    Id = Id(entry.Id),
                    Phone = entry.Phone.Value,
                    entry.Name,
                    entry.Reason,
                    Status = entry.Status.ToString(),
                    AddedBy = Id(entry.AddedBy),
                    entry.AddedByName,
                    AddedAt = Ms(entry.AddedAt),
                    ConfirmedBy = Id(entry.ConfirmedBy),
                    entry.ConfirmedByName,
                    ConfirmedAt = Ms(entry.ConfirmedAt),
                },
                tx, cancellationToken: ct)) == 1, audit, ct);
        }
        catch (SqliteException ex) when (IsUniqueViolation(ex, "blocklist.phone"))
        {
            throw new PhoneAlreadyListedException();
        }
    }

    public async Task<BlockedVisitor?> GetAsync(Guid id, CancellationToken ct = default) =>
        (await QueryAsync($"SELECT {Columns} FROM blocklist WHERE id = @id;", new { id = Id(id) }, ct)).SingleOrDefault();

    /// <summary>The gate asks this on every visitor it logs: a statement kept prepared on a kept connection.</summary>
    public Task<BlockedVisitor?> FindLiveAsync(PhoneNumber phone, CancellationToken ct = default) =>
        db.ReadAsync(async connection =>
        {
            await using var reader = await SqliteStatements.Prepare(connection, null,
                $"SELECT {Columns} FROM blocklist WHERE phone = $phone AND lifted_at IS NULL;", ("$phone", phone.Value)).ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? ToEntry(BlockRow.Read(reader)) : null;
        }, ct);

    public async Task<Page<BlockedVisitor>> ListLiveAsync(PageRequest page, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM blocklist WHERE lifted_at IS NULL;", cancellationToken: ct));
        var rows = await connection.QueryAsync<BlockRow>(new CommandDefinition(
            $"SELECT {Columns} FROM blocklist WHERE lifted_at IS NULL {LiveOrder} LIMIT @Take OFFSET @Skip;", new { page.Take, page.Skip }, cancellationToken: ct));
        return new Page<BlockedVisitor>([.. rows.Select(ToEntry)], total);
    }

    public Task<BlockedVisitor?> TryConfirmAsync(Guid id, Guid by, string name, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default) =>
        ChangeAsync(
            "UPDATE blocklist SET status = @active, confirmed_by = @by, confirmed_by_name = @name, confirmed_at = @at "
            + "WHERE id = @id AND status = @proposed AND lifted_at IS NULL",
            new { id = Id(id), by = Id(by), name, at = Ms(at), active = nameof(BlockStatus.Active), proposed = nameof(BlockStatus.Proposed) }, audit, ct);

    public Task<BlockedVisitor?> TryLiftAsync(
        Guid id, BlockStatus from, Guid by, string name, DateTimeOffset at, string? note, AuditEntry audit, CancellationToken ct = default) =>
        ChangeAsync(
            "UPDATE blocklist SET status = @lifted, lifted_by = @by, lifted_by_name = @name, lifted_at = @at, lift_note = @note "
            + "WHERE id = @id AND status = @from AND lifted_at IS NULL",
            new { id = Id(id), from = from.ToString(), by = Id(by), name, at = Ms(at), note, lifted = nameof(BlockStatus.Lifted) }, audit, ct);

    public Task<int> ForgetLiftedBeforeAsync(DateTimeOffset cutoff, Func<int, AuditEntry> audit, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE blocklist SET phone = @phone, name = NULL, reason = @reason, lift_note = NULL WHERE lifted_at < @cutoff AND reason <> @reason;",
                new { cutoff = Ms(cutoff), phone = BlockedVisitor.ForgottenPhone.Value, reason = BlockedVisitor.ForgottenReason }, tx, cancellationToken: ct)),
            forgotten => forgotten > 0 ? [audit(forgotten)] : [], ct);

    /// <summary>A compare-and-set: the update, if it matched, and its entry in one transaction; the entry as it then is, or null.</summary>
    private Task<BlockedVisitor?> ChangeAsync(string update, object args, AuditEntry audit, CancellationToken ct) =>
        db.WriteAsync<BlockedVisitor?>(async (connection, tx) =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<BlockRow>(new CommandDefinition($"{update} RETURNING {Columns};", args, tx, cancellationToken: ct));
            return row is null ? null : ToEntry(row);
        }, changed => changed is null ? [] : [audit], ct);

    private async Task<IReadOnlyList<BlockedVisitor>> QueryAsync(string sql, object? args, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<BlockRow>(new CommandDefinition(sql, args, cancellationToken: ct));
        return [.. rows.Select(ToEntry)];
    }

    private static BlockedVisitor ToEntry(BlockRow row) => new()
    {
        Id = Guid.Parse(row.Id),
        Phone = PhoneNumber.Parse(row.Phone),
        Name = row.Name,
        Reason = row.Reason,
        Status = Enum.Parse<BlockStatus>(row.Status),
        AddedBy = Guid.Parse(row.AddedBy),
        AddedByName = row.AddedByName,
        AddedAt = Time(row.AddedAt),
        ConfirmedBy = row.ConfirmedBy is null ? null : Guid.Parse(row.ConfirmedBy),
        ConfirmedByName = row.ConfirmedByName,
        ConfirmedAt = Time(row.ConfirmedAt),
        LiftedBy = row.LiftedBy is null ? null : Guid.Parse(row.LiftedBy),
        LiftedByName = row.LiftedByName,
        LiftedAt = Time(row.LiftedAt),
        LiftNote = row.LiftNote,
    };

    private sealed class BlockRow
    {
        public string Id { get; init; } = "";

        public string Phone { get; init; } = "";

        public string? Name { get; init; }

        public string Reason { get; init; } = "";

        public string Status { get; init; } = "";

        public string AddedBy { get; init; } = "";

        public string AddedByName { get; init; } = "";

        public long AddedAt { get; init; }

        public string? ConfirmedBy { get; init; }

        public string? ConfirmedByName { get; init; }

        public long? ConfirmedAt { get; init; }

        public string? LiftedBy { get; init; }

        public string? LiftedByName { get; init; }

        public long? LiftedAt { get; init; }

        public string? LiftNote { get; init; }

        /// <summary>The row as <see cref="Columns"/> lists it.</summary>
        public static BlockRow Read(SqliteDataReader reader) => new()
        {
            Id = reader.GetString(0),
            Phone = reader.GetString(1),
            Name = reader.IsDBNull(2) ? null : reader.GetString(2),
            Reason = reader.GetString(3),
            Status = reader.GetString(4),
            AddedBy = reader.GetString(5),
            AddedByName = reader.GetString(6),
            AddedAt = reader.GetInt64(7),
            ConfirmedBy = reader.IsDBNull(8) ? null : reader.GetString(8),
            ConfirmedByName = reader.IsDBNull(9) ? null : reader.GetString(9),
            ConfirmedAt = reader.IsDBNull(10) ? null : reader.GetInt64(10),
            LiftedBy = reader.IsDBNull(11) ? null : reader.GetString(11),
            LiftedByName = reader.IsDBNull(12) ? null : reader.GetString(12),
            LiftedAt = reader.IsDBNull(13) ? null : reader.GetInt64(13),
            LiftNote = reader.IsDBNull(14) ? null : reader.GetString(14),
        };
    }
}
