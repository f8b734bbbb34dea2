namespace SecurityManagement.Core.Accounts;

/// <summary>
/// Who is calling a service: the signed-in user's id, the security stamp their session was issued
/// with, and the sign-in session itself. Services check all three (<see cref="ActingUsers"/>), so a
/// stale, revoked or signed-out session is refused even if the page let it through. A caller outside
/// any sign-in (start-up, a test) has no session id.
/// </summary>
public sealed record Actor(Guid UserId, string SecurityStamp, Guid? SessionId = null);
