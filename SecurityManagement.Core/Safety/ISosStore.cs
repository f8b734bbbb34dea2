using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;

namespace SecurityManagement.Core.Safety;

/// <summary>Thrown by <see cref="ISosStore.AddAsync"/> when the flat already has an open alert: one at a time per flat.</summary>
public sealed class SosAlreadyOpenException() : Exception("The flat already has an open SOS.");

/// <summary>Storage port for SOS alerts. Each change is a compare-and-set that stores its audit entry in the same atomic step.</summary>
public interface ISosStore
{
    /// <summary>Adds the alert; throws <see cref="SosAlreadyOpenException"/> when its flat has an open one (the store keeps one per flat).</summary>
    Task AddAsync(SosAlert alert, AuditEntry audit, CancellationToken ct = default);

    Task<SosAlert?> GetAsync(Guid id, CancellationToken ct = default);

    /// <summary>The flat's open alert, if any.</summary>
    Task<SosAlert?> GetOpenForFlatAsync(FlatCode flat, CancellationToken ct = default);

    /// <summary>Every open alert, oldest first (a handful at most).</summary>
    Task<IReadOnlyList<SosAlert>> ListOpenAsync(CancellationToken ct = default);

    /// <summary>The flat's latest alerts, newest first.</summary>
    Task<IReadOnlyList<SosAlert>> ListForFlatAsync(FlatCode flat, int take, CancellationToken ct = default);

    /// <summary>Marks the alert acknowledged if it is still ringing; returns it as stored then, or null (nothing stored) when it was not.</summary>
    Task<SosAlert?> TryAcknowledgeAsync(Guid id, Guid by, string name, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default);

    /// <summary>Closes the alert if it is open (acknowledging it too if nobody had); returns it as stored then, or null when it was closed already.</summary>
    Task<SosAlert?> TryCloseAsync(Guid id, Guid by, string name, DateTimeOffset at, string note, AuditEntry audit, CancellationToken ct = default);

    /// <summary>Ringing alerts raised before <paramref name="raisedBefore"/> that have not been escalated.</summary>
    Task<IReadOnlyList<SosAlert>> ListDueForEscalationAsync(DateTimeOffset raisedBefore, CancellationToken ct = default);

    /// <summary>Claims the escalation of a still-ringing alert (once); returns it as stored then, or null when someone acknowledged it or it was claimed.</summary>
    Task<SosAlert?> TryMarkEscalatedAsync(Guid id, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default);
}
