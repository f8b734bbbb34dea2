using Microsoft.Data.Sqlite;
using SecurityManagement.Core.Audit;

namespace SecurityManagement.Core.Storage.Sqlite;

/// <summary>Opens connections to one SQLite file with the settings every connection needs, and runs audited writes.</summary>
internal sealed class SqliteDatabase(string connectionString, AuditChain chain)
{
    // Writers wait up to this long for the file lock instead of failing with SQLITE_BUSY.
    private const int BusyTimeoutMs = 10_000;

    public string ConnectionString { get; } = connectionString;

    /// <summary>The chain every audit entry written here is linked with.</summary>
    public AuditChain Chain { get; } = chain;

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA foreign_keys = ON;";
            await pragma.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// One write transaction (BEGIN IMMEDIATE: under the file's write lock) holding the change and the
    /// audit entries <paramref name="audit"/> names for its result: both are committed, or neither.
    /// </summary>
    public async Task<T> WriteAsync<T>(
        Func<SqliteConnection, SqliteTransaction, Task<T>> change, Func<T, IEnumerable<AuditEntry>> audit, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var result = await change(connection, tx);
        foreach (var entry in audit(result))
        {
            await SqliteAuditStore.AppendAsync(connection, tx, Chain, entry, ct);
        }

        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>A write whose only result is done or not, with its entry kept when it is.</summary>
    public Task<bool> WriteAsync(Func<SqliteConnection, SqliteTransaction, Task<bool>> change, AuditEntry? audit, CancellationToken ct) =>
        WriteAsync(change, done => done && audit is not null ? [audit] : [], ct);
}

/// <summary>How the SQLite adapter writes domain values into columns.</summary>
internal static class SqliteValues
{
    public static long Ms(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static long? Ms(DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();

    public static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? Time(long? ms) => ms is { } value ? Time(value) : null;

    public static string Id(Guid id) => id.ToString();

    public static string? Id(Guid? id) => id?.ToString();

    /// <summary>Search text for LIKE ... ESCAPE '\' with its wildcards escaped, so "50%" means the characters typed.</summary>
    public static string LikeText(string text) =>
        text.Trim().Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    public static bool IsUniqueViolation(SqliteException ex, string column) =>
        ex.SqliteErrorCode == 19 && ex.Message.Contains(column, StringComparison.Ordinal);
}
