namespace SecurityManagement.Core.Visits;

public enum VisitStatus
{
    Pending,

    /// <summary>A resident said "not for us": back with the guard to re-route to the right flat or cancel.</summary>
    Returned,
    Approved,
    Denied,
    Inside,
    Completed,
    Cancelled,
    Expired,
}
