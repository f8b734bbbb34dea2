using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Reach;

/// <summary>Told of every visit a gate operation stored, to reach the flat beyond its open screens; never blocks the gate.</summary>
public interface IVisitAlerts
{
    void Changed(Visit visit);

    /// <summary>The visitor has stayed past their purpose's limit: the flat's phones are told (by a background job, which may wait for it).</summary>
    Task OverstayedAsync(Visit visit, CancellationToken ct = default);
}
