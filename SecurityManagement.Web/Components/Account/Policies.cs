using Microsoft.AspNetCore.Authorization;
using SecurityManagement.Core.Accounts;

namespace SecurityManagement.Web.Components.Account;

/// <summary>The page policies, one per kind of screen. Core services check the acting user again.</summary>
public static class Policies
{
    public const string Guard = nameof(Guard);
    public const string Resident = nameof(Resident);
    public const string Admin = nameof(Admin);
    public const string SuperAdmin = nameof(SuperAdmin);

    /// <summary>Guards and admins: the people who run the gate and the society.</summary>
    public const string Staff = nameof(Staff);

    public static AuthorizationBuilder AddRolePolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Guard, p => p.RequireRole(nameof(Role.Guard)))
        .AddPolicy(Resident, p => p.RequireRole(nameof(Role.Resident)))
        .AddPolicy(Admin, p => p.RequireRole(nameof(Role.Admin), nameof(Role.SuperAdmin)))
        .AddPolicy(SuperAdmin, p => p.RequireRole(nameof(Role.SuperAdmin)))
        .AddPolicy(Staff, p => p.RequireRole(nameof(Role.Guard), nameof(Role.Admin), nameof(Role.SuperAdmin)));
}
