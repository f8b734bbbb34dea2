using Dapper;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Reach;
using static SecurityManagement.Core.Storage.Sqlite.SqliteValues;

namespace SecurityManagement.Core.Storage.Sqlite;

internal sealed class SqliteReachStore(SqliteDatabase db) : IReachStore
{
    private const string DeviceColumns = "endpoint, p256dh, auth, user_id, session_id, label, created_at";
    private const string StepColumns = "visit_id, round, kind, at, count, user_id, name";

    public Task SaveDeviceAsync(PushDevice device, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO push_devices ({DeviceColumns}) VALUES (@Endpoint, @P256dh, @Auth, @UserId, @SessionId, @Label, @CreatedAt) "
            + "ON CONFLICT (endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth, user_id = excluded.user_id, "
            + "session_id = excluded.session_id, label = excluded.label, created_at = excluded.created_at;",
            new
            {
                device.Endpoint,
                device.P256dh,
                device.Auth,
                UserId = Id(device.UserId),
                SessionId = Id(device.SessionId),
                device.Label,
                CreatedAt = Ms(device.CreatedAt),
            }, tx, cancellationToken: ct)) == 1, (AuditEntry?)null, ct);

    public async Task<PushDevice?> GetDeviceAsync(string endpoint, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<DeviceRow>(new CommandDefinition(
            $"SELECT {DeviceColumns} FROM push_devices WHERE endpoint = @endpoint;", new { endpoint }, cancellationToken: ct));
        return row?.ToDevice();
    }

    public async Task<IReadOnlyList<PushDevice>> ListDevicesAsync(IReadOnlyCollection<Guid> userIds, CancellationToken ct = default)
    {
        if (userIds.Count == 0)
        {
            return [];
        }

        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<DeviceRow>(new CommandDefinition(
            $"SELECT {DeviceColumns} FROM push_devices WHERE user_id IN @ids ORDER BY created_at, endpoint;",
            new { ids = userIds.Select(Id).ToList() }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToDevice())];
    }

    public async Task<bool> RemoveDeviceAsync(string endpoint, Guid userId, CancellationToken ct = default) =>
        await DeleteAsync("endpoint = @endpoint AND user_id = @userId", new { endpoint, userId = Id(userId) }, ct) > 0;

    public Task RemoveGoneDeviceAsync(string endpoint, CancellationToken ct = default) =>
        DeleteAsync("endpoint = @endpoint", new { endpoint }, ct);

    public Task<int> RemoveDevicesOfSessionAsync(Guid sessionId, CancellationToken ct = default) =>
        DeleteAsync("session_id = @sessionId", new { sessionId = Id(sessionId) }, ct);

    public Task<int> RemoveDevicesOfUserAsync(Guid userId, CancellationToken ct = default) =>
        DeleteAsync("user_id = @userId", new { userId = Id(userId) }, ct);

    public async Task<Household> GetHouseholdAsync(FlatCode flat, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<HouseholdRow>(new CommandDefinition(
            "SELECT flat, push, sms, quiet_from, quiet_to, leave_deliveries FROM households WHERE flat = @flat;", new { flat = flat.Value }, cancellationToken: ct));
        return row is null ? Household.Default(flat) : new Household
        {
            Flat = flat,
            Push = row.Push,
            Sms = row.Sms,
            QuietFrom = Minutes(row.QuietFrom),
            QuietTo = Minutes(row.QuietTo),
            LeaveDeliveries = row.LeaveDeliveries,
        };
    }

    public Task SaveHouseholdAsync(Household household, AuditEntry audit, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO households (flat, push, sms, quiet_from, quiet_to, leave_deliveries) VALUES (@flat, @push, @sms, @quietFrom, @quietTo, @leave) "
            + "ON CONFLICT (flat) DO UPDATE SET push = excluded.push, sms = excluded.sms, quiet_from = excluded.quiet_from, quiet_to = excluded.quiet_to, "
            + "leave_deliveries = excluded.leave_deliveries;",
            new
            {
                flat = household.Flat.Value,
                push = household.Push,
                sms = household.Sms,
                quietFrom = Minutes(household.QuietFrom),
                quietTo = Minutes(household.QuietTo),
                leave = household.LeaveDeliveries,
            }, tx, cancellationToken: ct)) == 1, audit, ct);

    public Task<bool> AddStepAsync(ReachStep step, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
            $"INSERT OR IGNORE INTO reach_steps ({StepColumns}) VALUES (@visitId, @round, @kind, @at, @count, @userId, @name);",
            new
            {
                visitId = Id(step.VisitId),
                round = step.Round,
                kind = step.Kind.ToString(),
                at = Ms(step.At),
                count = step.Count,
                userId = Id(step.UserId),
                name = step.Name,
            }, tx, cancellationToken: ct)) == 1, (AuditEntry?)null, ct);

    public async Task<int> RemoveStepsBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM reach_steps WHERE at < @cutoff;", new { cutoff = Ms(cutoff) }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<ReachStep>> ListStepsAsync(IReadOnlyCollection<Guid> visitIds, CancellationToken ct = default)
    {
        if (visitIds.Count == 0)
        {
            return [];
        }

        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<StepRow>(new CommandDefinition(
            $"SELECT {StepColumns} FROM reach_steps WHERE visit_id IN @ids ORDER BY at, rowid;",
            new { ids = visitIds.Select(Id).ToList() }, cancellationToken: ct));
        return [.. rows.Select(r => new ReachStep(
            Guid.Parse(r.VisitId), (int)r.Round, Enum.Parse<ReachKind>(r.Kind), Time(r.At), (int)r.Count, r.UserId is null ? null : Guid.Parse(r.UserId), r.Name))];
    }

    private async Task<int> DeleteAsync(string where, object args, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM push_devices WHERE {where};", args, cancellationToken: ct));
    }

    private static TimeOnly? Minutes(long? minutes) => minutes is { } m ? TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(m)) : null;

    private static long? Minutes(TimeOnly? time) => time is { } t ? (t.Hour * 60) + t.Minute : null;

    private sealed class DeviceRow
    {
        public string Endpoint { get; init; } = "";

        public string P256dh { get; init; } = "";

        public string Auth { get; init; } = "";

        public string UserId { get; init; } = "";

        public string? SessionId { get; init; }

        public string? Label { get; init; }

        public long CreatedAt { get; init; }

        public PushDevice ToDevice() => new()
        {
            Endpoint = Endpoint,
            P256dh = P256dh,
            Auth = Auth,
            UserId = Guid.Parse(UserId),
            SessionId = SessionId is null ? null : Guid.Parse(SessionId),
            Label = Label,
            CreatedAt = Time(CreatedAt),
        };
    }

    private sealed class HouseholdRow
    {
        public string Flat { get; init; } = "";

        public bool Push { get; init; }

        public bool Sms { get; init; }

        public long? QuietFrom { get; init; }

        public long? QuietTo { get; init; }

        public bool LeaveDeliveries { get; init; }
    }

    private sealed class StepRow
    {
        public string VisitId { get; init; } = "";

        public long Round { get; init; }

        public string Kind { get; init; } = "";

        public long At { get; init; }

        public long Count { get; init; }

        public string? UserId { get; init; }

        public string? Name { get; init; }
    }
}
