using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Reach;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Support;
using static SecurityManagement.Tests.Support.CoreHarness;

namespace SecurityManagement.Tests.Benchmarks;

/// <summary>
/// From the guard's submit to the push requests leaving the server, for a flat whose residents have 500
/// phones between them: the real app (Web Push: each message encrypted for its phone and VAPID-signed) against
/// the loopback push service, which checks the signature and decrypts every message on the same two cores.
/// </summary>
[Collection(Benchmarking.Name)]
public sealed class ReachBenchmarks
{
    private const int Residents = 50;
    private const int PhonesEach = 10;
    private const int Rounds = 10;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Console.WriteLine(line);
    }

    [Fact(Explicit = true)]
    public async Task GuardsSubmitToPushesForFiveHundredPhones()
    {
        await using var push = await FakePushService.StartAsync();
        await using var app = new AppFactory("Production");
        var guard = await app.AddUserAsync(Role.Guard);
        var reach = app.Services.GetRequiredService<ReachService>();
        for (var r = 0; r < Residents; r++)
        {
            var resident = await app.AddUserAsync(Role.Resident, flat: "C-301");
            for (var p = 0; p < PhonesEach; p++)
            {
                var subscription = push.NewSubscription();
                await reach.SaveDeviceAsync(ActorOf(resident), subscription.Endpoint, subscription.P256dh, subscription.Auth, null, Ct);
            }
        }

        var visits = app.Services.GetRequiredService<VisitService>();
        var each = new List<double>();
        var last = new List<double>();
        for (var round = -1; round < Rounds; round++)
        {
            var name = $"Bench Visitor {round + 1:D2}";
            var submitted = Stopwatch.GetTimestamp();
            await visits.LogAsync(ActorOf(guard), new VisitRequest(Builders.NextPhone().Value, name, VisitPurpose.Delivery, "C-301", null, null), Ct);
            var deadline = Stopwatch.StartNew();
            List<ReceivedPush> arrived;
            while ((arrived = [.. push.Received.Where(p => p.Payload.Contains(name, StringComparison.Ordinal))]).Count < Residents * PhonesEach)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(1), $"Only {arrived.Count} of {Residents * PhonesEach} pushes arrived.");
                await Task.Delay(5, Ct);
            }

            if (round >= 0)
            {
                var latencies = arrived.Select(p => Stopwatch.GetElapsedTime(submitted, p.ArrivedAt).TotalMilliseconds).ToList();
                each.AddRange(latencies);
                last.Add(latencies.Max());
            }
        }

        Report($"Guard's submit to each push arriving at the push service, {Residents * PhonesEach} phones, {Rounds} submits: {Percentiles.Describe(each, "ms")}");
        Report($"Guard's submit to the last of the {Residents * PhonesEach} pushes: {Percentiles.Describe(last, "ms")}");
    }
}
