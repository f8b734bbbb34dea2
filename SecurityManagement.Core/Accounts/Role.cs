namespace SecurityManagement.Core.Accounts;

public enum Role
{
    Resident,
    Guard,
    Admin,
    SuperAdmin,
}
