using Dapper;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Notices;
using static SecurityManagement.Core.Storage.Sqlite.SqliteValues;

namespace SecurityManagement.Core.Storage.Sqlite;

internal sealed class SqliteNoticeStore(SqliteDatabase db) : INoticeStore
{
    private const string Columns =
        "id, title, body, audience, target, posted_by, posted_by_name, posted_at, expires_at, withdrawn_at";

    public Task AddAsync(Notice notice, AuditEntry audit, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO notices (id, title, body, audience, target, audience_key, posted_by, posted_by_name, posted_at, expires_at) "
            + "VALUES (@Id, @Title, @Body, @Audience, @Target, @AudienceKey, @PostedBy, @PostedByName, @PostedAt, @ExpiresAt);",
            new
            {
                Id = Id(notice.Id),
                notice.Title,
                notice.Body,
                Audience = notice.Audience.ToString(),
                notice.Target,
                notice.AudienceKey,
                PostedBy = Id(notice.PostedBy),
                notice.PostedByName,
                PostedAt = Ms(notice.PostedAt),
                ExpiresAt = Ms(notice.ExpiresAt),
            },
            tx, cancellationToken: ct)) == 1, audit, ct);

    public async Task<Notice?> GetAsync(Guid id, CancellationToken ct = default) =>
        (await QueryAsync($"SELECT {Columns} FROM notices WHERE id = @id;", new { id = Id(id) }, ct)).SingleOrDefault();

    public Task<IReadOnlyList<Notice>> ListLiveAsync(IReadOnlyCollection<string> audienceKeys, DateTimeOffset now, int take, CancellationToken ct = default) =>
        QueryAsync(
            $"SELECT {Columns} FROM notices WHERE audience_key IN @keys AND withdrawn_at IS NULL AND (expires_at IS NULL OR expires_at > @now) "
            + "ORDER BY posted_at DESC, id DESC LIMIT @take;",
            new { keys = audienceKeys, now = Ms(now), take }, ct);

    public async Task<Page<Notice>> ListAsync(PageRequest page, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM notices;", cancellationToken: ct));
        var rows = await connection.QueryAsync<NoticeRow>(new CommandDefinition(
            $"SELECT {Columns} FROM notices ORDER BY posted_at DESC, id DESC LIMIT @Take OFFSET @Skip;", new { page.Take, page.Skip }, cancellationToken: ct));
        return new Page<Notice>([.. rows.Select(ToNotice)], total);
    }

    public Task<Notice?> TryWithdrawAsync(Guid id, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default) =>
        db.WriteAsync<Notice?>(async (connection, tx) =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<NoticeRow>(new CommandDefinition(
                $"UPDATE notices SET withdrawn_at = @at WHERE id = @id AND withdrawn_at IS NULL RETURNING {Columns};", new { id = Id(id), at = Ms(at) }, tx,
                cancellationToken: ct));
            return row is null ? null : ToNotice(row);
        }, withdrawn => withdrawn is null ? [] : [audit], ct);

    public Task MarkReadAsync(Guid userId, IReadOnlyCollection<Guid> noticeIds, DateTimeOffset at, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO notice_reads (user_id, notice_id, read_at) VALUES (@user, @notice, @at) ON CONFLICT DO NOTHING;",
                noticeIds.Select(id => new { user = Id(userId), notice = Id(id), at = Ms(at) }), tx, cancellationToken: ct));
            return true;
        }, (AuditEntry?)null, ct);

    public async Task<IReadOnlySet<Guid>> ListReadAsync(Guid userId, IReadOnlyCollection<Guid> noticeIds, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var read = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT notice_id FROM notice_reads WHERE user_id = @user AND notice_id IN @ids;",
            new { user = Id(userId), ids = noticeIds.Select(Id).ToList() }, cancellationToken: ct));
        return read.Select(Guid.Parse).ToHashSet();
    }

    public Task<IReadOnlyList<Notice>> ListUnpushedAsync(int take, CancellationToken ct = default) =>
        QueryAsync($"SELECT {Columns} FROM notices WHERE pushed_at IS NULL AND withdrawn_at IS NULL ORDER BY posted_at, id LIMIT @take;", new { take }, ct);

    public Task<bool> TryMarkPushedAsync(Guid id, DateTimeOffset at, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE notices SET pushed_at = @at WHERE id = @id AND pushed_at IS NULL AND withdrawn_at IS NULL;", new { id = Id(id), at = Ms(at) }, tx, cancellationToken: ct)) == 1,
            (AuditEntry?)null, ct);

    private async Task<IReadOnlyList<Notice>> QueryAsync(string sql, object? args, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<NoticeRow>(new CommandDefinition(sql, args, cancellationToken: ct));
        return [.. rows.Select(ToNotice)];
    }

    private static Notice ToNotice(NoticeRow row) => new()
    {
        Id = Guid.Parse(row.Id),
        Title = row.Title,
        Body = row.Body,
        Audience = Enum.Parse<NoticeAudience>(row.Audience),
        Target = row.Target,
        PostedBy = Guid.Parse(row.PostedBy),
        PostedByName = row.PostedByName,
        PostedAt = Time(row.PostedAt),
        ExpiresAt = Time(row.ExpiresAt),
        WithdrawnAt = Time(row.WithdrawnAt),
    };

    private sealed class NoticeRow
    {
        public string Id { get; init; } = "";

        public string Title { get; init; } = "";

        public string Body { get; init; } = "";

        public string Audience { get; init; } = "";

        public string? Target { get; init; }

        public string PostedBy { get; init; } = "";

        public string PostedByName { get; init; } = "";

        public long PostedAt { get; init; }

        public long? ExpiresAt { get; init; }

        public long? WithdrawnAt { get; init; }
    }
}
