using System.Text.Json;
using System.Text.Json.Serialization;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Help;
using SecurityManagement.Core.Notices;
using SecurityManagement.Core.Parcels;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Reach;

/// <summary>
/// What a service worker receives (JSON): the notification's words, already in the resident's language,
/// its tag (one notification per request, replaced as it changes), the page a tap opens, and for a request
/// the token its Approve and Deny post back. No phone number is ever in it.
/// </summary>
internal sealed record ReachMessage(
    string Type,
    string Tag,
    string Title,
    string Body,
    string Url,
    string? Lang,
    string? Token = null,
    IReadOnlyList<ReachAction>? Actions = null,
    string? Reason = null,
    bool Silent = false)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

internal sealed record ReachAction(string Action, string Title);

/// <summary>Words the messages through the host's <see cref="ISmsWording"/> (Core holds codes, the host the sentences).</summary>
internal sealed class ReachPayloads(ISmsWording wording)
{
    /// <summary>As much of a notice's text as a phone's notification shows; the rest is on the dashboard.</summary>
    private const int NoticeBodyInPush = 160;

    public static string Tag(Visit visit) => $"visit-{visit.Id:N}";

    public static string UrlOf(Visit visit) => $"/resident?visit={visit.Id:N}";

    public string Request(Visit visit, User resident, string token, bool quiet) => new ReachMessage(
        "request",
        Tag(visit),
        Say(resident, Codes.MessageRequestTitle, visit.VisitorName),
        Say(resident, Codes.MessageRequestBody, visit.Purpose, visit.Flat),
        UrlOf(visit),
        resident.Language,
        token,
        [new("approve", Say(resident, Codes.MessageApprove)), new("deny", Say(resident, Codes.MessageDeny))],
        Say(resident, Codes.MessageDenyReason),
        quiet).ToJson();

    /// <summary>Replaces the request on every phone of the flat once someone (or the gate, or the clock) settled it.</summary>
    public string Settled(Visit visit, User resident, string? byName) => new ReachMessage(
        "settled",
        Tag(visit),
        Say(resident, Codes.MessageRequestTitle, visit.VisitorName),
        byName is null ? Say(resident, Codes.MessageClosed, visit.Status) : Say(resident, Codes.MessageSettled, byName, visit.Status),
        UrlOf(visit),
        resident.Language,
        Silent: true).ToJson();

    /// <summary>The flat's visitor has stayed past their purpose's limit (once per visit).</summary>
    public string Overstayed(Visit visit, User resident, bool quiet) => new ReachMessage(
        "overstay",
        Tag(visit),
        Say(resident, Codes.MessageOverstayTitle, visit.VisitorName),
        Say(resident, Codes.MessageOverstayBody, visit.Purpose, visit.Flat, visit.EntryAt ?? visit.StatusChangedAt),
        UrlOf(visit),
        resident.Language,
        Silent: quiet).ToJson();

    /// <summary>A visitor the flat said was coming, let in without asking.</summary>
    public string Arrived(Visit visit, User resident, bool quiet) => new ReachMessage(
        "arrived",
        Tag(visit),
        Say(resident, Codes.MessageArrivedTitle, visit.VisitorName),
        Say(resident, Codes.MessageArrivedBody, visit.Purpose, visit.Flat),
        UrlOf(visit),
        resident.Language,
        Silent: quiet).ToJson();

    /// <summary>A helper of the flat came in or went out; a tap opens the dashboard's daily help.</summary>
    public string Helper(HelperMoved moved, FlatCode flat, User resident, bool quiet) => new ReachMessage(
        "helper",
        $"helper-{moved.Visit.Id:N}-{(moved.Visit.OutAt is null ? "in" : "out")}",
        Say(resident, moved.Visit.OutAt is null ? Codes.MessageHelperInTitle : Codes.MessageHelperOutTitle, moved.Helper.Name, flat),
        Say(resident, Codes.MessageHelperBody, moved.Visit.OutAt ?? moved.Visit.InAt),
        "/resident#helpers",
        resident.Language,
        Silent: quiet).ToJson();

    /// <summary>A parcel kept at the gate; a tap opens the dashboard's parcels.</summary>
    public string Parcel(Parcel parcel, User resident, bool quiet) => new ReachMessage(
        "parcel",
        $"parcel-{parcel.Id:N}",
        Say(resident, Codes.MessageParcelTitle, parcel.Company),
        Say(resident, Codes.MessageParcelBody, parcel.Flat, parcel.Note ?? ""),
        "/resident#parcels",
        resident.Language,
        Silent: quiet).ToJson();

    /// <summary>A notice from the committee; a tap opens the dashboard's notices.</summary>
    public string Notice(Notice notice, User resident, bool quiet) => new ReachMessage(
        "notice",
        $"notice-{notice.Id:N}",
        Say(resident, Codes.MessageNoticeTitle, notice.Title),
        Shortened(notice.Body),
        "/resident#notices",
        resident.Language,
        Silent: quiet).ToJson();

    /// <summary>The text cut to <see cref="NoticeBodyInPush"/> characters, never inside a character (an emoji's pair, say).</summary>
    private static string Shortened(string text)
    {
        if (text.Length <= NoticeBodyInPush)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[NoticeBodyInPush - 1]) ? NoticeBodyInPush - 1 : NoticeBodyInPush;
        return text[..cut] + "…";
    }

    public string Test(User resident) => new ReachMessage(
        "test", "test", Say(resident, Codes.MessageTestTitle), Say(resident, Codes.MessageTestBody), "/resident", resident.Language).ToJson();

    public string Sms(Visit visit, User resident, Uri link) =>
        Say(resident, Codes.MessageSmsRequest, visit.VisitorName, visit.Purpose, visit.Flat, link.ToString());

    private string Say(User resident, string code, params object[] args) => wording.Text(new Problem(code, args), resident.Language);
}
