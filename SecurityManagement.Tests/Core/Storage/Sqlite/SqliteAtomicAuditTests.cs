using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Storage.Sqlite;
using SecurityManagement.Core.Safety;
using SecurityManagement.Core.Visits;
using static SecurityManagement.Tests.Support.Builders;

using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Storage.Sqlite;

/// <summary>A change and its audit entry are one: neither a failed append nor a kill -9 can leave a change without its entry.</summary>
public sealed class SqliteAtomicAuditTests : IAsyncLifetime
{
    private const string StoreVariable = "SM_CRASH_STORE";
    private const string KeyVariable = "SM_CRASH_AUDIT_KEY";
    private const string AcksVariable = "SM_CRASH_ACKS";
    private const string GuardPhone = "9000000011";
    private const string ResidentPhone = "9000000101";

    private readonly SqliteTestEngine _engine = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _engine.DisposeAsync();

    [Fact]
    public async Task AChangeWhoseEntryCannotBeWrittenIsNotStored()
    {
        var storage = await _engine.CreateAsync();
        var visit = AVisit();
        var user = AUser();
        await storage.Visits.AddAsync(visit, null, Ct);
        await storage.Users.AddAsync(user, null, Ct);
        await ExecuteAsync("CREATE TRIGGER audit_fails BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'the disk is gone'); END;");

        var approve = VisitStatusChange.Create(VisitStatus.Pending, VisitStatus.Approved, user.Id, Now);
        await Assert.ThrowsAsync<SqliteException>(() => storage.Visits.AddAsync(AVisit(), Audited(), Ct));
        await Assert.ThrowsAsync<SqliteException>(() => storage.Visits.TryChangeStatusAsync(visit.Id, 0, approve, Audited(), Ct));
        await Assert.ThrowsAsync<SqliteException>(() => storage.Users.UpdateAsync(user with { Status = UserStatus.Deactivated }, user.SecurityStamp, Audited(), Ct));
        await Assert.ThrowsAsync<SqliteException>(() => storage.Flats.AddAsync(new Flat(FlatCode.Parse("Z-1"), Now), Audited(), Ct));
        await Assert.ThrowsAsync<SqliteException>(() => storage.Sessions.StartAsync(Session.Start(user.Id, Now, TimeSpan.FromDays(1)), Audited(), Ct));

        Assert.Equal(1, await storage.Visits.CountAsync(new VisitLogFilter(), 5, Ct));
        Assert.Equal(VisitStatus.Pending, (await storage.Visits.GetAsync(visit.Id, Ct))!.Status);
        Assert.Equal(user, await storage.Users.GetAsync(user.Id, Ct));
        Assert.Null(await storage.Flats.GetAsync(FlatCode.Parse("Z-1"), Ct));
        Assert.Null(await storage.Audit.GetLastAsync(Ct));
    }

    [Fact]
    public async Task WritesThatArriveTogetherShareACommitYetEachStandsOrFallsAlone()
    {
        var storage = await _engine.CreateAsync();
        var taken = AVisit();
        await storage.Visits.AddAsync(taken, null, Ct);
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        var writes = Enumerable.Range(0, 60).Select(i => i switch
        {
            _ when i % 10 == 5 => storage.Visits.AddAsync(AVisit() with { Id = taken.Id }, Audited(), Ct),
            _ when i % 10 == 7 => storage.Visits.AddAsync(AVisit(), Audited(), canceled.Token),
            _ => storage.Visits.AddAsync(AVisit(name: $"Visitor {i}"), Audited(), Ct),
        }).ToList();
        var outcomes = await Task.WhenAll(writes.Select(async write =>
        {
            try
            {
                await write;
                return "stored";
            }
            catch (SqliteException)
            {
                return "refused";
            }
            catch (OperationCanceledException)
            {
                return "canceled";
            }
        }));

        Assert.Equal((48, 6, 6), (outcomes.Count(o => o == "stored"), outcomes.Count(o => o == "refused"), outcomes.Count(o => o == "canceled")));
        Assert.Equal(49L, await ScalarAsync("SELECT COUNT(*) FROM visits;"));
        var entries = await storage.Audit.ListAfterAsync(0, 100, Ct);
        Assert.Equal(48, entries.Count);
        Assert.Null(_engine.Chain.FirstBreak(entries, null));
    }

    [Fact]
    public async Task AfterKillMinusNineEveryAcknowledgedGateOperationHasItsEntryAndTheChainHolds()
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var chain = new AuditChain(AuditKey.FromBase64(key));
        await using (var seeded = new SqliteStorage($"Data Source={_engine.FilePath}", chain))
        {
            await seeded.InitializeAsync(Ct);
            await seeded.Flats.AddAsync(new Flat(FlatCode.Parse("A-101"), Now), null, Ct);
            await seeded.Users.AddAsync(AUser(Role.Guard, phone: PhoneNumber.Parse(GuardPhone)), null, Ct);
            await seeded.Users.AddAsync(AUser(Role.Resident, phone: PhoneNumber.Parse(ResidentPhone)), null, Ct);
        }

        var acks = Path.Combine(Path.GetDirectoryName(_engine.FilePath)!, "acks.txt");
        var acknowledged = new List<(Guid Visit, VisitStatus Status)>();
        foreach (var killAfter in new[] { 150, 400, 700 })
        {
            await RunWorkerUntilAsync(key, acks, killAfter);
            acknowledged = [.. (await File.ReadAllLinesAsync(acks, Ct)).Where(l => l.Length > 0).Select(l => l.Split(' ')).Select(p => (Guid.Parse(p[0]), Enum.Parse<VisitStatus>(p[1])))];
            Assert.True(acknowledged.Count >= killAfter);
        }

        await using var storage = new SqliteStorage($"Data Source={_engine.FilePath}", chain);
        await storage.InitializeAsync(Ct);
        foreach (var (visitId, status) in acknowledged)
        {
            var stored = await storage.Visits.GetAsync(visitId, Ct);
            Assert.True(stored is not null && stored.History.Any(c => c.To == status) || status == VisitStatus.Pending && stored is not null,
                $"Acknowledged {status} of visit {visitId} was lost.");
        }

        var unaudited = await ScalarAsync(
            "SELECT COUNT(*) FROM visits v WHERE (SELECT COUNT(*) FROM audit a WHERE a.subject = 'visit:' || v.id) "
            + "<> 1 + (SELECT COUNT(*) FROM visit_status_changes c WHERE c.visit_id = v.id);");
        var entries = await storage.Audit.ListAfterAsync(0, 100_000, Ct);
        Assert.Equal(0L, unaudited);
        Assert.Null(chain.FirstBreak(entries, null));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"3 kill -9 runs: {acknowledged.Count} acknowledged operations, {await ScalarAsync("SELECT COUNT(*) FROM visits;")} visits, {entries.Count} entries, 0 without their entry");
    }

    /// <summary>
    /// The child process <see cref="AfterKillMinusNineEveryAcknowledgedGateOperationHasItsEntryAndTheChainHolds"/>
    /// starts and kills: logs, approves, checks in and out visitors through the real services, writing
    /// each acknowledged operation to a file, until it is killed.
    /// </summary>
    [Fact(Explicit = true)]
    public async Task GateWorkerRunsUntilKilled()
    {
        var path = Environment.GetEnvironmentVariable(StoreVariable);
        Assert.SkipWhen(path is null, $"Started by {nameof(AfterKillMinusNineEveryAcknowledgedGateOperationHasItsEntryAndTheChainHolds)} only.");
        var storage = new SqliteStorage($"Data Source={path}", new AuditChain(AuditKey.FromBase64(Environment.GetEnvironmentVariable(KeyVariable))));
        await storage.InitializeAsync(Ct);
        var clock = TimeProvider.System;
        var acting = new ActingUsers(storage.Users, storage.Sessions, clock);
        var visits = new VisitService(storage.Visits, storage.Users, acting, storage.Flats, new InProcessLiveEvents(NullLogger<InProcessLiveEvents>.Instance),
            NoAlerts.Instance, new BlocklistService(storage.Blocklist, storage.Audit, acting, clock), storage.Expected, new GateOptions(), new SocietyOptions("Crash test", TimeZoneInfo.Utc), clock);
        var guard = await storage.Users.GetByPhoneAsync(PhoneNumber.Parse(GuardPhone), Ct);
        var resident = await storage.Users.GetByPhoneAsync(PhoneNumber.Parse(ResidentPhone), Ct);
        var asGuard = new Actor(guard!.Id, guard.SecurityStamp);
        var asResident = new Actor(resident!.Id, resident.SecurityStamp);
        await using var acks = new StreamWriter(new FileStream(Environment.GetEnvironmentVariable(AcksVariable)!, FileMode.Append, FileAccess.Write, FileShare.Read));
        async Task AckAsync(Visit visit)
        {
            await acks.WriteLineAsync($"{visit.Id} {visit.Status}");
            await acks.FlushAsync(Ct);
        }

        while (true)
        {
            var visit = await visits.LogAsync(asGuard, new VisitRequest(NextPhone().Value, "Ravi Kumar", VisitPurpose.Delivery, "A-101", null, null), Ct);
            await AckAsync(visit);
            await AckAsync(await visits.ApproveAsync(asResident, visit.Id, Ct));
            await AckAsync(await visits.CheckInAsync(asGuard, visit.Id, ct: Ct));
            await AckAsync(await visits.CheckOutAsync(asGuard, visit.Id, ct: Ct));
        }
    }

    /// <summary>Starts the worker on the store and kills it (SIGKILL) once it has acknowledged <paramref name="killAfter"/> operations in all.</summary>
    private async Task RunWorkerUntilAsync(string key, string acks, int killAfter)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            ArgumentList =
            {
                "exec", typeof(SqliteAtomicAuditTests).Assembly.Location,
                "-method", $"{typeof(SqliteAtomicAuditTests).FullName}.{nameof(GateWorkerRunsUntilKilled)}", "-explicit", "only", "-noLogo",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment[StoreVariable] = _engine.FilePath;
        start.Environment[KeyVariable] = key;
        start.Environment[AcksVariable] = acks;
        using var worker = Process.Start(start)!;
        // The worker's lines arrive on other threads; they are read only once it has stopped or stalled.
        var output = new System.Text.StringBuilder();
        void Keep(string? line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }

        worker.OutputDataReceived += (_, e) => Keep(e.Data);
        worker.ErrorDataReceived += (_, e) => Keep(e.Data);
        worker.BeginOutputReadLine();
        worker.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(acks) || File.ReadLines(acks).Count() < killAfter)
        {
            if (worker.HasExited || deadline.Elapsed >= TimeSpan.FromSeconds(60))
            {
                lock (output)
                {
                    Assert.Fail($"The worker stopped or stalled:{Environment.NewLine}{output}");
                }
            }

            await Task.Delay(20, Ct);
        }

        worker.Kill();
        await worker.WaitForExitAsync(Ct);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_engine.FilePath};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_engine.FilePath};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
