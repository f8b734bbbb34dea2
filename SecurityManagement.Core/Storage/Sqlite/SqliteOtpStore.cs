using System.Text.Json;
using Dapper;
using SecurityManagement.Core.Accounts;
using static SecurityManagement.Core.Storage.Sqlite.SqliteValues;

namespace SecurityManagement.Core.Storage.Sqlite;

internal sealed class SqliteOtpStore(SqliteDatabase db) : IOtpStore
{
    public async Task<OtpState?> GetAsync(PhoneNumber phone, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<OtpRow>(new CommandDefinition(
            "SELECT phone, code_hash, expires_at, attempts, sends, failures, version FROM otp WHERE phone = @phone;",
            new { phone = phone.Value }, cancellationToken: ct));
        return row is null ? null : new OtpState
        {
            Phone = PhoneNumber.Parse(row.Phone),
            CodeHash = row.CodeHash,
            ExpiresAt = Time(row.ExpiresAt),
            Attempts = (int)row.Attempts,
            Sends = Times(row.Sends),
            Failures = Times(row.Failures),
            Version = row.Version,
        };
    }

    public async Task<bool> TrySaveAsync(OtpState state, long expectedVersion, CancellationToken ct = default)
    {
        var args = new
        {
            phone = state.Phone.Value,
            codeHash = state.CodeHash,
            expiresAt = Ms(state.ExpiresAt),
            attempts = state.Attempts,
            sends = Json(state.Sends),
            failures = Json(state.Failures),
            version = state.Version,
            expectedVersion,
        };
        var sql = expectedVersion == 0
            ? """
              INSERT INTO otp (phone, code_hash, expires_at, attempts, sends, failures, version)
              VALUES (@phone, @codeHash, @expiresAt, @attempts, @sends, @failures, @version)
              ON CONFLICT (phone) DO NOTHING;
              """
            : """
              UPDATE otp SET code_hash = @codeHash, expires_at = @expiresAt, attempts = @attempts, sends = @sends,
                  failures = @failures, version = @version
              WHERE phone = @phone AND version = @expectedVersion;
              """;
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: ct)) == 1;
    }

    private static string Json(IReadOnlyList<DateTimeOffset> times) => JsonSerializer.Serialize(times.Select(t => Ms(t)));

    private static List<DateTimeOffset> Times(string json) =>
        (JsonSerializer.Deserialize<long[]>(json) ?? []).Select(ms => Time(ms)).ToList();

    private sealed class OtpRow
    {
        public string Phone { get; init; } = "";

        public string? CodeHash { get; init; }

        public long? ExpiresAt { get; init; }

        public long Attempts { get; init; }

        public string Sends { get; init; } = "[]";

        public string Failures { get; init; } = "[]";

        public long Version { get; init; }
    }
}
