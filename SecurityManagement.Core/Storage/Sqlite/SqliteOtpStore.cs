using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using SecurityManagement.Core.Accounts;
using static SecurityManagement.Core.Storage.Sqlite.SqliteValues;

namespace SecurityManagement.Core.Storage.Sqlite;

internal sealed class SqliteOtpStore(SqliteDatabase db) : IOtpStore
{
    private const string Columns = "phone, lane, code_hash, expires_at, attempts, sends, failures, trusted_devices, version";

    public async Task<OtpState?> GetAsync(PhoneNumber phone, string lane, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<OtpRow>(new CommandDefinition(
            $"SELECT {Columns} FROM otp_states WHERE phone = @phone AND lane = @lane;",
            new { phone = phone.Value, lane }, cancellationToken: ct));
        return row is null ? null : new OtpState
        {
            Phone = PhoneNumber.Parse(row.Phone),
            Lane = row.Lane,
            CodeHash = row.CodeHash,
            ExpiresAt = Time(row.ExpiresAt),
            Attempts = (int)row.Attempts,
            Sends = Times(row.Sends),
            Failures = Times(row.Failures),
            TrustedDevices = JsonSerializer.Deserialize<string[]>(row.TrustedDevices) ?? [],
            Version = row.Version,
        };
    }

    public async Task<bool> TrySaveAsync(OtpState state, long expectedVersion, CancellationToken ct = default)
    {
        var args = new
        {
            phone = state.Phone.Value,
            lane = state.Lane,
            codeHash = state.CodeHash,
            expiresAt = Ms(state.ExpiresAt),
            attempts = state.Attempts,
            sends = Json(state.Sends),
            failures = Json(state.Failures),
            trustedDevices = JsonSerializer.Serialize(state.TrustedDevices),
            version = state.Version,
            expectedVersion,
        };
        var sql = expectedVersion == 0
            ? $"INSERT INTO otp_states ({Columns}) VALUES (@phone, @lane, @codeHash, @expiresAt, @attempts, @sends, @failures, @trustedDevices, @version) "
              + "ON CONFLICT (phone, lane) DO NOTHING;"
            : "UPDATE otp_states SET code_hash = @codeHash, expires_at = @expiresAt, attempts = @attempts, sends = @sends, "
              + "failures = @failures, trusted_devices = @trustedDevices, version = @version "
              + "WHERE phone = @phone AND lane = @lane AND version = @expectedVersion;";
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: ct)) == 1;
    }

    public async Task<SendWindow?> TryCountSendAsync(IReadOnlyList<SendWindow> windows, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM send_counts WHERE ends_at <= @now;", new { now = Ms(now) }, tx, cancellationToken: ct));
        foreach (var window in windows.Where(w => w.Limit is not null))
        {
            var count = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT count FROM send_counts WHERE key = @Key;", new { window.Key }, tx, cancellationToken: ct)) ?? 0;
            if (count >= window.Limit)
            {
                return window;
            }
        }

        foreach (var window in windows)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO send_counts (key, count, ends_at) VALUES (@Key, 1, @EndsAt) ON CONFLICT (key) DO UPDATE SET count = count + 1;",
                new { window.Key, EndsAt = Ms(window.EndsAt) }, tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
        return null;
    }

    public async Task UncountSendAsync(IReadOnlyList<SendWindow> windows, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        foreach (var window in windows)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE send_counts SET count = count - 1 WHERE key = @Key AND count > 0;", new { window.Key }, cancellationToken: ct));
        }
    }

    private static string Json(IReadOnlyList<DateTimeOffset> times) => JsonSerializer.Serialize(times.Select(t => Ms(t)));

    private static List<DateTimeOffset> Times(string json) =>
        (JsonSerializer.Deserialize<long[]>(json) ?? []).Select(ms => Time(ms)).ToList();

    private sealed class OtpRow
    {
        public string Phone { get; init; } = "";

        public string Lane { get; init; } = "";

        public string? CodeHash { get; init; }

        public long? ExpiresAt { get; init; }

        public long Attempts { get; init; }

        public string Sends { get; init; } = "[]";

        public string Failures { get; init; } = "[]";

        public string TrustedDevices { get; init; } = "[]";

        public long Version { get; init; }
    }
}
