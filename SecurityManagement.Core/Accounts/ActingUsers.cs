namespace SecurityManagement.Core.Accounts;

/// <summary>The checks every service makes of the acting user, in one place.</summary>
public sealed class ActingUsers(IUserStore users, ISessionStore sessions, TimeProvider clock)
{
    public static readonly Role[] Admins = [Role.Admin, Role.SuperAdmin];

    /// <summary>
    /// The acting user, if their session is still good: they exist, are active, their stamp is current,
    /// and the sign-in session is theirs, not ended and within its absolute limit.
    /// </summary>
    public async Task<User> RequireActiveAsync(Actor actor, CancellationToken ct) =>
        await ActiveAsync(actor, ct) ?? throw new NotAllowedException(Codes.SessionEnded);

    /// <summary>The acting user, if their session is good and their role is one of <paramref name="roles"/>; else a refusal with <paramref name="refusalCode"/>.</summary>
    public async Task<User> RequireRoleAsync(Actor actor, IReadOnlyCollection<Role> roles, string refusalCode, CancellationToken ct)
    {
        var user = await RequireActiveAsync(actor, ct);
        return roles.Contains(user.Role) ? user : throw new NotAllowedException(refusalCode);
    }

    /// <summary>The acting user while their session may go on, else null.</summary>
    public async Task<User?> ActiveAsync(Actor actor, CancellationToken ct)
    {
        var user = await users.GetAsync(actor.UserId, ct);
        if (user is not { Status: UserStatus.Active } || user.SecurityStamp != actor.SecurityStamp)
        {
            return null;
        }

        return actor.SessionId is not { } sessionId || IsLive(await sessions.GetAsync(sessionId, ct), user) ? user : null;
    }

    private bool IsLive(Session? session, User user) => session is not null && session.UserId == user.Id && session.IsLiveAt(clock.GetUtcNow());
}
