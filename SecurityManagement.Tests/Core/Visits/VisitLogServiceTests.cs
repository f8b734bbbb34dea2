using System.Diagnostics;
using System.Globalization;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Support;
using static SecurityManagement.Tests.Support.Builders;

namespace SecurityManagement.Tests.Core.Visits;

public sealed class VisitLogServiceTests : IAsyncLifetime
{
    private CoreHarness _core = null!;
    private VisitLogService _log = null!;
    private CountingVisitStore _store = null!;
    private Actor _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreHarness.CreateAsync();
        _store = new CountingVisitStore(_core.Storage.Visits);
        _log = new VisitLogService(_store, _core.Storage.Users, _core.Acting, _core.Storage.Audit, new SocietyOptions("Test", TimeZoneInfo.Utc), new GateOptions(), _core.Clock);
        _admin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin));
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Fact]
    public async Task LogFiltersByDayFlatStatusPurposeAndText()
    {
        var guard = await _core.AddUserAsync(Role.Guard);
        var priya = await _core.AddUserAsync(Role.Resident, flat: "A-101");
        var ravi = await _core.Visits.LogAsync(CoreHarness.ActorOf(guard), new VisitRequest("9811100001", "Ravi Kumar", VisitPurpose.Delivery, "A-101", null, null), Ct);

        // A second later: ids made in one millisecond are in no set order, and the log is newest first.
        _core.Clock.Advance(TimeSpan.FromSeconds(1));
        await _core.Visits.LogAsync(CoreHarness.ActorOf(guard), new VisitRequest("9811100002", "Meera Iyer", VisitPurpose.Guest, "A-102", null, null), Ct);
        _core.Clock.Advance(TimeSpan.FromDays(1));
        var later = await _core.Visits.LogAsync(CoreHarness.ActorOf(guard), new VisitRequest("9811100003", "Ravi Shankar", VisitPurpose.Guest, "A-101", null, null), Ct);
        await _core.Visits.ApproveAsync(CoreHarness.ActorOf(priya), later.Id, Ct);

        async Task<IEnumerable<string>> Find(VisitLogFilter filter) =>
            (await _log.SearchAsync(_admin, filter, null, 10, Ct)).Items.Select(v => v.VisitorName);

        Assert.Equal(["Ravi Shankar", "Ravi Kumar"], await Find(new VisitLogFilter(Flat: FlatCode.Parse("A-101"))));
        Assert.Equal(["Ravi Shankar"], await Find(new VisitLogFilter(Status: VisitStatus.Approved)));
        Assert.Equal(["Ravi Shankar", "Meera Iyer"], await Find(new VisitLogFilter(Purpose: VisitPurpose.Guest)));
        Assert.Equal(["Ravi Shankar", "Ravi Kumar"], await Find(new VisitLogFilter(Text: "ravi")));
        Assert.Equal(["Meera Iyer"], await Find(new VisitLogFilter(Text: "9811100002")));
        Assert.Equal(["Meera Iyer", "Ravi Kumar"], await Find(new VisitLogFilter(From: Now, To: Now.AddDays(1))));
        Assert.Equal(ravi.Id, (await _log.SearchAsync(_admin, new VisitLogFilter(To: Now.AddDays(1), Flat: FlatCode.Parse("A-101")), null, 5, Ct)).Items.Single().Id);
    }

    [Fact]
    public async Task LogPagesFromWhereTheLastPageStoppedAndSaysMoreThanItsCountCap()
    {
        var guard = await _core.AddUserAsync(Role.Guard);
        for (var i = 0; i < 7; i++)
        {
            await _core.Storage.Visits.AddAsync(AVisit("A-101", Now.AddMinutes(-i), $"Visitor {i}", loggedBy: guard.Id), null, Ct);
        }

        var first = await _log.SearchAsync(_admin, new VisitLogFilter(), null, 3, Ct);
        var second = await _log.SearchAsync(_admin, new VisitLogFilter(), first.Next, 3, Ct);
        var last = await _log.SearchAsync(_admin, new VisitLogFilter(), second.Next, 3, Ct);

        Assert.Equal(["Visitor 0", "Visitor 1", "Visitor 2"], first.Items.Select(v => v.VisitorName));
        Assert.Equal(["Visitor 3", "Visitor 4", "Visitor 5"], second.Items.Select(v => v.VisitorName));
        Assert.Equal(["Visitor 6"], last.Items.Select(v => v.VisitorName));
        Assert.Null(last.Next);
        Assert.All(new[] { first, second, last }, page => Assert.Equal((7, false), (page.Counted, page.MoreThanCounted)));
        Assert.Equal(7, await _core.Storage.Visits.CountAsync(new VisitLogFilter(), 100, Ct));
        Assert.Equal(5, await _core.Storage.Visits.CountAsync(new VisitLogFilter(), 5, Ct));
    }

    [Theory]
    [InlineData("ra")]
    [InlineData("98")]
    [InlineData(" a ")]
    public async Task ASearchTooShortForTheIndexIsRefusedOnItsField(string text)
    {
        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => _log.SearchAsync(_admin, new VisitLogFilter(Text: text), null, 10, Ct));

        Assert.Equal("text", refused.Field);
        Assert.Contains("at least 3", refused.Problem.English(new SocietyOptions("Test Society", TimeZoneInfo.Utc)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportOfTenThousandVisitsMatchesTheFilterAndIsStreamedInBatches()
    {
        var guard = await _core.AddUserAsync(Role.Guard);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 10_000; i++)
        {
            var flat = i % 4 == 0 ? "B-201" : "A-101";
            await _core.Storage.Visits.AddAsync(AVisit(flat, Now.AddSeconds(-i), $"Visitor {i:D5}", loggedBy: guard.Id), null, Ct);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"Seeded 10,000 visits in {clock.ElapsedMilliseconds} ms");
        var output = new ProgressStream(_store);
        await using var writer = new StreamWriter(output);

        var rows = await _log.ExportCsvAsync(_admin, new VisitLogFilter(Flat: FlatCode.Parse("B-201")), writer, Ct);
        await writer.FlushAsync(Ct);

        Assert.Equal(2_500, rows);
        var lines = System.Text.Encoding.UTF8.GetString(output.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(",", VisitLogService.CsvHeader), lines[0]);
        Assert.Equal(2_501, lines.Length);
        Assert.All(lines.Skip(1), line => Assert.Contains(",B-201,", line, StringComparison.Ordinal));
        var expected = Enumerable.Range(0, 10_000).Where(i => i % 4 == 0).Select(i => $"Visitor {i:D5}");
        Assert.Equal(expected, lines.Skip(1).Select(line => line.Split(',')[1]));
        Assert.StartsWith(Now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), lines[1], StringComparison.Ordinal);

        // Streamed: read a batch at a time, and rows were written out before the last batch was read.
        Assert.Equal(3, _store.BatchesRead);
        Assert.True(_store.LargestBatch <= VisitLogService.ExportBatch);
        Assert.True(output.BytesWrittenBeforeLastRead > 0);
        var audit = await _core.Storage.Audit.ListAsync(new AuditFilter(Action: "visits.exported"), new PageRequest(0, 1), Ct);
        Assert.Equal("2500 rows written", audit.Items.Single().Details);
        var started = await _core.Storage.Audit.ListAsync(new AuditFilter(Action: "visits.export-started"), new PageRequest(0, 1), Ct);
        Assert.Equal("flat B-201", started.Items.Single().Details);
    }

    [Fact]
    public async Task CsvCellsCannotCarrySpreadsheetFormulas()
    {
        var guard = await _core.AddUserAsync(Role.Guard);
        await _core.Visits.LogAsync(CoreHarness.ActorOf(guard), new VisitRequest("9811100001", "=HYPERLINK(\"x\")", VisitPurpose.Other, "A-101", null, null), Ct);
        var output = new MemoryStream();
        await using var writer = new StreamWriter(output);

        await _log.ExportCsvAsync(_admin, new VisitLogFilter(), writer, Ct);
        await writer.FlushAsync(Ct);

        Assert.DoesNotContain(",=HYPERLINK", System.Text.Encoding.UTF8.GetString(output.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverviewCountsTodayTheLastFourteenDaysAndTheBusiestHours()
    {
        var india = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        var log = new VisitLogService(_core.Storage.Visits, _core.Storage.Users, _core.Acting, _core.Storage.Audit, new SocietyOptions("Test", india), new GateOptions(), _core.Clock);
        var guard = await _core.AddUserAsync(Role.Guard);
        var priya = await _core.AddUserAsync(Role.Resident, flat: "A-101");

        // Now is 15:00 in India on 24 Nov. Two visits today at 14:xx, one denied; one yesterday at 14:xx; one 20 days ago.
        await _core.Storage.Visits.AddAsync(AVisit(createdAt: Now.AddMinutes(-40)), null, Ct);
        var denied = await _core.Visits.LogAsync(CoreHarness.ActorOf(guard), new VisitRequest("9811100009", "Late", VisitPurpose.Cab, "A-101", null, null), Ct);
        await _core.Visits.DenyAsync(CoreHarness.ActorOf(priya), denied.Id, "No", Ct);
        await _core.Storage.Visits.AddAsync(AVisit(createdAt: Now.AddDays(-1).AddMinutes(-20)), null, Ct);
        await _core.Storage.Visits.AddAsync(AVisit(createdAt: Now.AddDays(-20)), null, Ct);

        var overview = await log.GetOverviewAsync(_admin, Ct);

        // The three stored visits were never answered: they are all still waiting.
        Assert.Equal((2, 0, 3, 1), (overview.VisitsToday, overview.InsideNow, overview.Waiting, overview.DeniedToday));
        Assert.Equal(14, overview.LastDays.Count);
        Assert.Equal((new DateOnly(2026, 11, 24), 2), (overview.LastDays[^1].Day, overview.LastDays[^1].Visits));
        Assert.Equal((new DateOnly(2026, 11, 23), 1), (overview.LastDays[^2].Day, overview.LastDays[^2].Visits));
        Assert.Equal(new DateOnly(2026, 11, 11), overview.LastDays[0].Day);
        Assert.Equal(3, overview.ByHourOfDay[14] + overview.ByHourOfDay[15]);
        Assert.Equal(3, overview.ByHourOfDay.Sum());
    }

    [Theory]
    [InlineData(Role.Guard)]
    [InlineData(Role.Resident)]
    public async Task OnlyAdminsReadOrExportTheLog(Role role)
    {
        var other = CoreHarness.ActorOf(await _core.AddUserAsync(role));

        await Assert.ThrowsAsync<NotAllowedException>(() => _log.SearchAsync(other, new VisitLogFilter(), null, 5, Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _log.ExportCsvAsync(other, new VisitLogFilter(), TextWriter.Null, Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _log.GetOverviewAsync(other, Ct));
    }

    /// <summary>The real store, counting the batches an export reads.</summary>
    private sealed class CountingVisitStore(IVisitStore inner) : IVisitStore
    {
        public int BatchesRead { get; private set; }

        public int LargestBatch { get; private set; }

        public Action? BeforeRead { get; set; }

        public Task AddAsync(Visit visit, AuditEntry? audit, CancellationToken ct = default) => inner.AddAsync(visit, audit, ct);

        public Task<Visit?> GetAsync(Guid id, CancellationToken ct = default) => inner.GetAsync(id, ct);

        public Task<Visit?> TryChangeStatusAsync(Guid visitId, int seenChanges, VisitStatusChange change, AuditEntry audit, CancellationToken ct = default) =>
            inner.TryChangeStatusAsync(visitId, seenChanges, change, audit, ct);

        public Task<IReadOnlyList<Visit>> ListPendingForFlatAsync(FlatCode flat, CancellationToken ct = default) => inner.ListPendingForFlatAsync(flat, ct);

        public Task<IReadOnlyList<Visit>> ListByStatusAsync(VisitStatus status, int limit, IReadOnlyCollection<Guid>? notAt = null, CancellationToken ct = default) =>
            inner.ListByStatusAsync(status, limit, notAt, ct);

        public Task<Page<Visit>> ListForFlatAsync(FlatCode flat, PageRequest page, CancellationToken ct = default) => inner.ListForFlatAsync(flat, page, ct);

        public Task<IReadOnlyList<Visit>> ListForFlatSinceAsync(FlatCode flat, DateTimeOffset since, int limit, CancellationToken ct = default) =>
            inner.ListForFlatSinceAsync(flat, since, limit, ct);

        public Task<Page<Visit>> ListCreatedBetweenAsync(DateTimeOffset start, DateTimeOffset end, PageRequest page, CancellationToken ct = default) =>
            inner.ListCreatedBetweenAsync(start, end, page, ct);

        public Task<GateCounts> CountAsync(DateTimeOffset since, CancellationToken ct = default) => inner.CountAsync(since, ct);

        public Task<int> CountAsync(VisitLogFilter filter, int cap, CancellationToken ct = default) => inner.CountAsync(filter, cap, ct);

        public Task<IReadOnlyList<Visit>> SearchAsync(VisitLogFilter filter, VisitCursor? after, int take, CancellationToken ct = default) =>
            inner.SearchAsync(filter, after, take, ct);

        public async Task<IReadOnlyList<VisitLogRow>> ExportAsync(VisitLogFilter filter, VisitCursor? after, int take, CancellationToken ct = default)
        {
            BeforeRead?.Invoke();
            var batch = await inner.ExportAsync(filter, after, take, ct);
            BatchesRead++;
            LargestBatch = Math.Max(LargestBatch, batch.Count);
            return batch;
        }

        public Task<Visit?> FindLatestByVisitorPhoneAsync(PhoneNumber phone, CancellationToken ct = default) => inner.FindLatestByVisitorPhoneAsync(phone, ct);

        public Task<int> ForgetVisitorsBeforeAsync(DateTimeOffset cutoff, Func<int, AuditEntry> audit, CancellationToken ct = default) =>
            inner.ForgetVisitorsBeforeAsync(cutoff, audit, ct);

        public Task<IReadOnlyList<HourCount>> CountByHourAsync(DateTimeOffset start, DateTimeOffset end, TimeSpan utcOffset, CancellationToken ct = default) =>
            inner.CountByHourAsync(start, end, utcOffset, ct);

        public Task<IReadOnlyList<Visit>> ListFinishedSinceAsync(DateTimeOffset since, int limit, CancellationToken ct = default) =>
            inner.ListFinishedSinceAsync(since, limit, ct);
    }

    /// <summary>Remembers how much had been written when the store was last asked for a batch.</summary>
    private sealed class ProgressStream : MemoryStream
    {
        public ProgressStream(CountingVisitStore store) => store.BeforeRead = () => BytesWrittenBeforeLastRead = Length;

        public long BytesWrittenBeforeLastRead { get; private set; }
    }
}
