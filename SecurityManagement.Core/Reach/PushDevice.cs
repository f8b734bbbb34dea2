namespace SecurityManagement.Core.Reach;

/// <summary>
/// One browser that a resident turned notifications on in: its push subscription (the push service's
/// endpoint and the keys a message is encrypted with), and the sign-in session it was turned on in, so
/// signing out on that device stops it ringing.
/// </summary>
public sealed record PushDevice
{
    public const int MaxEndpointLength = 1000;
    public const int MaxKeyLength = 200;
    public const int MaxLabelLength = 100;

    public required string Endpoint { get; init; }

    /// <summary>The browser's public key (P-256, base64url), as its subscription gives it.</summary>
    public required string P256dh { get; init; }

    /// <summary>The subscription's authentication secret (base64url).</summary>
    public required string Auth { get; init; }

    public required Guid UserId { get; init; }

    public Guid? SessionId { get; init; }

    /// <summary>What the resident sees for it, e.g. "Chrome on Android".</summary>
    public string? Label { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
