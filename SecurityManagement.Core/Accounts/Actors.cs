namespace SecurityManagement.Core.Accounts;

internal static class Actors
{
    /// <summary>The acting user, if their session is still good: they exist, are active, and their stamp is current.</summary>
    public static async Task<User> RequireActiveAsync(this IUserStore users, Actor actor, CancellationToken ct)
    {
        var user = await users.GetAsync(actor.UserId, ct);
        return user is { Status: UserStatus.Active } && user.SecurityStamp == actor.SecurityStamp
            ? user
            : throw new NotAllowedException("Your session has ended. Sign in again.");
    }

    public static readonly Role[] Admins = [Role.Admin, Role.SuperAdmin];

    /// <summary>The acting user, if their session is good and their role is one of <paramref name="roles"/>; else <paramref name="refusal"/>.</summary>
    public static async Task<User> RequireRoleAsync(this IUserStore users, Actor actor, IReadOnlyCollection<Role> roles, string refusal, CancellationToken ct)
    {
        var user = await users.RequireActiveAsync(actor, ct);
        return roles.Contains(user.Role) ? user : throw new NotAllowedException(refusal);
    }
}
