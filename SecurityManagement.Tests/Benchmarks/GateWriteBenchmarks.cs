using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Benchmarks;

/// <summary>
/// Full gate operations per second (log, approve, check in, check out, each through its Core service
/// with the acting user's session checked, its audit entry and its live events) beside raw single-row
/// SQLite commits on the same disk, in the same run. Gate operations are timed in steady state, after a
/// warm-up, and so are raw commits for the budget: at least half the raw rate, with 1 writer and with 8.
/// Raw commits on a fresh file (its write-ahead log still growing, which costs more) are printed too:
/// that is how the budget's first reference figure was taken, and it varies from run to run.
/// </summary>
[Collection(Benchmarking.Name)]
public sealed class GateWriteBenchmarks
{
    private const int OperationsPerVisit = 4;
    private const int VisitsPerWriter = 600;
    private const int WarmupVisits = 400;
    private const int RawCommits = 4_000;
    private const double Budget = 0.5;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Explicit = true)]
    public async Task GateOperationsCommitAtLeastHalfAsFastAsRawSingleRowCommits()
    {
        var fresh = await RawCommitsPerSecondAsync(1, warm: false);
        var steady = await RawCommitsPerSecondAsync(1, warm: true);
        var steadyEight = await RawCommitsPerSecondAsync(8, warm: true);
        var one = await GateOperationsPerSecondAsync(1);
        var eight = await GateOperationsPerSecondAsync(8);

        Report($"Raw single-row commits (WAL, default synchronous), same disk: {fresh:N0}/s on a fresh file; in steady state {steady:N0}/s with 1 writer, {steadyEight:N0}/s with 8");
        Report($"Gate operations (log, approve, check in, check out), steady state: {one:N0}/s with 1 writer = {one / fresh:P0} of fresh-file raw, {one / steady:P0} of steady raw; "
            + $"{eight:N0}/s with 8 writers = {eight / fresh:P0} of fresh-file raw, {eight / steady:P0} of steady raw");
        Assert.True(one >= Budget * steady, $"1 writer: {one:N0}/s is under half of {steady:N0}/s.");
        Assert.True(eight >= Budget * steady, $"8 writers: {eight:N0}/s is under half of {steady:N0}/s.");
    }

    private static async Task<double> GateOperationsPerSecondAsync(int writers)
    {
        await using var core = await CoreHarness.CreateAsync();
        var guards = new List<Actor>();
        var residents = new List<Actor>();
        for (var i = 0; i < writers; i++)
        {
            guards.Add(await core.SignInAsync(await core.AddUserAsync(Role.Guard)));
            residents.Add(await core.SignInAsync(await core.AddUserAsync(Role.Resident, flat: i % 2 == 0 ? "A-101" : "B-201")));
        }

        await WalkAsync(core, guards[0], residents[0], "A-101", WarmupVisits);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(i =>
            Task.Run(() => WalkAsync(core, guards[i], residents[i], i % 2 == 0 ? "A-101" : "B-201", VisitsPerWriter), Ct)));
        return writers * VisitsPerWriter * OperationsPerVisit / clock.Elapsed.TotalSeconds;
    }

    /// <summary>One writer's visits, each taken through the whole gate loop.</summary>
    private static async Task WalkAsync(CoreHarness core, Actor guard, Actor resident, string flat, int visits)
    {
        for (var i = 0; i < visits; i++)
        {
            var visit = await core.Visits.LogAsync(guard, new VisitRequest(Builders.NextPhone().Value, $"Visitor {i}", VisitPurpose.Delivery, flat, null, null), Ct);
            await core.Visits.ApproveAsync(resident, visit.Id, Ct);
            await core.Visits.CheckInAsync(guard, visit.Id, ct: Ct);
            await core.Visits.CheckOutAsync(guard, visit.Id, ct: Ct);
        }
    }

    private static async Task<double> RawCommitsPerSecondAsync(int writers, bool warm)
    {
        var folder = Path.Combine(Path.GetTempPath(), "sm-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var connectionString = $"Data Source={Path.Combine(folder, "raw.db")}";
        try
        {
            await using (var setup = new SqliteConnection(connectionString))
            {
                await setup.OpenAsync(Ct);
                await using var create = setup.CreateCommand();
                create.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE rows (id INTEGER PRIMARY KEY, value TEXT NOT NULL);";
                await create.ExecuteNonQueryAsync(Ct);
                if (warm)
                {
                    await InsertRowsAsync(setup, RawCommits);
                }
            }

            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
            {
                await using var connection = new SqliteConnection(connectionString);
                await connection.OpenAsync(Ct);
                await InsertRowsAsync(connection, RawCommits / writers);
            }, Ct)));
            return RawCommits / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Inserts one small row per commit.</summary>
    private static async Task InsertRowsAsync(SqliteConnection connection, int rows)
    {
        await using var insert = connection.CreateCommand();
        insert.CommandText = "PRAGMA busy_timeout = 10000;";
        await insert.ExecuteNonQueryAsync(Ct);
        insert.CommandText = "INSERT INTO rows (value) VALUES ('a row of about the size of a visit');";
        for (var i = 0; i < rows; i++)
        {
            await insert.ExecuteNonQueryAsync(Ct);
        }
    }

    private static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Console.WriteLine(line);
    }
}
