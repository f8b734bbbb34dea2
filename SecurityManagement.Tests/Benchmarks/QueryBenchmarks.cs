using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Benchmarks;

/// <summary>
/// Every screen's query at 10,000 and at 1,000,000 visits (with the parcels, expected visitors and helpers' stays of
/// the same days), side by side: the budget is at most twice the 10,000-visit time, or 20 ms (README: "Performance budgets").
/// </summary>
[Collection(Benchmarking.Name)]
public sealed class QueryBenchmarks(QueryBenchmarks.Societies societies) : IClassFixture<QueryBenchmarks.Societies>
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
        var small = await MeasureAsync(await societies.GetAsync(Small));
        var large = await MeasureAsync(await societies.GetAsync(Large));

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

    [Fact(Explicit = true)]
    public async Task ExportingEverythingWritesAHundredThousandRowsASecondInFlatMemory()
    {
        var figures = new List<(int Visits, double RowsPerSecond, long PeakBytes)>();
        foreach (var size in new[] { Small, Large })
        {
            var society = await societies.GetAsync(size);
            var admin = CoreHarness.ActorOf(society.Admin);
            await society.Log.ExportCsvAsync(admin, new VisitLogFilter(Flat: FlatCode.Parse("A-101")), TextWriter.Null, Ct);
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            long peak = 0;

            // Every 8 MB of CSV, what the export still holds (after a full collection): flat means it never grows.
            var output = new CountingStream(8 * 1048576, () => peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true)));
            var clock = Stopwatch.StartNew();
            int rows;
            await using (var writer = new StreamWriter(output, new System.Text.UTF8Encoding(false), 16 * 1024))
            {
                rows = await society.Log.ExportCsvAsync(admin, new VisitLogFilter(), writer, Ct);
            }

            var seconds = clock.Elapsed.TotalSeconds - output.MeasuringTime.TotalSeconds;
            var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
            Assert.Equal(size, rows);
            figures.Add((size, rows / seconds, Math.Max(0, peak - before)));
            Report($"CSV export of all {rows:N0} visits: {seconds:0.00} s, {rows / seconds:N0} rows/s, {output.Length / 1048576.0:0.0} MB of CSV; "
                + $"live managed heap at most {Math.Max(0, peak - before) / 1024.0:N0} KB above where it began; {allocated / (double)rows:N0} bytes allocated a row");
        }

        Assert.True(figures[^1].RowsPerSecond >= 100_000, $"{figures[^1].RowsPerSecond:N0} rows/s.");
        Assert.True(figures[^1].PeakBytes < 4 * 1048576, "The export holds more as it writes more rows.");
    }

    private static async Task<Dictionary<string, double>> MeasureAsync(BenchmarkSociety society)
    {
        var visits = society.Visits;
        var guard = CoreHarness.ActorOf(society.Guard);
        var resident = CoreHarness.ActorOf(society.Resident);
        var admin = CoreHarness.ActorOf(society.Admin);
        var deep = await CursorAtAsync(society, visits / 2);
        var flat = FlatCode.Parse("C-1503");
        var gate = society.Gates.Gates[0].Id;
        var month = DateOnly.FromDateTime(BenchmarkSociety.Now.Date);
        var queries = new (string Name, Func<Task> Run)[]
        {
            ("home page: today's counts", () => society.Summary.GetTodayAsync(Ct)),
            ("guard: the four boards at one of two gates", () => society.VisitService.GetBoardsAsync(guard, gate, Ct)),
            ("guard: parcels waiting", () => society.Parcels.ListWaitingAsync(guard, Ct)),
            ("guard: expected within the hour", () => society.Expected.ListUpcomingAsync(guard, Ct)),
            ("guard: helpers inside", () => society.Helpers.ListInsideAsync(guard, Ct)),
            ("guard: a helper by name", () => society.Helpers.FindAsync(guard, "Priya", Ct)),
            ("guard: a returning visitor's phone", () => society.VisitService.FindVisitorAsync(guard, BenchmarkSociety.PhoneOf(visits - 100), Ct)),
            ("resident: waiting requests", () => society.VisitService.GetPendingAsync(resident, Ct)),
            ("resident: today", () => society.VisitService.GetTodayAsync(resident, Ct)),
            ("resident: history, page 1", () => society.VisitService.GetHistoryAsync(resident, new SecurityManagement.Core.PageRequest(0, 10), Ct)),
            ("resident: parcels", () => society.Parcels.GetMineAsync(resident, Ct)),
            ("resident: expected visitors", () => society.Expected.ListMineAsync(resident, Ct)),
            ("resident: helpers and today's comings and goings", () => society.Helpers.ListMineAsync(resident, Ct)),
            ("resident: a helper's month", () => society.Helpers.AttendanceAsync(resident, society.ResidentsHelper, month, Ct)),
            ("admin: helpers, page 1", () => society.Helpers.ListAsync(admin, null, new SecurityManagement.Core.PageRequest(0, 25), Ct)),
            ("admin: overview", () => society.Log.GetOverviewAsync(admin, Ct)),
            ("visit log: page 1", () => society.Log.SearchAsync(admin, new VisitLogFilter(), null, 50, Ct)),
            ("visit log: a flat's visits", () => society.Log.SearchAsync(admin, new VisitLogFilter(Flat: flat), null, 50, Ct)),
            ($"visit log: the page {visits / 2:N0} visits deep", () => society.Log.SearchAsync(admin, new VisitLogFilter(), deep, 50, Ct)),
            ("visit log: one gate's visits", () => society.Log.SearchAsync(admin, new VisitLogFilter(Gate: gate), null, 50, Ct)),
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

    /// <summary>The two societies, seeded once for the class (the big one takes a few minutes).</summary>
    public sealed class Societies : IAsyncDisposable
    {
        private readonly Dictionary<int, BenchmarkSociety> _seeded = [];

        public async Task<BenchmarkSociety> GetAsync(int visits)
        {
            if (!_seeded.TryGetValue(visits, out var society))
            {
                society = _seeded[visits] = await BenchmarkSociety.CreateAsync(visits, Ct);
                Report($"Seeded {visits:N0} visits in {society.SeedTime.TotalSeconds:0.0} s ({new FileInfo(society.FilePath).Length / 1048576.0:0} MB)");
            }

            return society;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var society in _seeded.Values)
            {
                await society.DisposeAsync();
            }
        }
    }

    /// <summary>Counts what is written and keeps none of it; every <paramref name="every"/> bytes it calls <paramref name="measure"/> (its time left out).</summary>
    private sealed class CountingStream(long every, Action measure) : Stream
    {
        private long _length;
        private long _next;

        public TimeSpan MeasuringTime { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Count(count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Count(buffer.Length);
            return ValueTask.CompletedTask;
        }

        private void Count(int bytes)
        {
            _length += bytes;
            if (_length >= _next + every)
            {
                _next += every;
                var clock = Stopwatch.StartNew();
                measure();
                MeasuringTime += clock.Elapsed;
            }
        }
    }

    private static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Console.WriteLine(line);
    }
}
