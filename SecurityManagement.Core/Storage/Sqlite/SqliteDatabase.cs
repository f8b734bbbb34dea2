using Microsoft.Data.Sqlite;

namespace SecurityManagement.Core.Storage.Sqlite;

/// <summary>Opens connections to one SQLite file with the settings every connection needs.</summary>
internal sealed class SqliteDatabase(string connectionString)
{
    // Writers wait up to this long for the file lock instead of failing with SQLITE_BUSY.
    private const int BusyTimeoutMs = 10_000;

    public string ConnectionString { get; } = connectionString;

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
