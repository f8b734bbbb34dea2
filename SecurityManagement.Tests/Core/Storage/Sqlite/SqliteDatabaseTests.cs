using Microsoft.Data.Sqlite;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Storage.Sqlite;

namespace SecurityManagement.Tests.Core.Storage.Sqlite;

public sealed class SqliteDatabaseTests : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sm-tests", Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task ALookUpDuringAWriteAnswersAtOnceFromWhatIsCommittedAndTheNextSeesTheWrite()
    {
        await using var db = await GateAsync();

        var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var write = db.WriteAsync(async (connection, tx) =>
        {
            await using var update = connection.CreateCommand();
            update.Transaction = tx;
            update.CommandText = "UPDATE gate SET value = 2;";
            await update.ExecuteNonQueryAsync(Ct);
            writing.SetResult();
            await finish.Task;
            return true;
        }, (AuditEntry?)null, Ct);
        await writing.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(1L, await ValueAsync(db).WaitAsync(TimeSpan.FromSeconds(10), Ct));

        finish.SetResult();
        Assert.True(await write);
        Assert.Equal(2L, await ValueAsync(db));
    }

    [Fact]
    public async Task ALookUpTheDatabaseRefusesLeavesTheNextWriteAndLookUpWorking()
    {
        await using var db = await GateAsync();

        await Assert.ThrowsAsync<SqliteException>(() => db.ReadAsync(async connection =>
            await SqliteStatements.Prepare(connection, null, "SELECT no_such_column FROM gate;").ExecuteScalarAsync(Ct), Ct));

        Assert.True(await db.WriteAsync(async (connection, tx) =>
        {
            await using var update = connection.CreateCommand();
            update.Transaction = tx;
            update.CommandText = "UPDATE gate SET value = 3;";
            return await update.ExecuteNonQueryAsync(Ct) == 1;
        }, (AuditEntry?)null, Ct));
        Assert.Equal(3L, await ValueAsync(db));
    }

    /// <summary>A store with one table, "gate", holding one value, 1.</summary>
    private async Task<SqliteDatabase> GateAsync()
    {
        Directory.CreateDirectory(_folder);
        var db = new SqliteDatabase($"Data Source={Path.Combine(_folder, "store.db")}", new AuditChain(AuditKey.Random()));
        await using var setup = await db.OpenAsync(Ct);
        await using var create = setup.CreateCommand();
        create.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE gate (value INTEGER NOT NULL); INSERT INTO gate VALUES (1);";
        await create.ExecuteNonQueryAsync(Ct);
        return db;
    }

    private static Task<long> ValueAsync(SqliteDatabase db) =>
        db.ReadAsync(async connection =>
        {
            return (long)(await SqliteStatements.Prepare(connection, null, "SELECT value FROM gate;").ExecuteScalarAsync(Ct))!;
        }, Ct);
}
