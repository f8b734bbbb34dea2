using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SecurityManagement.Core.Cluster;
using StackExchange.Redis;

namespace SecurityManagement.Core.Live;

/// <summary>
/// The hub for several servers: each event reaches this server's subscribers at once, as in-process, and
/// goes out on one Redis pub/sub channel to the other servers, which deliver it to theirs, in the order it
/// arrives. Messages are sealed (<see cref="ServerSeal"/>): whoever can reach Redis reads no visitor or pass
/// code and forges no event. While Redis is unreachable every server goes on serving its own screens (and
/// says so in <see cref="IsConnected"/>); the client reconnects by itself, and then every screen on every
/// server reloads (<see cref="EventsMissed"/>), since the events of the outage were lost.
/// </summary>
public sealed partial class RedisLiveEvents : ILiveEvents, IAsyncDisposable
{
    /// <summary>The one channel every server of the society publishes on and listens to.</summary>
    public static readonly RedisChannel Channel = RedisChannel.Literal("security-management:live");

    /// <summary>The topic of a message for every subscriber of every topic.</summary>
    private const string EveryTopic = "*";

    // Time for the subscription to be made again after a reconnection, before screens reload.
    private static readonly TimeSpan Resubscribed = TimeSpan.FromSeconds(1);

    private readonly InProcessLiveEvents _local;
    private readonly ConnectionMultiplexer _redis;
    private readonly ServerSeal _seal;
    private readonly string _origin;
    private readonly ILogger<RedisLiveEvents> _logger;
    private readonly Channel<RedisValue> _received = System.Threading.Channels.Channel.CreateUnbounded<RedisValue>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private Task _delivering = Task.CompletedTask;
    private int _catchingUp;

    private RedisLiveEvents(ConnectionMultiplexer redis, ServerSeal seal, ServerInstance instance, ILoggerFactory loggers)
    {
        _redis = redis;
        _seal = seal;
        _origin = instance.Id;
        _local = new InProcessLiveEvents(loggers.CreateLogger<InProcessLiveEvents>());
        _logger = loggers.CreateLogger<RedisLiveEvents>();
    }

    /// <summary>True while this server hears the channel: events cross between servers.</summary>
    public bool IsConnected => _redis.GetSubscriber().IsConnected(Channel);

    /// <summary>
    /// Connects to Redis (<c>ConnectionStrings:Redis</c>, StackExchange.Redis's format, e.g. <c>localhost:6379</c>)
    /// and listens to the channel. Does not wait for Redis: a server that starts while Redis is down serves its
    /// own screens and joins the others when Redis comes.
    /// </summary>
    public static RedisLiveEvents Connect(string configuration, ServerSeal seal, ServerInstance instance, ILoggerFactory loggers)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.ClientName = instance.Id;

        // An event that cannot go out now is dropped rather than delivered late, after newer ones.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(1_000);
        options.ConnectTimeout = 2_000;
        var hub = new RedisLiveEvents(ConnectionMultiplexer.Connect(options), seal, instance, loggers);
        hub._delivering = hub.DeliverAsync(hub._stopping.Token);
        try
        {
            // A handler stays registered even when this first try fails, and is subscribed again on every connection.
            hub._redis.GetSubscriber().Subscribe(Channel, (_, message) => hub._received.Writer.TryWrite(message));
        }
        catch (RedisConnectionException ex)
        {
            hub.LogLost(options.EndPoints.FirstOrDefault(), ex.FailureType);
        }

        hub._redis.ConnectionFailed += (_, e) => hub.LogLost(e.EndPoint, e.FailureType);
        hub._redis.ConnectionRestored += (_, e) =>
        {
            hub.LogRestored(e.EndPoint);
            _ = hub.CatchUpAsync();
        };
        return hub;
    }

    public IDisposable Subscribe(string topic, Func<LiveEvent, Task> handler) => _local.Subscribe(topic, handler);

    public async Task PublishAsync(string topic, LiveEvent liveEvent)
    {
        await _local.PublishAsync(topic, liveEvent);
        await SendAsync(topic, liveEvent);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _received.Writer.TryComplete();
        await _delivering;
        await _redis.DisposeAsync();
        _stopping.Dispose();
    }

    /// <summary>
    /// Back after an outage (any connection of this server's): this server's screens reload, and so do the other
    /// servers' (they missed this one's events). Reconnections close together make one catch-up.
    /// </summary>
    private async Task CatchUpAsync()
    {
        if (Interlocked.Exchange(ref _catchingUp, 1) == 1)
        {
            return;
        }

        try
        {
            await Task.Delay(Resubscribed, _stopping.Token);
            Interlocked.Exchange(ref _catchingUp, 0);
            await _local.PublishToAllAsync(new EventsMissed());
            await SendAsync(EveryTopic, new EventsMissed());
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task SendAsync(string topic, LiveEvent liveEvent)
    {
        try
        {
            var message = _seal.Seal(LiveEventJson.Write(new LiveMessage(topic, _origin, liveEvent)));
            await _redis.GetSubscriber().PublishAsync(Channel, message, CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Redis is down: this server's screens have the event; the others' will not, and reload when it is back.
            LogNotSent(ex, topic);
        }
    }

    /// <summary>Delivers what other servers sent, one message at a time, in the order it came.</summary>
    private async Task DeliverAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var message in _received.Reader.ReadAllAsync(stopping))
            {
                if (Open(message) is not { } received)
                {
                    LogUnreadable();
                }
                else if (received.Origin != _origin)
                {
                    // Our own events reached our subscribers when they were published.
                    await (received.Topic == EveryTopic ? _local.PublishToAllAsync(received.Event) : _local.PublishAsync(received.Topic, received.Event));
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private LiveMessage? Open(RedisValue message)
    {
        try
        {
            return message.IsNullOrEmpty ? null : LiveEventJson.Read(_seal.Open((string)message!));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost Redis at {EndPoint} ({Failure}): live events reach only this server's screens until it is back")]
    private partial void LogLost(System.Net.EndPoint? endPoint, ConnectionFailureType failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis at {EndPoint} is back: live events cross between servers again")]
    private partial void LogRestored(System.Net.EndPoint? endPoint);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not send an event on {Topic} to the other servers")]
    private partial void LogNotSent(Exception ex, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a message on the live channel that is not a sealed live event of this society and version")]
    private partial void LogUnreadable();
}
