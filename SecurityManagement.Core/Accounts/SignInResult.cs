namespace SecurityManagement.Core.Accounts;

public enum SignInStep
{
    /// <summary>A code is on its way; ask for it.</summary>
    CodeSent,

    SignedIn,

    /// <summary>No account has this phone (said only once the phone's code was entered): offer registration.</summary>
    UnknownPhone,
    PendingApproval,
    Deactivated,

    /// <summary>A code was refused or could not be sent; <see cref="SignInResult.Code"/> and <see cref="SignInResult.Send"/> say why.</summary>
    CodeRefused,
}

/// <summary>
/// Where a sign-in or registration stands after a step. A sign-in brings its <see cref="Session"/> and
/// the <see cref="Device"/> id the browser keeps, so its own code budget follows it next time.
/// </summary>
public sealed record SignInResult(
    SignInStep Step, User? User = null, OtpSendResult? Send = null, OtpCheckResult? Code = null, Session? Session = null, string? Device = null);

/// <summary>
/// Who is signing in or registering, as the host sees them: the device id their browser holds for the
/// phone (from an earlier sign-in), a name for their client (its address) for the per-client quota, and
/// the language their page is in, for the text message.
/// </summary>
public sealed record SignInClient(string? Device, string? Address, string? Language = null)
{
    /// <summary>A caller the host knows nothing about (tests, tools).</summary>
    public static readonly SignInClient Unknown = new(null, null);
}
