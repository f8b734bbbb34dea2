using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Reach;

/// <summary>Told of every visit a gate operation stored, to reach the flat beyond its open screens; never blocks the gate.</summary>
public interface IVisitAlerts
{
    void Changed(Visit visit);
}
