using System.Collections.Concurrent;
using SecurityManagement.Core.Help;
using SecurityManagement.Core.Parcels;
using SecurityManagement.Core.Reach;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Tests.Support;

/// <summary>Keeps every push instead of sending it; an endpoint can be made to answer as a push service would.</summary>
public sealed class RecordingPushSender : IPushSender
{
    private readonly ConcurrentQueue<(PushDevice Device, PushPayload Payload)> _sent = new();
    private readonly ConcurrentDictionary<string, PushOutcome> _outcomes = new();
    private readonly ConcurrentDictionary<string, Exception> _failures = new();

    public IReadOnlyList<(PushDevice Device, PushPayload Payload)> Sent => [.. _sent];

    /// <summary>From now on, pushes to this endpoint end so (and are not kept unless delivered).</summary>
    public void Answer(string endpoint, PushOutcome outcome) => _outcomes[endpoint] = outcome;

    /// <summary>From now on, pushes to this endpoint throw it, as a push service that never answers makes the client time out.</summary>
    public void Throw(string endpoint, Exception failure) => _failures[endpoint] = failure;

    public Task<PushOutcome> SendAsync(PushDevice device, PushPayload payload, CancellationToken ct = default)
    {
        if (_failures.TryGetValue(device.Endpoint, out var failure))
        {
            return Task.FromException<PushOutcome>(failure);
        }

        var outcome = _outcomes.GetValueOrDefault(device.Endpoint, PushOutcome.Delivered);
        if (outcome == PushOutcome.Delivered)
        {
            _sent.Enqueue((device, payload));
        }

        return Task.FromResult(outcome);
    }
}

/// <summary>Keeps the visits gate operations hand to the doorbell, so a test decides when it rings.</summary>
public sealed class RecordingAlerts : IVisitAlerts, IParcelAlerts, IHelperAlerts
{
    private readonly ConcurrentQueue<HelperMoved> _moved = new();

    public IReadOnlyList<HelperMoved> Moved => [.. _moved];

    void IHelperAlerts.Moved(HelperMoved moved) => _moved.Enqueue(moved);

    private readonly ConcurrentQueue<Visit> _changed = new();

    private readonly ConcurrentQueue<Parcel> _kept = new();

    public IReadOnlyList<Parcel> Kept => [.. _kept];

    void IParcelAlerts.Kept(Parcel parcel) => _kept.Enqueue(parcel);

    private readonly ConcurrentQueue<Visit> _overstayed = new();

    public IReadOnlyList<Visit> Changed => [.. _changed];

    public IReadOnlyList<Visit> Overstayed => [.. _overstayed];

    void IVisitAlerts.Changed(Visit visit) => _changed.Enqueue(visit);

    public Task OverstayedAsync(Visit visit, CancellationToken ct = default)
    {
        _overstayed.Enqueue(visit);
        return Task.CompletedTask;
    }
}

/// <summary>For runs that measure the gate alone: nobody is reached.</summary>
public sealed class NoAlerts : IVisitAlerts
{
    public static NoAlerts Instance { get; } = new();

    public void Changed(Visit visit)
    {
    }

    public Task OverstayedAsync(Visit visit, CancellationToken ct = default) => Task.CompletedTask;
}
