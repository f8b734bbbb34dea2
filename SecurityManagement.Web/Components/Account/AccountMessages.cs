using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;

namespace SecurityManagement.Web.Components.Account;

/// <summary>What the sign-in and registration pages tell a person about a refused code or send.</summary>
public static class AccountMessages
{
    public static string Masked(string phone) => $"••••••{phone[^4..]}";

    public static string ForSend(OtpSendResult send, SocietyOptions society) => send.Outcome switch
    {
        OtpSendOutcome.TooSoon => $"A code was sent moments ago. You can ask for a new one at {Clock(send.RetryAt, society, "HH:mm:ss")}.",
        OtpSendOutcome.HourlyLimit => $"This number has had all its codes for this hour. Try again after {Clock(send.RetryAt, society, "HH:mm")}.",
        OtpSendOutcome.Locked => $"Too many wrong codes for this number. Try again after {Clock(send.RetryAt, society, "HH:mm")}.",
        OtpSendOutcome.SendFailed => "We could not send the text message just now. Try again in a minute.",
        OtpSendOutcome.ClientLimit => $"Too many codes were asked for from this device or network this hour. Try again after {Clock(send.RetryAt, society, "HH:mm")}.",
        OtpSendOutcome.SocietyLimit => $"The society has sent all the sign-in codes it may for now. Try again after {Clock(send.RetryAt, society, "HH:mm")}, or ask the society office.",
        _ => "",
    };

    public static string ForCode(OtpCheckResult check, SocietyOptions society) => check.Outcome switch
    {
        OtpCheckOutcome.Wrong => $"That code is not right. {check.TriesLeft} {(check.TriesLeft == 1 ? "try" : "tries")} left.",
        OtpCheckOutcome.Expired => "That code has expired. Send a new one.",
        OtpCheckOutcome.Locked => $"Too many wrong codes for this number. Try again after {Clock(check.RetryAt, society, "HH:mm")}.",
        _ => "This code can no longer be used. Send a new one.",
    };

    public static string ForRefusal(SignInStep step) => step switch
    {
        SignInStep.UnknownPhone => "No account has this number yet.",
        SignInStep.PendingApproval => "Your registration is waiting for an admin's approval. You can sign in once it is approved.",
        _ => "This account is deactivated. Please contact the society office.",
    };

    /// <summary>What the sign-in page says to someone an open page sent back here, by the reason it gave.</summary>
    public static string? ForSignedOut(string? reason) => reason switch
    {
        SignedOutReasons.Revoked => "Your access was changed or removed by the society's admins, so you were signed out. If you still have access, sign in again.",
        SignedOutReasons.SignedOut => "This session was signed out.",
        SignedOutReasons.Ended => "Your session has ended. Sign in again to go on.",
        _ => null,
    };

    private static string Clock(DateTimeOffset? at, SocietyOptions society, string format) =>
        at is null ? "a little while" : society.Local(at.Value, format);
}
