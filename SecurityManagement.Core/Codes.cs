namespace SecurityManagement.Core;

/// <summary>
/// Every code a <see cref="Problem"/> carries. The screens keep one sentence per code and language
/// (a test checks that each code has one); the comment gives the arguments in order.
/// </summary>
public static class Codes
{
    /// <summary>A required field is empty: the field's name.</summary>
    public const string Required = "text.required";

    /// <summary>A field is too long: the field's name, the most characters.</summary>
    public const string TooLong = "text.tooLong";

    /// <summary>A number outside its range: the field's name, the least, the most.</summary>
    public const string OutOfRange = "number.outOfRange";

    public const string SessionEnded = "session.ended";
    public const string AdminsOnlyFlats = "role.adminsOnlyFlats";
    public const string AdminsOnlyUsers = "role.adminsOnlyUsers";
    public const string AdminsOnlyVisitLog = "role.adminsOnlyVisitLog";
    public const string AdminsOnlyAudit = "role.adminsOnlyAudit";
    public const string GuardsOnlyGate = "role.guardsOnlyGate";
    public const string GuardsOnlyPasses = "role.guardsOnlyPasses";
    public const string ResidentsOnlyAnswer = "role.residentsOnlyAnswer";
    public const string ResidentsOnlyPasses = "role.residentsOnlyPasses";
    public const string SuperAdminOnlySettings = "role.superAdminOnlySettings";
    public const string SuperAdminOnlyRoles = "role.superAdminOnlyRoles";

    /// <summary>The role of the account to create.</summary>
    public const string SuperAdminOnlyCreate = "role.superAdminOnlyCreate";

    /// <summary>The role of the account to change.</summary>
    public const string SuperAdminOnlyChange = "role.superAdminOnlyChange";

    public const string PhoneEmpty = "phone.empty";
    public const string PhoneDigitsOnly = "phone.digitsOnly";

    /// <summary>The digits a number has, the digits this one has.</summary>
    public const string PhoneLength = "phone.length";

    public const string FlatEmpty = "flat.empty";

    /// <summary>The most characters of each part.</summary>
    public const string FlatFormat = "flat.format";

    /// <summary>The flat.</summary>
    public const string FlatUnknown = "flat.unknown";

    /// <summary>The flat.</summary>
    public const string FlatExists = "flat.exists";

    public const string FlatSameCode = "flat.sameCode";
    public const string FlatRangeFormat = "flat.rangeFormat";

    /// <summary>The last flat, the first flat.</summary>
    public const string FlatRangeBackwards = "flat.rangeBackwards";

    /// <summary>The most flats a range adds.</summary>
    public const string FlatRangeTooBig = "flat.rangeTooBig";

    /// <summary>The flat, how many active residents.</summary>
    public const string FlatRemoveHasResidents = "flat.removeHasResidents";

    /// <summary>The flat, how many registered residents.</summary>
    public const string FlatRenameHasResidents = "flat.renameHasResidents";

    /// <summary>The flat, the open visit's status.</summary>
    public const string FlatRemoveOpenVisit = "flat.removeOpenVisit";

    /// <summary>The flat, the open visit's status.</summary>
    public const string FlatRenameOpenVisit = "flat.renameOpenVisit";

    public const string PurposeMissing = "visit.purposeMissing";
    public const string VisitNotFound = "visit.notFound";
    public const string VisitNotYourFlat = "visit.notYourFlat";

    /// <summary>The visit's status.</summary>
    public const string VisitCannotMove = "visit.cannotMove";

    /// <summary>
    /// Someone acted on the visit first. Each takes who (a name, or the <see cref="Word"/> <c>someone</c> or
    /// <c>system</c>), when, and the note they left in brackets or nothing.
    /// </summary>
    public const string VisitAlreadyApproved = "visit.alreadyApproved";
    public const string VisitAlreadyDenied = "visit.alreadyDenied";
    public const string VisitAlreadyReturned = "visit.alreadyReturned";
    public const string VisitAlreadyRerouted = "visit.alreadyRerouted";
    public const string VisitAlreadyCheckedIn = "visit.alreadyCheckedIn";
    public const string VisitAlreadyCheckedOut = "visit.alreadyCheckedOut";
    public const string VisitAlreadyCancelled = "visit.alreadyCancelled";
    public const string VisitAlreadyClosed = "visit.alreadyClosed";

    /// <summary>The fewest characters a search needs.</summary>
    public const string SearchTooShort = "search.tooShort";

    public const string SettingsExpireBeforePrompt = "settings.expireBeforePrompt";
    public const string SettingsDayBelowHour = "settings.dayBelowHour";
    public const string SettingsChangedMeanwhile = "settings.changedMeanwhile";

    public const string PassUntilMissing = "pass.untilMissing";
    public const string PassEndsBeforeStart = "pass.endsBeforeStart";
    public const string PassEndsInPast = "pass.endsInPast";

    /// <summary>The most days a pass lasts.</summary>
    public const string PassTooLong = "pass.tooLong";

    public const string PassNoFreeCode = "pass.noFreeCode";
    public const string PassNotFound = "pass.notFound";
    public const string PassNotYours = "pass.notYours";
    public const string PassAlreadyRevoked = "pass.alreadyRevoked";

    /// <summary>The digits of a pass code.</summary>
    public const string PassCodeLength = "pass.codeLength";

    public const string PassTooManyWrong = "pass.tooManyWrong";

    /// <summary>When the pass starts.</summary>
    public const string PassNotYet = "pass.notYet";

    public const string PassUsed = "pass.used";
    public const string PassNoMatch = "pass.noMatch";
    public const string PassMakerLeft = "pass.makerLeft";
    public const string PassJustUsed = "pass.justUsed";
    public const string HelperResidentsOnly = "helper.residentsOnly";
    public const string HelperAdminsOnly = "helper.adminsOnly";
    public const string HelperKindMissing = "helper.kindMissing";

    /// <summary>The most a flat may have.</summary>
    public const string HelperTooMany = "helper.tooMany";

    /// <summary>The helper's name.</summary>
    public const string HelperAlreadyYours = "helper.alreadyYours";

    public const string HelperChangedMeanwhile = "helper.changedMeanwhile";
    public const string HelperNotFound = "helper.notFound";
    public const string HelperNotYours = "helper.notYours";
    public const string HelperRemoved = "helper.removed";
    public const string HelperPhoneRemoved = "helper.phoneRemoved";

    /// <summary>The helper's name.</summary>
    public const string HelperNotEmployed = "helper.notEmployed";

    /// <summary>The helper's name.</summary>
    public const string HelperAlreadyInside = "helper.alreadyInside";

    /// <summary>The helper's name.</summary>
    public const string HelperNotInside = "helper.notInside";

    /// <summary>The helper's name, the flat.</summary>
    public const string MessageHelperInTitle = "message.helperInTitle";

    /// <summary>The helper's name, the flat.</summary>
    public const string MessageHelperOutTitle = "message.helperOutTitle";

    /// <summary>When.</summary>
    public const string MessageHelperBody = "message.helperBody";

    public const string ParcelNotAllowed = "parcel.notAllowed";
    public const string ParcelNotFound = "parcel.notFound";
    public const string ParcelNotYourFlat = "parcel.notYourFlat";
    public const string ParcelCollected = "parcel.collected";

    /// <summary>Who the parcel is from.</summary>
    public const string MessageParcelTitle = "message.parcelTitle";

    /// <summary>The flat, the note (or nothing).</summary>
    public const string MessageParcelBody = "message.parcelBody";

    public const string PassHoursInvalid = "pass.hoursInvalid";
    public const string PassHoursHalf = "pass.hoursHalf";
    public const string PassHoursEmpty = "pass.hoursEmpty";

    public const string ResidentNeedsFlat = "user.residentNeedsFlat";
    public const string OnlyResidentsHaveFlat = "user.onlyResidentsHaveFlat";
    public const string PhoneTaken = "user.phoneTaken";
    public const string UserNotFound = "user.notFound";

    /// <summary>The user's name.</summary>
    public const string UserChangedMeanwhile = "user.changedMeanwhile";
    public const string SuperAdminsBusy = "user.superAdminsBusy";

    public const string InsideStaffOnly = "inside.staffOnly";

    public const string ExpectedResidentsOnly = "expected.residentsOnly";
    public const string ExpectedKindMissing = "expected.kindMissing";
    /// <summary>The fewest characters.</summary>
    public const string ExpectedPlate = "expected.plate";

    /// <summary>The fewest letters.</summary>
    public const string ExpectedNameShort = "expected.nameShort";
    public const string ExpectedNotFound = "expected.notFound";
    public const string ExpectedNotYourFlat = "expected.notYourFlat";
    public const string ExpectedSettled = "expected.settled";

    /// <summary>How many days ahead at most.</summary>
    public const string ExpectedStart = "expected.start";

    /// <summary>The longest window in hours.</summary>
    public const string ExpectedWindow = "expected.window";

    /// <summary>The most open at once.</summary>
    public const string ExpectedTooMany = "expected.tooMany";

    /// <summary>The visitor's name.</summary>
    public const string MessageArrivedTitle = "message.arrivedTitle";

    /// <summary>The purpose, the flat.</summary>
    public const string MessageArrivedBody = "message.arrivedBody";

    public const string NoticeAdminsOnly = "notice.adminsOnly";
    public const string NoticeResidentsOnly = "notice.residentsOnly";
    public const string NoticeNotFound = "notice.notFound";
    public const string NoticeWithdrawn = "notice.withdrawn";
    public const string NoticeAudienceMissing = "notice.audienceMissing";

    /// <summary>The block typed.</summary>
    public const string NoticeBlockUnknown = "notice.blockUnknown";

    public const string NoticeExpiry = "notice.expiry";

    /// <summary>The notice's title.</summary>
    public const string MessageNoticeTitle = "message.noticeTitle";

    public const string BlocklistAdminsOnly = "blocklist.adminsOnly";
    public const string BlocklistStaffOnly = "blocklist.staffOnly";
    public const string BlocklistNotFound = "blocklist.notFound";
    public const string BlocklistChanged = "blocklist.changed";
    public const string BlocklistAlreadyListed = "blocklist.alreadyListed";
    public const string BlocklistAlreadyProposed = "blocklist.alreadyProposed";

    /// <summary>The block's reason.</summary>
    public const string VisitorBlocked = "visit.visitorBlocked";

    public const string AdminsOnlyGates = "gate.adminsOnly";
    public const string GateNotFound = "gate.notFound";

    /// <summary>The name.</summary>
    public const string GateNameTaken = "gate.nameTaken";

    /// <summary>The most gates in use.</summary>
    public const string GateTooMany = "gate.tooMany";

    /// <summary>The tablet has no gate (or one retired) while the society has named its gates.</summary>
    public const string GateChoose = "gate.choose";

    public const string SosResidentsOnly = "sos.residentsOnly";
    public const string SosStaffOnly = "sos.staffOnly";
    public const string SosKindMissing = "sos.kindMissing";
    public const string SosNotFound = "sos.notFound";
    public const string SosAcknowledgedBy = "sos.acknowledgedBy";
    public const string SosClosed = "sos.closed";
    public const string SosSms = "sos.sms";

    /// <summary>The user's name, the status the list showed, the status now.</summary>
    public const string UserNoLonger = "user.noLonger";

    public const string CannotDeactivateSelf = "user.cannotDeactivateSelf";

    /// <summary>The resident's name, their flat.</summary>
    public const string ResidentFlatGone = "user.flatGone";

    public const string CannotChangeOwnRole = "user.cannotChangeOwnRole";

    /// <summary>The user's name, the role.</summary>
    public const string AlreadyInRole = "user.alreadyInRole";

    public const string LastSuperAdmin = "user.lastSuperAdmin";
    public const string LanguageUnknown = "user.languageUnknown";
    public const string AlreadyRegistered = "account.alreadyRegistered";
    public const string BootstrapChanging = "account.bootstrapChanging";

    /// <summary>The digits of a sign-in code.</summary>
    public const string OtpCodeFormat = "otp.codeFormat";

    public const string OtpBusy = "otp.busy";

    /// <summary>The text message with a sign-in code: the code, the society's name, the minutes it lasts.</summary>
    public const string SmsSignInCode = "sms.signInCode";
    public const string AuditBusy = "audit.busy";

    /// <summary>The phone number.</summary>
    public const string AuditNoAccount = "audit.noAccount";

    /// <summary>The missing entry, the entry before it, the entry that came next.</summary>
    public const string AuditEntryMissing = "audit.entryMissing";

    /// <summary>The entry, the one before it.</summary>
    public const string AuditEntryNotFollowing = "audit.entryNotFollowing";

    /// <summary>The entry.</summary>
    public const string AuditEntryAltered = "audit.entryAltered";

    /// <summary>The last entry, when the checkpoint was made, the entry it saw.</summary>
    public const string AuditEntriesDeleted = "audit.entriesDeleted";

    /// <summary>The entry, when the checkpoint was made.</summary>
    public const string AuditEntryDiffers = "audit.entryDiffers";

    /// <summary>Where the checkpoint is kept.</summary>
    public const string AuditCheckpointUnreadable = "audit.checkpointUnreadable";

    /// <summary>A request on a resident's phone, the title: the visitor's name.</summary>
    public const string MessageRequestTitle = "message.requestTitle";

    /// <summary>The purpose, the flat.</summary>
    public const string MessageRequestBody = "message.requestBody";

    public const string MessageApprove = "message.approve";
    public const string MessageDeny = "message.deny";

    /// <summary>The reason a denial from a notification gives.</summary>
    public const string MessageDenyReason = "message.denyReason";

    /// <summary>Who settled the request, its status now.</summary>
    public const string MessageSettled = "message.settled";

    /// <summary>The request's status now (the gate or the clock settled it).</summary>
    public const string MessageClosed = "message.closed";

    /// <summary>The resident's own answer went through: the status, the visitor's name.</summary>
    public const string MessageAnswered = "message.answered";

    public const string MessageTestTitle = "message.testTitle";
    public const string MessageOverstayTitle = "message.overstayTitle";
    public const string MessageOverstayBody = "message.overstayBody";
    public const string MessageTestBody = "message.testBody";

    /// <summary>The SMS when a push went unanswered: the visitor's name, the purpose, the flat, the one-tap link.</summary>
    public const string MessageSmsRequest = "message.smsRequest";

    /// <summary>A one-tap link or notification token that is not ours, was altered, or has expired.</summary>
    public const string ReachLinkInvalid = "reach.linkInvalid";

    /// <summary>A device's push subscription that is not a browser's (bad endpoint or keys).</summary>
    public const string ReachDeviceInvalid = "reach.deviceInvalid";

    public const string ReachResidentsOnly = "role.residentsOnlyNotifications";

    /// <summary>Quiet hours need both a start and an end.</summary>
    public const string ReachQuietHalf = "reach.quietHalf";

    /// <summary>The SMS step must come before the guard's call prompt: the prompt's seconds.</summary>
    public const string SettingsSmsAfterPrompt = "settings.smsAfterPrompt";
}
