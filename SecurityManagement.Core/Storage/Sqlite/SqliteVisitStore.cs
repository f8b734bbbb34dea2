using Dapper;
using Microsoft.Data.Sqlite;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Visits;
using static SecurityManagement.Core.Storage.Sqlite.SqliteValues;

namespace SecurityManagement.Core.Storage.Sqlite;

internal sealed class SqliteVisitStore(SqliteDatabase db) : IVisitStore
{
    private const string Columns =
        "id, visitor_name, visitor_phone, purpose, flat, vehicle_number, note, logged_by, created_at, status, status_changed_at, pass_id, gate, expected_id";

    private const string ChangeColumns = "visit_id, from_status, to_status, actor_id, at, note, routed_to, gate";

    private static readonly string VisitColumns = string.Join(", ", Columns.Split(", ").Select(column => $"v.{column}"));

    public Task AddAsync(Visit visit, AuditEntry? audit, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await InsertAsync(connection, tx, visit, ct);
            return true;
        }, audit, ct);

    /// <summary>Inserts the visit and its history inside the caller's transaction.</summary>
    public static async Task InsertAsync(SqliteConnection connection, SqliteTransaction tx, Visit visit, CancellationToken ct)
    {
        await SqliteStatements.Prepare(connection, tx,
            $"INSERT INTO visits ({Columns}) VALUES ($id, $name, $phone, $purpose, $flat, $vehicle, $note, $loggedBy, $createdAt, $status, $changedAt, $passId, $gate, $expectedId);",
            ("$id", Id(visit.Id)),
            ("$name", visit.VisitorName),
            ("$phone", visit.VisitorPhone.Value),
            ("$purpose", visit.Purpose.ToString()),
            ("$flat", visit.Flat.Value),
            ("$vehicle", visit.VehicleNumber),
            ("$note", visit.Note),
            ("$loggedBy", Id(visit.LoggedBy)),
            ("$createdAt", Ms(visit.CreatedAt)),
            ("$status", visit.Status.ToString()),
            ("$changedAt", Ms(visit.StatusChangedAt)),
            ("$passId", Id(visit.PassId)),
            ("$gate", Id(visit.Gate)),
            ("$expectedId", Id(visit.ExpectedId))).ExecuteNonQueryAsync(ct);
        for (var i = 0; i < visit.History.Count; i++)
        {
            await InsertChangeAsync(connection, tx, visit.Id, i + 1, visit.History[i], ct);
        }
    }

    public Task<Visit?> GetAsync(Guid id, CancellationToken ct = default) =>
        db.ReadAsync(async connection =>
        {
            VisitRow row;
            await using (var reader = await SqliteStatements.Prepare(connection, null, $"SELECT {Columns} FROM visits WHERE id = $id;", ("$id", Id(id)))
                .ExecuteReaderAsync(ct))
            {
                if (!await reader.ReadAsync(ct))
                {
                    return null;
                }

                row = VisitRow.Read(reader);
            }

            return ToVisit(row, await HistoryOfAsync(connection, null, row.Id, ct));
        }, ct);

    /// <summary>One visit's history, oldest first, by a statement kept prepared on the connection.</summary>
    private static async Task<List<ChangeRow>> HistoryOfAsync(SqliteConnection connection, SqliteTransaction? tx, string visitId, CancellationToken ct)
    {
        var history = new List<ChangeRow>();
        await using var changes = await SqliteStatements.Prepare(connection, tx,
            $"SELECT {ChangeColumns} FROM visit_status_changes WHERE visit_id = $id ORDER BY seq;", ("$id", visitId)).ExecuteReaderAsync(ct);
        while (await changes.ReadAsync(ct))
        {
            history.Add(ChangeRow.Read(changes));
        }

        return history;
    }

    public Task<Visit?> TryChangeStatusAsync(Guid visitId, int seenChanges, VisitStatusChange change, AuditEntry audit, CancellationToken ct = default) =>
        db.WriteAsync<Visit?>(async (connection, tx) =>
        {
            VisitRow row;
            // A move that keeps the flat leaves it out of SET: SQLite rewrites every index on a column SET names, changed or not.
            (string, object?)[] values =
                [("$id", Id(visitId)), ("$from", change.From.ToString()), ("$to", change.To.ToString()), ("$at", Ms(change.At)), ("$seen", seenChanges)];
            await using (var updated = await SqliteStatements.Prepare(connection, tx,
                $"UPDATE visits SET status = $to, status_changed_at = $at{(change.RoutedTo is null ? "" : ", flat = $routedTo")} "
                + "WHERE id = $id AND status = $from AND (SELECT COUNT(*) FROM visit_status_changes WHERE visit_id = $id) = $seen "
                + $"RETURNING {Columns};",
                change.RoutedTo is { } routedTo ? [.. values, ("$routedTo", routedTo.Value)] : values).ExecuteReaderAsync(ct))
            {
                if (!await updated.ReadAsync(ct))
                {
                    return null;
                }

                row = VisitRow.Read(updated);
            }

            await InsertChangeAsync(connection, tx, visitId, seenChanges + 1, change, ct);
            return ToVisit(row, await HistoryOfAsync(connection, tx, row.Id, ct));
        }, visit => visit is null ? [] : [audit], ct);

    public async Task<IReadOnlyList<Visit>> ListPendingForFlatAsync(FlatCode flat, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await QueryAsync(connection, null,
            "WHERE flat = @flat AND status = @status ORDER BY created_at, id",
            new { flat = flat.Value, status = nameof(VisitStatus.Pending) }, ct);
    }

    public async Task<IReadOnlyList<Visit>> ListByStatusAsync(VisitStatus status, int limit, IReadOnlyCollection<Guid>? notAt = null, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await QueryAsync(connection, null,
            notAt is not { Count: > 0 }
                ? "WHERE status = @status ORDER BY status_changed_at, id LIMIT @limit"
                : "WHERE status = @status AND (gate IS NULL OR gate NOT IN @notAt) ORDER BY status_changed_at, id LIMIT @limit",
            new { status = status.ToString(), limit, notAt = notAt?.Select(Id).ToList() }, ct);
    }

    public async Task<Page<Visit>> ListForFlatAsync(FlatCode flat, PageRequest page, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var args = new { flat = flat.Value, page.Skip, page.Take };
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM visits WHERE flat = @flat;", args, cancellationToken: ct));
        var items = await QueryAsync(connection, null,
            "WHERE flat = @flat ORDER BY created_at DESC, id DESC LIMIT @Take OFFSET @Skip", args, ct);
        return new Page<Visit>(items, total);
    }

    public async Task<IReadOnlyList<Visit>> ListForFlatSinceAsync(FlatCode flat, DateTimeOffset since, int limit, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await QueryAsync(connection, null,
            "WHERE flat = @flat AND created_at >= @since ORDER BY created_at DESC, id DESC LIMIT @limit",
            new { flat = flat.Value, since = Ms(since), limit }, ct);
    }

    public async Task<Page<Visit>> ListCreatedBetweenAsync(DateTimeOffset start, DateTimeOffset end, PageRequest page, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var args = new { start = Ms(start), end = Ms(end), page.Skip, page.Take };
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM visits WHERE created_at >= @start AND created_at < @end;", args, cancellationToken: ct));
        var items = await QueryAsync(connection, null,
            "WHERE created_at >= @start AND created_at < @end ORDER BY created_at DESC, id DESC LIMIT @Take OFFSET @Skip", args, ct);
        return new Page<Visit>(items, total);
    }

    public async Task<GateCounts> CountAsync(DateTimeOffset since, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleAsync<CountsRow>(new CommandDefinition(
            """
            SELECT (SELECT COUNT(*) FROM visits WHERE created_at >= @since) AS visits_since,
                   (SELECT COUNT(*) FROM visits WHERE status = @inside) AS inside_now,
                   (SELECT COUNT(*) FROM visits WHERE status = @pending) AS pending;
            """,
            new { since = Ms(since), inside = nameof(VisitStatus.Inside), pending = nameof(VisitStatus.Pending) },
            cancellationToken: ct));
        return new GateCounts((int)row.VisitsSince, (int)row.InsideNow, (int)row.Pending);
    }

    public async Task<IReadOnlyList<Visit>> SearchAsync(VisitLogFilter filter, VisitCursor? after, int take, CancellationToken ct = default)
    {
        var query = LogQuery.For(filter, after);
        query.Args.Add("Take", take);
        await using var connection = await db.OpenAsync(ct);
        return await SelectAsync(connection, null,
            $"SELECT {VisitColumns} FROM {query.From} {Where(query.Search.Concat(query.Rows))} {query.OrderBy} LIMIT @Take;", query.Args, ct);
    }

    public async Task<IReadOnlyList<VisitLogRow>> ExportAsync(VisitLogFilter filter, VisitCursor? after, int take, CancellationToken ct = default)
    {
        var query = LogQuery.For(filter, after);
        query.Args.Add("Take", take);
        query.Args.Add("Pending", nameof(VisitStatus.Pending));
        query.Args.Add("Answers", Answers);
        query.Args.Add("Inside", nameof(VisitStatus.Inside));
        query.Args.Add("Completed", nameof(VisitStatus.Completed));
        await using var connection = await db.OpenAsync(ct);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            $"""
            SELECT v.id, v.created_at, v.visitor_name, v.visitor_phone, v.purpose, v.flat, v.vehicle_number, v.note, v.status, v.logged_by,
                (SELECT c.actor_id FROM visit_status_changes c WHERE c.visit_id = v.id AND c.from_status = @Pending AND c.to_status IN @Answers
                    ORDER BY c.seq DESC LIMIT 1) AS answered_by,
                (SELECT c.at FROM visit_status_changes c WHERE c.visit_id = v.id AND c.to_status = @Inside ORDER BY c.seq LIMIT 1) AS entered_at,
                (SELECT c.at FROM visit_status_changes c WHERE c.visit_id = v.id AND c.to_status = @Completed ORDER BY c.seq LIMIT 1) AS left_at,
                v.gate,
                (SELECT c.gate FROM visit_status_changes c WHERE c.visit_id = v.id AND c.to_status = @Completed ORDER BY c.seq LIMIT 1) AS exit_gate
            FROM {query.From} {Where(query.Search.Concat(query.Rows))} {query.OrderBy} LIMIT @Take;
            """, query.Args, cancellationToken: ct));
        var rows = new List<VisitLogRow>(take);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new VisitLogRow(
                Guid.Parse(reader.GetString(0)), Time(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3), Enum.Parse<VisitPurpose>(reader.GetString(4)),
                reader.GetString(5), NullableText(reader, 6), NullableText(reader, 7), Enum.Parse<VisitStatus>(reader.GetString(8)), Guid.Parse(reader.GetString(9)),
                reader.IsDBNull(10) ? null : Guid.Parse(reader.GetString(10)), reader.IsDBNull(11) ? null : Time(reader.GetInt64(11)),
                reader.IsDBNull(12) ? null : Time(reader.GetInt64(12)), NullableId(reader, 13), NullableId(reader, 14)));
        }

        return rows;
    }

    private static readonly string[] Answers = [nameof(VisitStatus.Approved), nameof(VisitStatus.Denied), nameof(VisitStatus.Returned)];

    private static string? NullableText(System.Data.Common.DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static Guid? NullableId(System.Data.Common.DbDataReader reader, int column) => reader.IsDBNull(column) ? null : Guid.Parse(reader.GetString(column));

    public async Task<int> CountAsync(VisitLogFilter filter, int cap, CancellationToken ct = default)
    {
        var query = LogQuery.For(filter, null);
        query.Args.Add("Cap", cap);

        // A name search with no condition on the visit itself counts in the name index alone.
        var from = query.Rows.Count == 0 && query.ByName ? "visits_search f" : query.From;
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT COUNT(*) FROM (SELECT 1 FROM {from} {Where(query.Search.Concat(query.Rows))} LIMIT @Cap);", query.Args, cancellationToken: ct));
    }

    private static string Where(IEnumerable<string> conditions) =>
        conditions.Any() ? "WHERE " + string.Join(" AND ", conditions) : "";

    /// <summary>
    /// How one visit-log query reads the file. A search for part of a name (without a flat, whose few
    /// visits are quicker read whole) walks the name index newest first by its time key (see the
    /// schema); every other query walks an index of visits that ends (created_at, id). Either way the
    /// walk stops after the page, however many years of visits lie behind it. <see cref="Search"/> holds
    /// the conditions on the name index, <see cref="Rows"/> those on the visit.
    /// </summary>
    private sealed record LogQuery(bool ByName, string From, List<string> Search, List<string> Rows, string OrderBy, DynamicParameters Args)
    {
        private const string ByNameFrom =
            "visits_search f CROSS JOIN visits v ON v.created_at = f.rowid >> 20 AND (v.seq & 1048575) = (f.rowid & 1048575)";

        public static LogQuery For(VisitLogFilter filter, VisitCursor? after)
        {
            var byName = filter is { SearchText: not null, SearchesPhone: false, Flat: null };
            var query = byName
                ? new LogQuery(true, ByNameFrom, [], [], "ORDER BY f.rowid DESC", new DynamicParameters())
                : new LogQuery(false, "visits v", [], [], filter.SearchesPhone ? "ORDER BY +v.created_at DESC, v.id DESC" : "ORDER BY v.created_at DESC, v.id DESC",
                    new DynamicParameters());
            var times = byName ? query.Search : query.Rows;
            var key = byName ? "f.rowid" : "v.created_at";
            var scale = byName ? " * 1048576" : "";
            query.Add(times, $"{key} >= @From{scale}", "From", Ms(filter.From));
            query.Add(times, $"{key} < @To{scale}", "To", Ms(filter.To));
            query.Add(query.Rows, "v.flat = @Flat", "Flat", filter.Flat?.Value);
            query.Add(query.Rows, "v.status = @Status", "Status", filter.Status?.ToString());
            query.Add(query.Rows, "v.purpose = @Purpose", "Purpose", filter.Purpose?.ToString());
            query.Add(query.Rows, "v.gate = @Gate", "Gate", Id(filter.Gate));
            if (filter.SearchesPhone)
            {
                // Digits sort before ':', so the phones starting with the text are exactly [text, text + ':').
                query.Add(query.Rows, "v.visitor_phone >= @Phone AND v.visitor_phone < @Phone || ':'", "Phone", filter.SearchText);
            }
            else if (byName)
            {
                query.Add(query.Search, "visits_search MATCH @Name", "Name", Phrase(filter.SearchText!));
            }
            else
            {
                query.Add(query.Rows, @"v.visitor_name LIKE '%' || @Like || '%' ESCAPE '\'", "Like", filter.SearchText is { } text ? LikeText(text) : null);
            }

            if (after is not null && byName)
            {
                query.Add(query.Search, "f.rowid < (SELECT created_at * 1048576 + (seq & 1048575) FROM visits WHERE id = @AfterId)", "AfterId", Id(after.Id));
            }
            else if (after is not null)
            {
                query.Add(query.Rows, "(v.created_at < @AfterAt OR (v.created_at = @AfterAt AND v.id < @AfterId))", "AfterAt", Ms(after.CreatedAt));
                query.Args.Add("AfterId", Id(after.Id));
            }

            return query;
        }

        private void Add(List<string> conditions, string condition, string name, object? value)
        {
            if (value is not null)
            {
                conditions.Add(condition);
                Args.Add(name, value);
            }
        }

        /// <summary>The text as one FTS5 phrase: with the trigram index, names containing it, any case.</summary>
        private static string Phrase(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public async Task<IReadOnlyList<HourCount>> CountByHourAsync(DateTimeOffset start, DateTimeOffset end, TimeSpan utcOffset, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<HourRow>(new CommandDefinition(
            """
            SELECT (created_at + @offset) / 3600000 AS hour, COUNT(*) AS visits
            FROM visits WHERE created_at >= @start AND created_at < @end
            GROUP BY hour ORDER BY hour;
            """,
            new { start = Ms(start), end = Ms(end), offset = (long)utcOffset.TotalMilliseconds }, cancellationToken: ct));
        return rows.Select(r => new HourCount(r.Hour, (int)r.Visits)).ToList();
    }

    public Task<int> ForgetVisitorsBeforeAsync(DateTimeOffset cutoff, Func<int, AuditEntry> audit, CancellationToken ct = default)
    {
        var args = new { cutoff = Ms(cutoff), name = Visit.ForgottenName, phone = Visit.ForgottenPhone.Value, final = FinalStatuses };
        return db.WriteAsync(async (connection, tx) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE visit_status_changes SET note = NULL "
                + "WHERE visit_id IN (SELECT id FROM visits WHERE created_at < @cutoff AND status IN @final AND visitor_name <> @name);",
                args, tx, cancellationToken: ct));
            return await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE visits SET visitor_name = @name, visitor_phone = @phone, vehicle_number = NULL, note = NULL "
                + "WHERE created_at < @cutoff AND status IN @final AND visitor_name <> @name;",
                args, tx, cancellationToken: ct));
        }, forgotten => forgotten > 0 ? [audit(forgotten)] : [], ct);
    }

    public async Task<Visit?> FindLatestByVisitorPhoneAsync(PhoneNumber phone, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var visits = await QueryAsync(connection, null,
            "WHERE visitor_phone = @phone ORDER BY created_at DESC, id DESC LIMIT 1", new { phone = phone.Value }, ct);
        return visits.SingleOrDefault();
    }

    public async Task<IReadOnlyList<Visit>> ListFinishedSinceAsync(DateTimeOffset since, int limit, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await QueryAsync(connection, null,
            "WHERE status IN @final AND status_changed_at >= @since ORDER BY status_changed_at DESC, id DESC LIMIT @limit",
            new { final = FinalStatuses, since = Ms(since), limit }, ct);
    }

    private static readonly string[] FinalStatuses =
        [.. Enum.GetValues<VisitStatus>().Where(VisitStatusMachine.IsFinal).Select(s => s.ToString())];

    private static Task<int> InsertChangeAsync(
        SqliteConnection connection, SqliteTransaction tx, Guid visitId, int seq, VisitStatusChange change, CancellationToken ct) =>
        SqliteStatements.Prepare(connection, tx,
            """
            INSERT INTO visit_status_changes (visit_id, seq, from_status, to_status, actor_id, at, note, routed_to, gate)
            VALUES ($visitId, $seq, $from, $to, $actorId, $at, $note, $routedTo, $gate);
            """,
            ("$visitId", Id(visitId)),
            ("$seq", seq),
            ("$from", change.From.ToString()),
            ("$to", change.To.ToString()),
            ("$actorId", Id(change.ActorId)),
            ("$at", Ms(change.At)),
            ("$note", change.Note),
            ("$routedTo", change.RoutedTo?.Value),
            ("$gate", Id(change.Gate))).ExecuteNonQueryAsync(ct);

    private static Task<IReadOnlyList<Visit>> QueryAsync(
        SqliteConnection connection, SqliteTransaction? tx, string tail, object args, CancellationToken ct) =>
        SelectAsync(connection, tx, $"SELECT {Columns} FROM visits {tail};", args, ct);

    /// <summary>Visits read by a statement that selects <see cref="VisitColumns"/> from <c>visits v</c>, with their histories.</summary>
    private static async Task<IReadOnlyList<Visit>> SelectAsync(
        SqliteConnection connection, SqliteTransaction? tx, string sql, object args, CancellationToken ct)
    {
        var rows = (await connection.QueryAsync<VisitRow>(new CommandDefinition(sql, args, tx, cancellationToken: ct))).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        var changes = await HistoryAsync(connection, tx, [.. rows.Select(r => r.Id)], ct);
        return rows.Select(row => ToVisit(row, changes[row.Id])).ToList();
    }

    private static async Task<ILookup<string, ChangeRow>> HistoryAsync(
        SqliteConnection connection, SqliteTransaction? tx, IReadOnlyList<string> ids, CancellationToken ct) =>
        (await connection.QueryAsync<ChangeRow>(new CommandDefinition(
            $"SELECT {ChangeColumns} FROM visit_status_changes WHERE visit_id IN @ids ORDER BY visit_id, seq;",
            new { ids }, tx, cancellationToken: ct)))
        .ToLookup(c => c.VisitId);

    private static Visit ToVisit(VisitRow row, IEnumerable<ChangeRow> changes) => new()
    {
        Id = Guid.Parse(row.Id),
        VisitorName = row.VisitorName,
        VisitorPhone = PhoneNumber.Parse(row.VisitorPhone),
        Purpose = Enum.Parse<VisitPurpose>(row.Purpose),
        Flat = FlatCode.Parse(row.Flat),
        VehicleNumber = row.VehicleNumber,
        Note = row.Note,
        LoggedBy = Guid.Parse(row.LoggedBy),
        CreatedAt = Time(row.CreatedAt),
        Status = Enum.Parse<VisitStatus>(row.Status),
        PassId = row.PassId is null ? null : Guid.Parse(row.PassId),
        Gate = row.Gate is null ? null : Guid.Parse(row.Gate),
        ExpectedId = row.ExpectedId is null ? null : Guid.Parse(row.ExpectedId),
        History = changes.Select(c => new VisitStatusChange(
            Enum.Parse<VisitStatus>(c.FromStatus),
            Enum.Parse<VisitStatus>(c.ToStatus),
            c.ActorId is null ? null : Guid.Parse(c.ActorId),
            Time(c.At),
            c.Note)
        {
            RoutedTo = c.RoutedTo is null ? null : FlatCode.Parse(c.RoutedTo),
            Gate = c.Gate is null ? null : Guid.Parse(c.Gate),
        }).ToList(),
    };

    private sealed class VisitRow
    {
        public string Id { get; init; } = "";

        public string VisitorName { get; init; } = "";

        public string VisitorPhone { get; init; } = "";

        public string Purpose { get; init; } = "";

        public string Flat { get; init; } = "";

        public string? VehicleNumber { get; init; }

        public string? Note { get; init; }

        public string LoggedBy { get; init; } = "";

        public long CreatedAt { get; init; }

        public string Status { get; init; } = "";

        public long StatusChangedAt { get; init; }

        public string? PassId { get; init; }

        public string? Gate { get; init; }

        public string? ExpectedId { get; init; }

        /// <summary>The row as <see cref="Columns"/> lists it.</summary>
        public static VisitRow Read(SqliteDataReader reader) => new()
        {
            Id = reader.GetString(0),
            VisitorName = reader.GetString(1),
            VisitorPhone = reader.GetString(2),
            Purpose = reader.GetString(3),
            Flat = reader.GetString(4),
            VehicleNumber = reader.IsDBNull(5) ? null : reader.GetString(5),
            Note = reader.IsDBNull(6) ? null : reader.GetString(6),
            LoggedBy = reader.GetString(7),
            CreatedAt = reader.GetInt64(8),
            Status = reader.GetString(9),
            StatusChangedAt = reader.GetInt64(10),
            PassId = reader.IsDBNull(11) ? null : reader.GetString(11),
            Gate = reader.IsDBNull(12) ? null : reader.GetString(12),
            ExpectedId = reader.IsDBNull(13) ? null : reader.GetString(13),
        };
    }

    private sealed class ChangeRow
    {
        public string VisitId { get; init; } = "";

        public string FromStatus { get; init; } = "";

        public string ToStatus { get; init; } = "";

        public string? ActorId { get; init; }

        public long At { get; init; }

        public string? Note { get; init; }

        public string? RoutedTo { get; init; }

        public string? Gate { get; init; }

        /// <summary>The row as <see cref="ChangeColumns"/> lists it.</summary>
        public static ChangeRow Read(SqliteDataReader reader) => new()
        {
            VisitId = reader.GetString(0),
            FromStatus = reader.GetString(1),
            ToStatus = reader.GetString(2),
            ActorId = reader.IsDBNull(3) ? null : reader.GetString(3),
            At = reader.GetInt64(4),
            Note = reader.IsDBNull(5) ? null : reader.GetString(5),
            RoutedTo = reader.IsDBNull(6) ? null : reader.GetString(6),
            Gate = reader.IsDBNull(7) ? null : reader.GetString(7),
        };
    }

    private sealed class HourRow
    {
        public long Hour { get; init; }

        public long Visits { get; init; }
    }

    private sealed class CountsRow
    {
        public long VisitsSince { get; init; }

        public long InsideNow { get; init; }

        public long Pending { get; init; }
    }
}
