namespace SecurityManagement.Web.Components.Account;

/// <summary>Why an open page lost its sign-in, as the sign-in page's <c>signedOut</c> query says it.</summary>
public static class SignedOutReasons
{
    /// <summary>An admin changed the user's role or status (or their flat): their sessions were revoked.</summary>
    public const string Revoked = "revoked";

    /// <summary>This session was signed out (in another tab, say).</summary>
    public const string SignedOut = "signed-out";

    /// <summary>The session is no longer valid (expired, or ended where no event said why).</summary>
    public const string Ended = "ended";
}
