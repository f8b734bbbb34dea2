using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Web.Components.Shared;

/// <summary>How the screens name the domain's values to a person: never a C# name such as <c>PendingApproval</c>.</summary>
public static class Words
{
    public static string Of(UserStatus status) => status switch
    {
        UserStatus.PendingApproval => "Pending approval",
        UserStatus.Active => "Active",
        _ => "Deactivated",
    };

    public static string Of(Role role) => role switch
    {
        Role.Resident => "Resident",
        Role.Guard => "Guard",
        Role.Admin => "Admin",
        _ => "Super admin",
    };

    public static string Of(VisitStatus status) => status switch
    {
        VisitStatus.Pending => "Waiting",
        VisitStatus.Returned => "Not for the flat",
        VisitStatus.Approved => "Approved",
        VisitStatus.Denied => "Denied",
        VisitStatus.Inside => "Inside",
        VisitStatus.Completed => "Left",
        VisitStatus.Cancelled => "Cancelled",
        _ => "Expired",
    };

    public static string Of(VisitPurpose purpose) => purpose switch
    {
        VisitPurpose.Guest => "Guest",
        VisitPurpose.Delivery => "Delivery",
        VisitPurpose.Cab => "Cab",
        VisitPurpose.Service => "Service",
        _ => "Other",
    };

    /// <summary>Who acted in an audit entry: a person with their role, or the system.</summary>
    public static string Of(AuditParty? actor) => actor is null ? "System" : Subject(actor);

    /// <summary>What an audit entry is about, as looked up now.</summary>
    public static string Subject(AuditParty subject) => subject switch
    {
        { Kind: AuditSubjectKind.User, Name: { } name, Role: { } role } => $"{name} ({Of(role)})",
        { Kind: AuditSubjectKind.User } => "Removed user",
        { Kind: AuditSubjectKind.Visit, Name: { } flat } => $"Visit for {flat}",
        { Kind: AuditSubjectKind.Visit } => "Visit",
        { Kind: AuditSubjectKind.Pass, Name: { } flat } => $"Guest pass for {flat}",
        { Kind: AuditSubjectKind.Pass } => "Guest pass",
        { Kind: AuditSubjectKind.Flat } => $"Flat {subject.Name}",
        { Kind: AuditSubjectKind.PassCode } => $"Pass code {subject.Name}",
        { Kind: AuditSubjectKind.VisitLog } => "Visit log",
        { Kind: AuditSubjectKind.AuditTrail } => "Audit trail",
        { Kind: AuditSubjectKind.Settings } => "Settings",
        { Kind: AuditSubjectKind.Society } => "The society",
        { Kind: AuditSubjectKind.VisitorData } => "Visitors' data",
        _ => subject.Name ?? "",
    };

    /// <summary>"1 visit", "2 visits".</summary>
    public static string Count(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";
}
