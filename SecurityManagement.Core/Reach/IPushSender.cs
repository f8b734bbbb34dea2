namespace SecurityManagement.Core.Reach;

/// <summary>How the push service answered.</summary>
public enum PushOutcome
{
    Delivered,

    /// <summary>The subscription no longer exists (404 or 410): the device is forgotten.</summary>
    Gone,

    /// <summary>Anything else (unreachable, refused, overloaded): tried again only by a later request.</summary>
    Failed,
}

/// <summary>
/// A message for a device's service worker. <paramref name="Topic"/> lets a later message replace one the
/// push service still holds (RFC 8030 §5.4); <paramref name="TimeToLive"/> is how long it may wait for a phone.
/// </summary>
public sealed record PushPayload(string Json, TimeSpan TimeToLive, bool Urgent, string? Topic = null);

/// <summary>Port: delivers an encrypted message to a device through its push service (Web Push, VAPID).</summary>
public interface IPushSender
{
    Task<PushOutcome> SendAsync(PushDevice device, PushPayload payload, CancellationToken ct = default);
}
