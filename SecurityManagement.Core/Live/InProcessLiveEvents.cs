using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace SecurityManagement.Core.Live;

/// <summary>The hub for a single server: subscribers are held in memory.</summary>
public sealed partial class InProcessLiveEvents(ILogger<InProcessLiveEvents> logger) : ILiveEvents
{
    private readonly ConcurrentDictionary<string, ImmutableList<Func<LiveEvent, Task>>> _topics = new();

    public IDisposable Subscribe(string topic, Func<LiveEvent, Task> handler)
    {
        _topics.AddOrUpdate(topic, _ => [handler], (_, handlers) => handlers.Add(handler));
        return new Subscription(() => _topics.AddOrUpdate(topic, _ => [], (_, handlers) => handlers.Remove(handler)));
    }

    /// <summary>Delivers the event to every current subscriber of every topic.</summary>
    public async Task PublishToAllAsync(LiveEvent liveEvent)
    {
        foreach (var topic in _topics.Keys)
        {
            await PublishAsync(topic, liveEvent);
        }
    }

    public async Task PublishAsync(string topic, LiveEvent liveEvent)
    {
        if (!_topics.TryGetValue(topic, out var handlers))
        {
            return;
        }

        foreach (var handler in handlers)
        {
            try
            {
                await handler(liveEvent);
            }
            catch (Exception ex)
            {
                LogSubscriberFailed(ex, topic, liveEvent.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A subscriber of {Topic} failed on {Event}")]
    private partial void LogSubscriberFailed(Exception ex, string topic, string @event);

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                unsubscribe();
            }
        }
    }
}
