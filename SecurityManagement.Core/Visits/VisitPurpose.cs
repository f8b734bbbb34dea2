namespace SecurityManagement.Core.Visits;

public enum VisitPurpose
{
    Guest,
    Delivery,
    Cab,
    Service,
    Other,
}
