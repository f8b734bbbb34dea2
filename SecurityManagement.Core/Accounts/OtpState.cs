namespace SecurityManagement.Core.Accounts;

/// <summary>
/// What the store keeps per phone and lane for one-time codes: the current code's keyed hash (never
/// the code), its expiry and wrong tries, and the sends and failures of the last hour. Changes are
/// compare-and-set on <see cref="Version"/>, so limits hold across instances and restarts.
/// </summary>
public sealed record OtpState
{
    /// <summary>The lane of everyone who asks for a number's code from a browser not trusted for it.</summary>
    public const string PublicLane = "";

    public required PhoneNumber Phone { get; init; }

    /// <summary>
    /// Whose budget this is: <see cref="PublicLane"/>, or the id of a device that signed in as this
    /// phone before. A device keeps its own code and limits, so a stranger's wrong codes or sends for
    /// the number (which exhaust the public lane) cannot lock its owner out of that device.
    /// </summary>
    public string Lane { get; init; } = PublicLane;

    /// <summary>Public lane only: the devices that signed in as this phone, newest last.</summary>
    public IReadOnlyList<string> TrustedDevices { get; init; } = [];

    public string? CodeHash { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Wrong tries on the current code.</summary>
    public int Attempts { get; init; }

    public IReadOnlyList<DateTimeOffset> Sends { get; init; } = [];

    public IReadOnlyList<DateTimeOffset> Failures { get; init; } = [];

    /// <summary>0 for a state never stored; each save stores <c>Version + 1</c>.</summary>
    public long Version { get; init; }

    /// <summary>Drops sends and failures older than the window.</summary>
    internal OtpState Since(DateTimeOffset windowStart) => this with
    {
        Sends = Sends.Where(t => t > windowStart).ToList(),
        Failures = Failures.Where(t => t > windowStart).ToList(),
    };
}
