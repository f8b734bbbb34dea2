using Microsoft.Extensions.Localization;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Web.Components.Shared;
using SecurityManagement.Web.Resources;

namespace SecurityManagement.Web.Components.Account;

/// <summary>What the sign-in and registration pages tell a person about a refused code or send, in their language.</summary>
public sealed class AccountMessages(IStringLocalizer<AccountText> text, Words words)
{
    public static string Masked(string phone) => $"••••••{phone[^4..]}";

    public string ForSend(OtpSendResult send) => send.Outcome switch
    {
        OtpSendOutcome.TooSoon => text["Send.TooSoon", Clock(send.RetryAt, "HH:mm:ss")],
        OtpSendOutcome.HourlyLimit => text["Send.HourlyLimit", Clock(send.RetryAt, "HH:mm")],
        OtpSendOutcome.Locked => text["Send.Locked", Clock(send.RetryAt, "HH:mm")],
        OtpSendOutcome.SendFailed => text["Send.Failed"],
        OtpSendOutcome.ClientLimit => text["Send.ClientLimit", Clock(send.RetryAt, "HH:mm")],
        OtpSendOutcome.SocietyLimit => text["Send.SocietyLimit", Clock(send.RetryAt, "HH:mm")],
        _ => "",
    };

    public string ForCode(OtpCheckResult check) => check.Outcome switch
    {
        OtpCheckOutcome.Wrong => text[check.TriesLeft == 1 ? "Code.Wrong.One" : "Code.Wrong.Many", check.TriesLeft],
        OtpCheckOutcome.Expired => text["Code.Expired"],
        OtpCheckOutcome.Locked => text["Send.Locked", Clock(check.RetryAt, "HH:mm")],
        _ => text["Code.Used"],
    };

    public string ForRefusal(SignInStep step) => step switch
    {
        SignInStep.UnknownPhone => text["Refusal.UnknownPhone"],
        SignInStep.PendingApproval => text["Refusal.PendingApproval"],
        _ => text["Refusal.Deactivated"],
    };

    /// <summary>What the sign-in page says to someone an open page sent back here, by the reason it gave.</summary>
    public string? ForSignedOut(string? reason) => reason switch
    {
        SignedOutReasons.Revoked => text["SignedOut.Revoked"].Value,
        SignedOutReasons.SignedOut => text["SignedOut.SignedOut"],
        SignedOutReasons.Ended => text["SignedOut.Ended"],
        _ => null,
    };

    private string Clock(DateTimeOffset? at, string format) =>
        at is null ? text["Send.ALittleWhile"] : words.Local(at.Value, format);
}
