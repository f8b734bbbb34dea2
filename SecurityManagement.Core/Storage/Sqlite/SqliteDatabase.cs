using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SecurityManagement.Core.Audit;

namespace SecurityManagement.Core.Storage.Sqlite;

/// <summary>
/// Opens connections to one SQLite file with the settings every connection needs, and runs audited
/// writes. Writes queue, and whoever gets the writer's turn commits everything queued by then in one
/// transaction (group commit) on a connection the store keeps open with its statements prepared: each
/// write under its own savepoint, so one that fails leaves the others standing, and one commit makes
/// them all durable. A lone write runs at once on its caller's thread, as its own transaction. The
/// gate's look-ups run on the writer's connection too while no write runs or waits (see ReadAsync).
/// </summary>
internal sealed class SqliteDatabase : IAsyncDisposable
{
    // Writers wait up to this long for the file lock instead of failing with SQLITE_BUSY.
    private const int BusyTimeoutMs = 10_000;

    // The most writes one transaction holds.
    private const int MaxBatch = 64;

    // The most idle read connections kept open (with their prepared statements) between reads.
    private const int MaxKeptReaders = 8;

    private readonly ConcurrentQueue<PendingWrite> _queue = new();
    private readonly SemaphoreSlim _writerTurn = new(1, 1);
    private readonly ConcurrentBag<SqliteConnection> _readers = [];
    private int _keptReaders;

    // Used only by whoever holds the writer's turn.
    private SqliteConnection? _writer;
    private bool _disposed;

    public SqliteDatabase(string connectionString, AuditChain chain)
    {
        ConnectionString = connectionString;
        Chain = chain;
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
    /// A read on one of the connections the store keeps open, whose statements stay prepared from one read
    /// to the next: for the look-ups every gate operation makes (the acting user, their session, the visit).
    /// While no write runs or waits, it runs on the writer's connection: every commit empties the page cache
    /// of each other connection, while the writer's own stays warm. A write that arrives meanwhile waits for
    /// the read, so <paramref name="read"/> is a point look-up and never writes.
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> read, CancellationToken ct)
    {
        if (_queue.IsEmpty && !_disposed && _writerTurn.Wait(0, CancellationToken.None))
        {
            try
            {
                // Disposing takes the turn too, so a store disposed before this read got it is seen here.
                ObjectDisposedException.ThrowIf(_disposed, this);
                return await ReadOnWriterAsync(read, ct);
            }
            finally
            {
                _writerTurn.Release();
            }
        }

        SqliteConnection connection;
        if (_readers.TryTake(out var kept))
        {
            Interlocked.Decrement(ref _keptReaders);
            connection = kept;
        }
        else
        {
            connection = await OpenAsync(ct);
        }

        T result;
        try
        {
            result = await read(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        if (Interlocked.Increment(ref _keptReaders) <= MaxKeptReaders)
        {
            _readers.Add(connection);
        }
        else
        {
            Interlocked.Decrement(ref _keptReaders);
            await connection.DisposeAsync();
        }

        return result;
    }

    /// <summary>With the writer's turn: the read on the writer's connection, opened again after a read the database failed.</summary>
    private async Task<T> ReadOnWriterAsync<T>(Func<SqliteConnection, Task<T>> read, CancellationToken ct)
    {
        var writer = _writer ??= await OpenAsync(ct);
        try
        {
            return await read(writer);
        }
        catch (SqliteException)
        {
            await writer.DisposeAsync();
            _writer = null;
            throw;
        }
    }

    /// <summary>
    /// One write (under the file's write lock, BEGIN IMMEDIATE) holding the change and the audit entries
    /// <paramref name="audit"/> names for its result: both are committed, or neither.
    /// </summary>
    public async Task<T> WriteAsync<T>(
        Func<SqliteConnection, SqliteTransaction, Task<T>> change, Func<T, IEnumerable<AuditEntry>> audit, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var write = new PendingWrite<T>(change, audit, ct);
        _queue.Enqueue(write);

        // Not cancellable: the write is queued, and its caller hears how it ended.
        await _writerTurn.WaitAsync(CancellationToken.None);
        try
        {
            while (!write.Done.IsCompleted)
            {
                await CommitQueuedAsync();
            }
        }
        finally
        {
            _writerTurn.Release();
        }

        return await write.Done;
    }

    /// <summary>A write whose only result is done or not, with its entry kept when it is.</summary>
    public Task<bool> WriteAsync(Func<SqliteConnection, SqliteTransaction, Task<bool>> change, AuditEntry? audit, CancellationToken ct) =>
        WriteAsync(change, done => done && audit is not null ? [audit] : [], ct);

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _writerTurn.WaitAsync(CancellationToken.None);
        while (_queue.TryDequeue(out var late))
        {
            late.Fail(new ObjectDisposedException(nameof(SqliteDatabase)));
        }

        if (_writer is not null)
        {
            await _writer.DisposeAsync();
            _writer = null;
        }

        // Anyone still waiting for the turn finds their write answered and goes.
        _writerTurn.Release();

        while (_readers.TryTake(out var reader))
        {
            await reader.DisposeAsync();
        }
    }

    /// <summary>With the writer's turn: commits up to <see cref="MaxBatch"/> queued writes in one transaction.</summary>
    private async Task CommitQueuedAsync()
    {
        var batch = new List<PendingWrite>(Math.Min(_queue.Count, MaxBatch));
        while (batch.Count < MaxBatch && _queue.TryDequeue(out var write))
        {
            if (!write.CancelIfAsked())
            {
                batch.Add(write);
            }
        }

        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            _writer ??= await OpenAsync(CancellationToken.None);
            await CommitAsync(_writer, batch);
        }
        catch (Exception ex)
        {
            // The transaction could not begin or commit: nothing of the batch was kept. The connection
            // may be what failed, so the next batch opens a new one.
            batch.ForEach(write => write.Fail(ex));
            if (_writer is not null)
            {
                await _writer.DisposeAsync();
                _writer = null;
            }
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
