namespace SecurityManagement.Core.Accounts;

public enum UserStatus
{
    PendingApproval,
    Active,
    Deactivated,
}
