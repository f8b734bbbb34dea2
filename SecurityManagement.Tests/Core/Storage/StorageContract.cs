using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Storage;

namespace SecurityManagement.Tests.Core.Storage;

/// <summary>One storage engine under test: hands out a fresh, empty, initialized store and removes it afterwards.</summary>
public interface ITestStorageEngine : IAsyncDisposable
{
    /// <summary>The chain the store links audit entries with (its key is the test's own).</summary>
    AuditChain Chain { get; }

    Task<IStorage> CreateAsync();
}

/// <summary>
/// Base of the storage contract suites. Each port has one abstract suite; each adapter runs it
/// through a subclass that names its engine. xunit makes a new instance per test, so every test
/// gets its own empty store.
/// </summary>
public abstract class StorageContract(ITestStorageEngine engine) : IAsyncLifetime
{
    protected IStorage Storage { get; private set; } = null!;

    protected AuditChain Chain => engine.Chain;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => Storage = await engine.CreateAsync();

    public async ValueTask DisposeAsync()
    {
        await engine.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts <paramref name="count"/> attempts at the same moment and returns their results.</summary>
    protected static Task<T[]> RaceAsync<T>(int count, Func<int, Task<T>> attempt)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(async i =>
        {
            await start.Task;
            return await attempt(i);
        }).ToArray();
        start.SetResult();
        return Task.WhenAll(tasks);
    }
}
