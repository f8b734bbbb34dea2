using System.Text.Json;
using Dapper;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Settings;

namespace SecurityManagement.Core.Storage.Sqlite;

internal sealed class SqliteSettingsStore(SqliteDatabase db) : ISettingsStore
{
    public async Task<SocietySettings?> GetAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var body = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT body FROM settings WHERE id = 1;", cancellationToken: ct));
        return body is null ? null : JsonSerializer.Deserialize<SocietySettings>(body);
    }

    public Task<bool> TrySaveAsync(SocietySettings settings, long expectedVersion, AuditEntry? audit, CancellationToken ct = default)
    {
        var args = new { body = JsonSerializer.Serialize(settings), version = settings.Version, expectedVersion };
        return db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
            expectedVersion == 0
                ? "INSERT INTO settings (id, body, version) VALUES (1, @body, @version) ON CONFLICT (id) DO NOTHING;"
                : "UPDATE settings SET body = @body, version = @version WHERE id = 1 AND version = @expectedVersion;",
            args, tx, cancellationToken: ct)) == 1, audit, ct);
    }
}
