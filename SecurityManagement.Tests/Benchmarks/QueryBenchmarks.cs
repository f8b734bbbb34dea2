using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Benchmarks;

/// <summary>
/// Every screen's query at 10,000 and at 1,000,000 visits, side by side: the budget is at most twice the
/// 10,000-visit time, or 20 ms (README: "Performance budgets").
/// </summary>
[Collection(Benchmarking.Name)]
public sealed class QueryBenchmarks
{
    private const int Small = 10_000;
    private const int Large = 1_000_000;
    private const int Warmup = 3;
    private const int Rounds = 25;
    private const double BudgetRatio = 2;
    private const double BudgetMs = 20;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Explicit = true)]
    public async Task EveryScreensQueryStaysFlatFromTenThousandToAMillionVisits()
    {
        var small = await MeasureAsync(Small);
        var large = await MeasureAsync(Large);

        Report($"{"query",-58} {"10,000",10} {"1,000,000",10} {"ratio",7}  budget");
        var over = new List<string>();
        foreach (var (query, smallMs) in small)
        {
            var largeMs = large[query];
            var ratio = largeMs / smallMs;
            var held = largeMs <= BudgetMs || ratio <= BudgetRatio;
            if (!held)
            {
                over.Add(query);
            }

            Report($"{query,-58} {smallMs,7:0.00} ms {largeMs,7:0.00} ms {ratio,6:0.0}×  {(held ? "held" : "OVER")}");
        }

        Assert.Empty(over);
    }

    private static async Task<Dictionary<string, double>> MeasureAsync(int visits)
    {
        await using var society = await BenchmarkSociety.CreateAsync(visits, Ct);
        Report($"Seeded {visits:N0} visits in {society.SeedTime.TotalSeconds:0.0} s ({new FileInfo(society.FilePath).Length / 1048576.0:0} MB before its WAL)");
        var guard = CoreHarness.ActorOf(society.Guard);
        var resident = CoreHarness.ActorOf(society.Resident);
        var admin = CoreHarness.ActorOf(society.Admin);
        var deep = await CursorAtAsync(society, visits / 2);
        var flat = FlatCode.Parse("C-1503");
        var queries = new (string Name, Func<Task> Run)[]
        {
            ("home page: today's counts", () => society.Summary.GetTodayAsync(Ct)),
            ("guard: the four boards", () => society.VisitService.GetBoardsAsync(guard, Ct)),
            ("guard: a returning visitor's phone", () => society.VisitService.FindVisitorAsync(guard, BenchmarkSociety.PhoneOf(visits - 100), Ct)),
            ("resident: waiting requests", () => society.VisitService.GetPendingAsync(resident, Ct)),
            ("resident: today", () => society.VisitService.GetTodayAsync(resident, Ct)),
            ("resident: history, page 1", () => society.VisitService.GetHistoryAsync(resident, new SecurityManagement.Core.PageRequest(0, 10), Ct)),
            ("admin: overview", () => society.Log.GetOverviewAsync(admin, Ct)),
            ("visit log: page 1", () => society.Log.SearchAsync(admin, new VisitLogFilter(), null, 50, Ct)),
            ("visit log: a flat's visits", () => society.Log.SearchAsync(admin, new VisitLogFilter(Flat: flat), null, 50, Ct)),
            ($"visit log: the page {visits / 2:N0} visits deep", () => society.Log.SearchAsync(admin, new VisitLogFilter(), deep, 50, Ct)),
            ("visit log: denied", () => society.Log.SearchAsync(admin, new VisitLogFilter(Status: VisitStatus.Denied), null, 50, Ct)),
            ("visit log: a visitor's full name", () => society.Log.SearchAsync(admin, new VisitLogFilter(Text: BenchmarkSociety.NameOf(visits - 7)), null, 50, Ct)),
            ("visit log: part of a name (\"ulkar\")", () => society.Log.SearchAsync(admin, new VisitLogFilter(Text: "ulkar"), null, 50, Ct)),
            ("visit log: start of a phone (6 digits)", () => society.Log.SearchAsync(admin, new VisitLogFilter(Text: BenchmarkSociety.PhoneOf(visits - 3)[..6]), null, 50, Ct)),
            ("audit trail: page 1", () => society.Audit.ListLinesAsync(admin, null, null, null, null, new SecurityManagement.Core.PageRequest(0, 50), Ct)),
        };

        var medians = new Dictionary<string, double>();
        foreach (var (name, run) in queries)
        {
            var key = name.Replace($"{visits / 2:N0}", "half the", StringComparison.Ordinal);
            medians[key] = await TimeAsync(run);
        }

        return medians;
    }

    /// <summary>Median of <see cref="Rounds"/> runs after <see cref="Warmup"/>, in ms.</summary>
    private static async Task<double> TimeAsync(Func<Task> run)
    {
        for (var i = 0; i < Warmup; i++)
        {
            await run();
        }

        var sample = new List<double>();
        for (var i = 0; i < Rounds; i++)
        {
            var clock = Stopwatch.StartNew();
            await run();
            sample.Add(clock.Elapsed.TotalMilliseconds);
        }

        return Percentiles.Of(sample, 50);
    }

    private static async Task<VisitCursor> CursorAtAsync(BenchmarkSociety society, int offset)
    {
        await using var connection = new SqliteConnection($"Data Source={society.FilePath}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT created_at, id FROM visits ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET {offset};";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        await reader.ReadAsync(Ct);
        return new VisitCursor(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), Guid.Parse(reader.GetString(1)));
    }

    private static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Console.WriteLine(line);
    }
}
