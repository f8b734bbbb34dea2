namespace SecurityManagement.Core.Accounts;

/// <summary>
/// Who is calling a service: the signed-in user's id and the security stamp their session was
/// issued with. Services load the user and check both, so a stale or revoked session is refused
/// even if the page let it through.
/// </summary>
public sealed record Actor(Guid UserId, string SecurityStamp);
