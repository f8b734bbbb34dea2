using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Cluster;
using SecurityManagement.Core.Live;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Live;

/// <summary>Two servers' hubs on one real Redis: events cross, each is delivered once, and a lost Redis comes back by itself.</summary>
public sealed class RedisLiveEventsTests : IAsyncLifetime
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);

    // The secret every server of the society is configured with.
    private static readonly OtpKey Key = OtpKey.Random();

    private RedisServer _redis = null!;
    private RedisLiveEvents _a = null!;
    private RedisLiveEvents _b = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _a = Connect();
        _b = Connect();
    }

    public async ValueTask DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task AnEventPublishedOnOneServerReachesEverySubscriberOnceOnEveryServer()
    {
        var onA = Listen(_a, "flat:A-101");
        var onB = Listen(_b, "flat:A-101");
        var elsewhere = Listen(_b, "flat:B-201");
        var revoked = new SessionsRevoked(Guid.NewGuid());

        await PublishUntilHeardAsync(_a, "flat:A-101", revoked, onB);
        Assert.Equal(revoked, await onA.ReadAsync(Ct));
        await Task.Delay(300, Ct);
        Drain(onA);
        Drain(onB);

        await _b.PublishAsync("flat:A-101", new SessionEnded(revoked.UserId, Guid.NewGuid()));
        Assert.IsType<SessionEnded>(await onA.ReadAsync(Ct).AsTask().WaitAsync(Soon, Ct));
        Assert.IsType<SessionEnded>(await onB.ReadAsync(Ct).AsTask().WaitAsync(Soon, Ct));
        await Task.Delay(200, Ct);
        Assert.False(onA.TryRead(out _));
        Assert.False(onB.TryRead(out _));
        Assert.False(elsewhere.TryRead(out _));
    }

    [Fact]
    public async Task WhileRedisIsDownEachServerServesItsOwnScreensAndAfterwardsEventsCrossAgain()
    {
        var onA = Listen(_a, "gate");
        var onB = Listen(_b, "gate");
        await PublishUntilHeardAsync(_a, "gate", new SettingsChanged(1), onB);
        Drain(onA);

        await _redis.StopAsync();
        await WaitAsync(() => !_a.IsConnected && !_b.IsConnected);

        await _a.PublishAsync("gate", new SettingsChanged(2));
        Assert.Equal(new SettingsChanged(2), await onA.ReadAsync(Ct).AsTask().WaitAsync(Soon, Ct));
        await Task.Delay(300, Ct);
        Assert.False(onB.TryRead(out _));

        await _redis.StartAgainAsync();
        await WaitAsync(() => _a.IsConnected && _b.IsConnected);

        // What was published meanwhile is lost, so every screen on both servers is told to reload.
        Assert.IsType<EventsMissed>(await onA.ReadAsync(Ct).AsTask().WaitAsync(Soon, Ct));
        Assert.IsType<EventsMissed>(await onB.ReadAsync(Ct).AsTask().WaitAsync(Soon, Ct));
        await PublishUntilHeardAsync(_a, "gate", new SettingsChanged(3), onB);
    }

    [Fact]
    public async Task AServerThatStartsWhileRedisIsDownJoinsTheOthersWhenItComes()
    {
        await _redis.StopAsync();
        await using var late = Connect();
        var onLate = Listen(late, "gate");
        var onA = Listen(_a, "gate");
        Assert.False(late.IsConnected);

        await _redis.StartAgainAsync();
        await WaitAsync(() => late.IsConnected && _a.IsConnected);

        await PublishUntilHeardAsync(_a, "gate", new SettingsChanged(4), onLate);
        await PublishUntilHeardAsync(late, "gate", new SettingsChanged(5), onA);
    }

    [Fact]
    public async Task WhatCrossesRedisIsSealedAndAServerOfAnotherSecretHearsNothing()
    {
        await using var stranger = Connect(OtpKey.Random());
        var onStranger = Listen(stranger, "flat:A-101");
        var onB = Listen(_b, "flat:A-101");
        await using var spy = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        var seen = System.Threading.Channels.Channel.CreateUnbounded<string>();
        await spy.GetSubscriber().SubscribeAsync(RedisLiveEvents.Channel, (_, message) => seen.Writer.TryWrite(message!));
        var pass = Builders.APass() with { Code = "482913" };

        await PublishUntilHeardAsync(_a, "flat:A-101", new PassChanged(pass), onB);

        var raw = await seen.Reader.ReadAsync(Ct).AsTask().WaitAsync(Soon, Ct);
        Assert.DoesNotContain("482913", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(pass.GuestName, raw, StringComparison.Ordinal);
        Assert.False(onStranger.TryRead(out _));

        // A message forged by whoever can reach Redis is ignored.
        await spy.GetSubscriber().PublishAsync(RedisLiveEvents.Channel, LiveEventJson.Write(new LiveMessage("flat:A-101", "forger", new SessionsRevoked(Guid.NewGuid()))));
        await Task.Delay(300, Ct);
        Assert.False(onB.TryRead(out _));
    }

    private RedisLiveEvents Connect(OtpKey? key = null) =>
        RedisLiveEvents.Connect(_redis.ConnectionString, new ServerSeal(key ?? Key, ServerSeal.LiveEvents), ServerInstance.Start(), NullLoggerFactory.Instance);

    private static void Drain(ChannelReader<LiveEvent> heard)
    {
        while (heard.TryRead(out _))
        {
        }
    }

    private static ChannelReader<LiveEvent> Listen(RedisLiveEvents hub, string topic)
    {
        var heard = Channel.CreateUnbounded<LiveEvent>();
        hub.Subscribe(topic, e => heard.Writer.WriteAsync(e).AsTask());
        return heard.Reader;
    }

    /// <summary>
    /// Publishes until the other server hears it: a subscription made again after a (re)connection takes a moment
    /// to reach Redis, and events published before that are lost, as they are meant to be.
    /// </summary>
    private static async Task PublishUntilHeardAsync(RedisLiveEvents from, string topic, LiveEvent liveEvent, ChannelReader<LiveEvent> other)
    {
        var deadline = DateTime.UtcNow + Soon;
        while (DateTime.UtcNow < deadline)
        {
            await from.PublishAsync(topic, liveEvent);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            wait.CancelAfter(TimeSpan.FromMilliseconds(200));
            try
            {
                // Skip whatever else arrives meanwhile (a reload after a reconnection, an earlier try).
                while (!Equals(await other.ReadAsync(wait.Token), liveEvent))
                {
                }

                return;
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                // Not yet subscribed: again.
            }
        }

        Assert.Fail($"{liveEvent} did not reach the other server within {Soon.TotalSeconds:0} s.");
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the connection state.");
            await Task.Delay(50, Ct);
        }
    }
}
