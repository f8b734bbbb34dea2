using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using SecurityManagement.Core.Audit;

namespace SecurityManagement.Core.Storage.Sqlite;

/// <summary>
/// Opens connections to one SQLite file with the settings every connection needs, and runs audited
/// writes. Writes queue for one writer that keeps its connection (and its prepared statements) open:
/// what is queued when the writer is free goes into one transaction (group commit), each write under its
/// own savepoint so that one that fails leaves the others standing, and one commit makes them all
/// durable. A lone write is its own transaction, as before.
/// </summary>
internal sealed class SqliteDatabase : IAsyncDisposable
{
    // Writers wait up to this long for the file lock instead of failing with SQLITE_BUSY.
    private const int BusyTimeoutMs = 10_000;

    // The most writes one transaction holds.
    private const int MaxBatch = 64;

    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public SqliteDatabase(string connectionString, AuditChain chain)
    {
        ConnectionString = connectionString;
        Chain = chain;
        _writer = Task.Run(WriteLoopAsync);
    }

    public string ConnectionString { get; }

    /// <summary>The chain every audit entry written here is linked with.</summary>
    public AuditChain Chain { get; }

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
    /// One write (under the file's write lock, BEGIN IMMEDIATE) holding the change and the audit entries
    /// <paramref name="audit"/> names for its result: both are committed, or neither.
    /// </summary>
    public Task<T> WriteAsync<T>(
        Func<SqliteConnection, SqliteTransaction, Task<T>> change, Func<T, IEnumerable<AuditEntry>> audit, CancellationToken ct)
    {
        var write = new PendingWrite<T>(change, audit, ct);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(write), this);
        return write.Done;
    }

    /// <summary>A write whose only result is done or not, with its entry kept when it is.</summary>
    public Task<bool> WriteAsync(Func<SqliteConnection, SqliteTransaction, Task<bool>> change, AuditEntry? audit, CancellationToken ct) =>
        WriteAsync(change, done => done && audit is not null ? [audit] : [], ct);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteLoopAsync()
    {
        SqliteConnection? connection = null;
        var batch = new List<PendingWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
            {
                if (!write.CancelIfAsked())
                {
                    batch.Add(write);
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                connection ??= await OpenAsync(CancellationToken.None);
                await CommitAsync(connection, batch);
            }
            catch (Exception ex)
            {
                // The transaction could not begin or commit: nothing of the batch was kept. The
                // connection may be what failed, so the next batch opens a new one.
                batch.ForEach(write => write.Fail(ex));
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                    connection = null;
                }
            }
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    private async Task CommitAsync(SqliteConnection connection, List<PendingWrite> batch)
    {
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        if (batch.Count == 1)
        {
            if (!await batch[0].TryRunAsync(connection, tx, Chain))
            {
                batch.Clear();
                return;
            }
        }
        else
        {
            foreach (var write in batch.ToList())
            {
                await tx.SaveAsync("write");
                if (await write.TryRunAsync(connection, tx, Chain))
                {
                    await tx.ReleaseAsync("write");
                }
                else
                {
                    await tx.RollbackAsync("write");
                    await tx.ReleaseAsync("write");
                    batch.Remove(write);
                }
            }
        }

        await tx.CommitAsync();
        batch.ForEach(write => write.Committed());
    }

    /// <summary>A queued write: it runs inside the writer's transaction, and its caller hears once the transaction has committed.</summary>
    private abstract class PendingWrite(CancellationToken ct)
    {
        protected CancellationToken Ct => ct;

        /// <summary>Runs the change and its audit entries; on failure tells the caller and returns false (the writer undoes what it did).</summary>
        public abstract Task<bool> TryRunAsync(SqliteConnection connection, SqliteTransaction tx, AuditChain chain);

        public abstract void Committed();

        public abstract void Fail(Exception ex);

        /// <summary>A caller that gave up before its turn is told so and its write is dropped.</summary>
        public bool CancelIfAsked()
        {
            if (!ct.IsCancellationRequested)
            {
                return false;
            }

            Fail(new OperationCanceledException(ct));
            return true;
        }
    }

    private sealed class PendingWrite<T>(
        Func<SqliteConnection, SqliteTransaction, Task<T>> change, Func<T, IEnumerable<AuditEntry>> audit, CancellationToken ct) : PendingWrite(ct)
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Done => _done.Task;

        public override async Task<bool> TryRunAsync(SqliteConnection connection, SqliteTransaction tx, AuditChain chain)
        {
            try
            {
                _result = await change(connection, tx);
                foreach (var entry in audit(_result))
                {
                    await SqliteAuditStore.AppendAsync(connection, tx, chain, entry, Ct);
                }

                return true;
            }
            catch (Exception ex)
            {
                Fail(ex);
                return false;
            }
        }

        public override void Committed() => _done.TrySetResult(_result);

        public override void Fail(Exception ex)
        {
            if (ex is OperationCanceledException canceled)
            {
                _done.TrySetCanceled(canceled.CancellationToken);
            }
            else
            {
                _done.TrySetException(ex);
            }
        }
    }
}

/// <summary>
/// Statements prepared once per connection and run again with new values. The writer's connection
/// lives as long as the store, so the gate's hot statements skip SQLite's parsing (most of their cost).
/// </summary>
internal static class SqliteStatements
{
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Prepared = [];

    /// <summary>The statement for <paramref name="sql"/> on this connection, in the transaction, with the values set (null as NULL).</summary>
    public static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] values)
    {
        var commands = Prepared.GetOrCreateValue(connection);
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands[sql] = command;
        }

        command.Transaction = tx;
        foreach (var (name, value) in values)
        {
            if (command.Parameters.Contains(name))
            {
                command.Parameters[name].Value = value ?? DBNull.Value;
            }
            else
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }
        }

        return command;
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
