namespace SecurityManagement.Core.Live;

/// <summary>Something that happened which open screens may need to show at once.</summary>
public abstract record LiveEvent;

/// <summary>The user's role or status changed: every session they have open must end.</summary>
public sealed record SessionsRevoked(Guid UserId) : LiveEvent;

/// <summary>Topic names: who listens for what.</summary>
public static class Topics
{
    public static string User(Guid userId) => $"user:{userId}";
}

/// <summary>
/// The live-event hub that screens subscribe to. In-process on one server; a backplane
/// implementation of this interface carries events between servers.
/// </summary>
public interface ILiveEvents
{
    /// <summary>Calls <paramref name="handler"/> for each event published on the topic until the subscription is disposed.</summary>
    IDisposable Subscribe(string topic, Func<LiveEvent, Task> handler);

    /// <summary>Delivers the event to every current subscriber of the topic; a failing subscriber does not stop the others.</summary>
    Task PublishAsync(string topic, LiveEvent liveEvent);
}
