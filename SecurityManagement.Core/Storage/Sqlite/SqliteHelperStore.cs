using Dapper;
using Microsoft.Data.Sqlite;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Help;
using static SecurityManagement.Core.Storage.Sqlite.SqliteValues;

namespace SecurityManagement.Core.Storage.Sqlite;

internal sealed class SqliteHelperStore(SqliteDatabase db) : IHelperStore
{
    private const string Columns = "id, name, phone, kind, code, created_by, created_at, removed_at, inside_since";

    private const string VisitColumns = "id, helper_id, in_at, in_by, in_gate, out_at, out_by, out_gate";

    private const string Live = "removed_at IS NULL";

    public async Task AddAsync(Helper helper, AuditEntry audit, CancellationToken ct = default)
    {
        try
        {
            await db.WriteAsync(async (connection, tx) =>
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    $"INSERT INTO helpers ({Columns}, live_code) VALUES (@Id, @Name, @Phone, @Kind, @Code, @CreatedBy, @CreatedAt, @RemovedAt, @InsideSince, @LiveCode);",
                    new
                    {
                        Id = Id(helper.Id),
                        helper.Name,
                        Phone = helper.Phone.Value,
                        Kind = helper.Kind.ToString(),
                        helper.Code,
                        CreatedBy = Id(helper.CreatedBy),
                        CreatedAt = Ms(helper.CreatedAt),
                        RemovedAt = Ms(helper.RemovedAt),
                        InsideSince = Ms(helper.InsideSince),
                        LiveCode = helper.RemovedAt is null ? helper.Code : null,
                    }, tx, cancellationToken: ct));
                foreach (var link in helper.Flats)
                {
                    await LinkAsync(connection, tx, helper.Id, link, ct);
                }

                return true;
            }, audit, ct);
        }
        catch (SqliteException ex) when (IsUniqueViolation(ex, "helpers.live_code"))
        {
            throw new HelperCodeTakenException();
        }
    }

    public async Task<Helper?> GetAsync(Guid id, CancellationToken ct = default) =>
        (await QueryAsync($"SELECT {Columns} FROM helpers WHERE id = @id;", new { id = Id(id) }, ct)).SingleOrDefault();

    public async Task<Helper?> FindByPhoneAsync(PhoneNumber phone, CancellationToken ct = default) =>
        (await QueryAsync($"SELECT {Columns} FROM helpers WHERE phone = @phone ORDER BY removed_at IS NOT NULL, created_at DESC LIMIT 1;",
            new { phone = phone.Value }, ct)).SingleOrDefault();

    public async Task<Helper?> FindByCodeAsync(string code, CancellationToken ct = default) =>
        (await QueryAsync($"SELECT {Columns} FROM helpers WHERE live_code = @code;", new { code }, ct)).SingleOrDefault();

    public Task<IReadOnlyList<Helper>> SearchAsync(string text, int limit, CancellationToken ct = default) =>
        QueryAsync(
            $"SELECT {Columns} FROM helpers WHERE {Live} AND (name LIKE @start ESCAPE '\\' OR name LIKE @word ESCAPE '\\' OR phone LIKE @start ESCAPE '\\') "
            + "ORDER BY name, id LIMIT @limit;",
            new { start = LikeText(text) + "%", word = "% " + LikeText(text) + "%", limit }, ct);

    public Task<IReadOnlyList<Helper>> ListForFlatAsync(FlatCode flat, CancellationToken ct = default) =>
        QueryAsync(
            $"SELECT {Columns} FROM helpers WHERE {Live} AND id IN (SELECT helper_id FROM helper_flats WHERE flat = @flat) ORDER BY name, id;",
            new { flat = flat.Value }, ct);

    public Task<IReadOnlyList<Helper>> ListInsideAsync(int limit, CancellationToken ct = default) =>
        QueryAsync($"SELECT {Columns} FROM helpers WHERE inside_since IS NOT NULL ORDER BY inside_since, id LIMIT @limit;", new { limit }, ct);

    public async Task<Page<Helper>> ListAsync(string? search, PageRequest page, CancellationToken ct = default)
    {
        var where = search is null ? Live : $"{Live} AND (name LIKE @text ESCAPE '\\' OR phone LIKE @text ESCAPE '\\')";
        var args = new { text = search is null ? null : "%" + LikeText(search) + "%", page.Skip, page.Take };
        int total;
        await using (var connection = await db.OpenAsync(ct))
        {
            total = await connection.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT COUNT(*) FROM helpers WHERE {where};", args, cancellationToken: ct));
        }

        return new Page<Helper>(await QueryAsync($"SELECT {Columns} FROM helpers WHERE {where} ORDER BY name, id LIMIT @Take OFFSET @Skip;", args, ct), total);
    }

    public Task<bool> TryLinkAsync(Guid helperId, HelperFlat link, AuditEntry audit, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) =>
            await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                $"SELECT COUNT(*) FROM helpers WHERE id = @id AND {Live};", new { id = Id(helperId) }, tx, cancellationToken: ct)) == 1
            && await LinkAsync(connection, tx, helperId, link, ct), audit, ct);

    public Task<bool> TryUnlinkAsync(Guid helperId, FlatCode flat, AuditEntry audit, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM helper_flats WHERE helper_id = @id AND flat = @flat;", new { id = Id(helperId), flat = flat.Value }, tx, cancellationToken: ct)) == 1, audit, ct);

    public Task<bool> TrySetNotifyAsync(Guid helperId, FlatCode flat, bool notify, AuditEntry audit, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE helper_flats SET notify = @notify WHERE helper_id = @id AND flat = @flat AND notify <> @notify;",
            new { id = Id(helperId), flat = flat.Value, notify }, tx, cancellationToken: ct)) == 1, audit, ct);

    public Task<Helper?> TryRemoveAsync(Guid id, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE helpers SET removed_at = @at, live_code = NULL WHERE id = @id AND {Live};", new { id = Id(id), at = Ms(at) }, tx, cancellationToken: ct)) == 1
                ? await ReadAsync(connection, tx, id, ct)
                : null,
            removed => removed is null ? [] : [audit], ct);

    public Task<Helper?> TryCheckInAsync(HelperVisit visit, AuditEntry audit, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) =>
        {
            if (await connection.ExecuteAsync(new CommandDefinition(
                    $"UPDATE helpers SET inside_since = @at WHERE id = @id AND inside_since IS NULL AND {Live};",
                    new { id = Id(visit.HelperId), at = Ms(visit.InAt) }, tx, cancellationToken: ct)) == 0)
            {
                return null;
            }

            await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO helper_visits ({VisitColumns}) VALUES (@Id, @HelperId, @InAt, @InBy, @InGate, NULL, NULL, NULL);",
                new { Id = Id(visit.Id), HelperId = Id(visit.HelperId), InAt = Ms(visit.InAt), InBy = Id(visit.InBy), InGate = Id(visit.InGate) },
                tx, cancellationToken: ct));
            return await ReadAsync(connection, tx, visit.HelperId, ct);
        }, inside => inside is null ? [] : [audit], ct);

    public Task<HelperVisit?> TryCheckOutAsync(Guid helperId, DateTimeOffset at, Guid by, Guid? gate, AuditEntry audit, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) =>
        {
            var since = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT inside_since FROM helpers WHERE id = @id;", new { id = Id(helperId) }, tx, cancellationToken: ct));
            if (since is not { } inAt)
            {
                return null;
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE helpers SET inside_since = NULL WHERE id = @id;", new { id = Id(helperId) }, tx, cancellationToken: ct));
            var stay = (await connection.QueryAsync<VisitRow>(new CommandDefinition(
                $"UPDATE helper_visits SET out_at = @at, out_by = @by, out_gate = @gate WHERE helper_id = @id AND out_at IS NULL RETURNING {VisitColumns};",
                new { id = Id(helperId), at = Ms(at), by = Id(by), gate = Id(gate) }, tx, cancellationToken: ct))).Select(ToVisit).SingleOrDefault();
            return stay ?? new HelperVisit(Guid.CreateVersion7(), helperId, Time(inAt), by, null, at, by, gate);
        }, closed => closed is null ? [] : [audit], ct);

    public async Task<IReadOnlyList<HelperVisit>> ListVisitsAsync(IReadOnlyCollection<Guid> helperIds, DateTimeOffset from, DateTimeOffset until, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return [.. (await connection.QueryAsync<VisitRow>(new CommandDefinition(
            $"SELECT {VisitColumns} FROM helper_visits WHERE helper_id IN @ids AND in_at >= @from AND in_at < @until ORDER BY in_at, id;",
            new { ids = helperIds.Select(Id).ToList(), from = Ms(from), until = Ms(until) }, cancellationToken: ct))).Select(ToVisit)];
    }

    public Task<int> ForgetBeforeAsync(DateTimeOffset cutoff, Func<int, AuditEntry> audit, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) =>
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM helper_visits WHERE out_at < @cutoff;", new { cutoff = Ms(cutoff) }, tx, cancellationToken: ct))
            + await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE helpers SET name = @name, phone = @phone WHERE removed_at < @cutoff AND name <> @name;",
                new { cutoff = Ms(cutoff), name = Helper.ForgottenName, phone = Visits.Visit.ForgottenPhone.Value }, tx, cancellationToken: ct)),
            forgotten => forgotten > 0 ? [audit(forgotten)] : [], ct);

    private static async Task<bool> LinkAsync(SqliteConnection connection, SqliteTransaction tx, Guid helperId, HelperFlat link, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT OR IGNORE INTO helper_flats (helper_id, flat, added_by, added_at, notify) VALUES (@id, @flat, @by, @at, @notify);",
            new { id = Id(helperId), flat = link.Flat.Value, by = Id(link.AddedBy), at = Ms(link.AddedAt), notify = link.Notify }, tx, cancellationToken: ct)) == 1;

    private async Task<IReadOnlyList<Helper>> QueryAsync(string sql, object args, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await WithFlatsAsync(connection, null, [.. await connection.QueryAsync<HelperRow>(new CommandDefinition(sql, args, cancellationToken: ct))], ct);
    }

    private static async Task<Helper?> ReadAsync(SqliteConnection connection, SqliteTransaction tx, Guid id, CancellationToken ct) =>
        (await WithFlatsAsync(connection, tx, [.. await connection.QueryAsync<HelperRow>(new CommandDefinition(
            $"SELECT {Columns} FROM helpers WHERE id = @id;", new { id = Id(id) }, tx, cancellationToken: ct))], ct)).SingleOrDefault();

    /// <summary>The helpers with their flats, read in one more query for them all.</summary>
    private static async Task<IReadOnlyList<Helper>> WithFlatsAsync(SqliteConnection connection, SqliteTransaction? tx, IReadOnlyList<HelperRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var links = (await connection.QueryAsync<LinkRow>(new CommandDefinition(
                "SELECT helper_id, flat, added_by, added_at, notify FROM helper_flats WHERE helper_id IN @ids ORDER BY added_at, flat;",
                new { ids = rows.Select(r => r.Id).ToList() }, tx, cancellationToken: ct)))
            .ToLookup(l => l.HelperId, l => new HelperFlat(FlatCode.Parse(l.Flat), Guid.Parse(l.AddedBy), Time(l.AddedAt), l.Notify));
        return [.. rows.Select(row => new Helper
        {
            Id = Guid.Parse(row.Id),
            Name = row.Name,
            Phone = PhoneNumber.Parse(row.Phone),
            Kind = Enum.Parse<HelperKind>(row.Kind),
            Code = row.Code,
            CreatedBy = Guid.Parse(row.CreatedBy),
            CreatedAt = Time(row.CreatedAt),
            RemovedAt = Time(row.RemovedAt),
            InsideSince = Time(row.InsideSince),
            Flats = [.. links[row.Id]],
        })];
    }

    private static HelperVisit ToVisit(VisitRow row) => new(
        Guid.Parse(row.Id), Guid.Parse(row.HelperId), Time(row.InAt), Guid.Parse(row.InBy), row.InGate is null ? null : Guid.Parse(row.InGate),
        Time(row.OutAt), row.OutBy is null ? null : Guid.Parse(row.OutBy), row.OutGate is null ? null : Guid.Parse(row.OutGate));

    private sealed class HelperRow
    {
        public string Id { get; init; } = "";

        public string Name { get; init; } = "";

        public string Phone { get; init; } = "";

        public string Kind { get; init; } = "";

        public string Code { get; init; } = "";

        public string CreatedBy { get; init; } = "";

        public long CreatedAt { get; init; }

        public long? RemovedAt { get; init; }

        public long? InsideSince { get; init; }
    }

    private sealed class LinkRow
    {
        public string HelperId { get; init; } = "";

        public string Flat { get; init; } = "";

        public string AddedBy { get; init; } = "";

        public long AddedAt { get; init; }

        public bool Notify { get; init; }
    }

    private sealed class VisitRow
    {
        public string Id { get; init; } = "";

        public string HelperId { get; init; } = "";

        public long InAt { get; init; }

        public string InBy { get; init; } = "";

        public string? InGate { get; init; }

        public long? OutAt { get; init; }

        public string? OutBy { get; init; }

        public string? OutGate { get; init; }
    }
}
