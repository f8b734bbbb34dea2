using Dapper;
using Microsoft.Data.Sqlite;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Passes;
using SecurityManagement.Core.Visits;
using static SecurityManagement.Core.Storage.Sqlite.SqliteValues;

namespace SecurityManagement.Core.Storage.Sqlite;

internal sealed class SqlitePassStore(SqliteDatabase db) : IPassStore
{
    private const string Columns =
        "id, flat, guest_name, guest_phone, valid_from, valid_until, usage, code, created_by, created_at, use_count, revoked_at, days, hours_from, hours_until";

    public async Task AddAsync(GuestPass pass, DateTimeOffset now, AuditEntry? audit, CancellationToken ct = default)
    {
        try
        {
            await db.WriteAsync(async (connection, tx) =>
            {
                // A pass whose window ended no longer holds its code (live_code is unique among passes holding one).
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE passes SET live_code = NULL WHERE live_code = @code AND valid_until <= @now;",
                    new { code = pass.Code, now = Ms(now) }, tx, cancellationToken: ct));
                return await connection.ExecuteAsync(new CommandDefinition(
                    $"INSERT INTO passes ({Columns}, live_code) VALUES (@Id, @Flat, @GuestName, @GuestPhone, @ValidFrom, @ValidUntil, @Usage, @Code, "
                    + "@CreatedBy, @CreatedAt, @UseCount, @RevokedAt, @Days, @HoursFrom, @HoursUntil, CASE WHEN @RevokedAt IS NULL AND @ValidUntil > @Now THEN @Code END);",
                    new
                    {
                        Id = Id(pass.Id),
                        Flat = pass.Flat.Value,
                        pass.GuestName,
                        GuestPhone = pass.GuestPhone?.Value,
                        ValidFrom = Ms(pass.ValidFrom),
                        ValidUntil = Ms(pass.ValidUntil),
                        Usage = pass.Usage.ToString(),
                        pass.Code,
                        CreatedBy = Id(pass.CreatedBy),
                        CreatedAt = Ms(pass.CreatedAt),
                        pass.UseCount,
                        RevokedAt = Ms(pass.RevokedAt),
                        Days = (int)pass.Days,
                        pass.HoursFrom,
                        pass.HoursUntil,
                        Now = Ms(now),
                    },
                    tx, cancellationToken: ct)) == 1;
            }, audit, ct);
        }
        catch (SqliteException ex) when (IsUniqueViolation(ex, "passes.live_code"))
        {
            throw new PassCodeTakenException();
        }
    }

    public async Task<GuestPass?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await QueryAsync(connection, null, $"SELECT {Columns} FROM passes WHERE id = @id;", new { id = Id(id) }, ct))
            .SingleOrDefault();
    }

    public async Task<IReadOnlyList<GuestPass>> ListLiveByCodeAsync(string code, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await QueryAsync(connection, null,
            $"SELECT {Columns} FROM passes WHERE code = @code AND valid_until > @now AND revoked_at IS NULL ORDER BY valid_from, id;",
            new { code, now = Ms(now) }, ct);
    }

    public async Task<Page<GuestPass>> ListForFlatAsync(FlatCode flat, PageRequest page, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var args = new { flat = flat.Value, page.Skip, page.Take };
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM passes WHERE flat = @flat;", args, cancellationToken: ct));
        var items = await QueryAsync(connection, null,
            $"SELECT {Columns} FROM passes WHERE flat = @flat ORDER BY created_at DESC, id DESC LIMIT @Take OFFSET @Skip;", args, ct);
        return new Page<GuestPass>(items, total);
    }

    public Task<GuestPass?> TryAdmitAsync(Guid id, int expectedUseCount, AuditEntry used, Visit visit, AuditEntry logged, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) =>
        {
            var pass = (await QueryAsync(connection, tx,
                $"UPDATE passes SET use_count = use_count + 1 WHERE id = @id AND use_count = @expected AND revoked_at IS NULL RETURNING {Columns};",
                new { id = Id(id), expected = expectedUseCount }, ct)).SingleOrDefault();
            if (pass is not null)
            {
                await SqliteVisitStore.InsertAsync(connection, tx, visit, ct);
            }

            return pass;
        }, pass => pass is null ? [] : [used, logged], ct);

    public Task<int> ForgetGuestsBeforeAsync(DateTimeOffset cutoff, Func<int, AuditEntry> audit, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE passes SET guest_name = @name, guest_phone = NULL WHERE valid_until < @cutoff AND guest_name <> @name;",
                new { cutoff = Ms(cutoff), name = GuestPass.ForgottenName }, tx, cancellationToken: ct)),
            forgotten => forgotten > 0 ? [audit(forgotten)] : [], ct);

    public Task<GuestPass?> TryRevokeAsync(Guid id, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) => (await QueryAsync(connection, tx,
                $"UPDATE passes SET revoked_at = @at, live_code = NULL WHERE id = @id AND revoked_at IS NULL RETURNING {Columns};",
                new { id = Id(id), at = Ms(at) }, ct)).SingleOrDefault(),
            revoked => revoked is null ? [] : [audit], ct);

    private static async Task<IReadOnlyList<GuestPass>> QueryAsync(
        SqliteConnection connection, SqliteTransaction? tx, string sql, object args, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<PassRow>(new CommandDefinition(sql, args, tx, cancellationToken: ct));
        return rows.Select(ToPass).ToList();
    }

    private static GuestPass ToPass(PassRow row) => new()
    {
        Id = Guid.Parse(row.Id),
        Flat = FlatCode.Parse(row.Flat),
        GuestName = row.GuestName,
        GuestPhone = row.GuestPhone is null ? null : PhoneNumber.Parse(row.GuestPhone),
        ValidFrom = Time(row.ValidFrom),
        ValidUntil = Time(row.ValidUntil),
        Usage = Enum.Parse<PassUsage>(row.Usage),
        Code = row.Code,
        CreatedBy = Guid.Parse(row.CreatedBy),
        CreatedAt = Time(row.CreatedAt),
        UseCount = (int)row.UseCount,
        RevokedAt = Time(row.RevokedAt),
        Days = (WeekDays)row.Days,
        HoursFrom = (int?)row.HoursFrom,
        HoursUntil = (int?)row.HoursUntil,
    };

    private sealed class PassRow
    {
        public string Id { get; init; } = "";

        public string Flat { get; init; } = "";

        public string GuestName { get; init; } = "";

        public string? GuestPhone { get; init; }

        public long ValidFrom { get; init; }

        public long ValidUntil { get; init; }

        public string Usage { get; init; } = "";

        public string Code { get; init; } = "";

        public string CreatedBy { get; init; } = "";

        public long CreatedAt { get; init; }

        public long UseCount { get; init; }

        public long? RevokedAt { get; init; }

        public long Days { get; init; }

        public long? HoursFrom { get; init; }

        public long? HoursUntil { get; init; }
    }
}
