using Microsoft.Extensions.Logging;
using SecurityManagement.Core.Cluster;
using StackExchange.Redis;

namespace SecurityManagement.Core.Live;

/// <summary>
/// The hub for several servers: each event reaches this server's subscribers at once, as in-process, and
/// goes out on one Redis pub/sub channel to the other servers, which deliver it to theirs. While Redis is
/// unreachable every server goes on serving its own screens (and says so in <see cref="IsConnected"/>);
/// the client reconnects by itself, and then every screen on every server reloads (<see cref="EventsMissed"/>),
/// since the events of the outage were lost.
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
    private readonly string _origin;
    private readonly ILogger<RedisLiveEvents> _logger;

    private RedisLiveEvents(ConnectionMultiplexer redis, ServerInstance instance, ILoggerFactory loggers)
    {
        _redis = redis;
        _origin = instance.Id;
        _local = new InProcessLiveEvents(loggers.CreateLogger<InProcessLiveEvents>());
        _logger = loggers.CreateLogger<RedisLiveEvents>();
    }

    /// <summary>True while this server is connected to Redis: events cross between servers.</summary>
    public bool IsConnected => _redis.IsConnected;

    /// <summary>
    /// Connects to Redis (<c>ConnectionStrings:Redis</c>, StackExchange.Redis's format, e.g. <c>localhost:6379</c>)
    /// and listens to the channel. Does not wait for Redis: a server that starts while Redis is down serves its
    /// own screens and joins the others when Redis comes.
    /// </summary>
    public static RedisLiveEvents Connect(string configuration, ServerInstance instance, ILoggerFactory loggers)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.ClientName = instance.Id;

        // An event that cannot go out now is dropped rather than delivered late, after newer ones.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(1_000);
        options.ConnectTimeout = 2_000;
        var hub = new RedisLiveEvents(ConnectionMultiplexer.Connect(options), instance, loggers);
        try
        {
            hub._redis.GetSubscriber().Subscribe(Channel).OnMessage(hub.DeliverAsync);
        }
        catch (RedisConnectionException ex)
        {
            // The subscription is kept and made again once the connection is.
            hub.LogLost(options.EndPoints.FirstOrDefault(), ex.FailureType);
        }

        hub._redis.ConnectionFailed += (_, e) => hub.LogLost(e.EndPoint, e.FailureType);
        hub._redis.ConnectionRestored += (_, e) =>
        {
            hub.LogRestored(e.EndPoint);
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                _ = hub.CatchUpAsync();
            }
        };
        return hub;
    }

    public IDisposable Subscribe(string topic, Func<LiveEvent, Task> handler) => _local.Subscribe(topic, handler);

    public async Task PublishAsync(string topic, LiveEvent liveEvent)
    {
        await _local.PublishAsync(topic, liveEvent);
        await SendAsync(topic, liveEvent);
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    /// <summary>Back after an outage: this server's screens reload, and so do the other servers' (they missed this one's events).</summary>
    private async Task CatchUpAsync()
    {
        await Task.Delay(Resubscribed);
        await _local.PublishToAllAsync(new EventsMissed());
        await SendAsync(EveryTopic, new EventsMissed());
    }

    private async Task SendAsync(string topic, LiveEvent liveEvent)
    {
        try
        {
            await _redis.GetSubscriber().PublishAsync(Channel, LiveEventJson.Write(new LiveMessage(topic, _origin, liveEvent)), CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Redis is down: this server's screens have the event; the others' will not. /healthz says degraded.
            LogNotSent(ex, topic);
        }
    }

    private async Task DeliverAsync(ChannelMessage message)
    {
        if (LiveEventJson.Read(message.Message.IsNullOrEmpty ? "" : (string)message.Message!) is not { } received)
        {
            LogUnreadable();
            return;
        }

        // Our own events reached our subscribers when they were published.
        if (received.Origin == _origin)
        {
            return;
        }

        await (received.Topic == EveryTopic ? _local.PublishToAllAsync(received.Event) : _local.PublishAsync(received.Topic, received.Event));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost Redis at {EndPoint} ({Failure}): live events reach only this server's screens until it is back")]
    private partial void LogLost(System.Net.EndPoint? endPoint, ConnectionFailureType failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis at {EndPoint} is back: live events cross between servers again")]
    private partial void LogRestored(System.Net.EndPoint? endPoint);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not send an event on {Topic} to the other servers")]
    private partial void LogNotSent(Exception ex, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a message on the live channel that is not a live event of this version")]
    private partial void LogUnreadable();
}
