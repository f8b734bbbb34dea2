namespace SecurityManagement.Core.Visits;

public enum VisitStatus
{
    Pending,
    Approved,
    Denied,
    Inside,
    Completed,
    Cancelled,
    Expired,
}
