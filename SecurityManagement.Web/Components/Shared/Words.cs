using System.Globalization;
using Microsoft.Extensions.Localization;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Safety;
using SecurityManagement.Core.Visits;
using SecurityManagement.Web.Localization;
using SecurityManagement.Web.Resources;

namespace SecurityManagement.Web.Components.Shared;

/// <summary>
/// How the screens name the domain's values to a person, in the reader's language (the current UI
/// culture): statuses, roles and purposes from the resources, never a C# name such as <c>PendingApproval</c>;
/// Core's <see cref="Problem"/>s as sentences; moments on the society's clocks; numbers grouped the Indian way.
/// </summary>
public sealed class Words(IStringLocalizer<SharedText> text, IStringLocalizer<ProblemText> problems, SocietyOptions society, TimeProvider clock)
{
    public string Of(UserStatus status) => text[$"UserStatus.{status}"];

    public string Of(Role role) => text[$"Role.{role}"];

    public string Of(VisitStatus status) => text[$"VisitStatus.{status}"];

    public string Of(VisitPurpose purpose) => text[$"Purpose.{purpose}"];

    public string Of(SosKind kind) => text[$"Sos.{kind}"];

    public string Of(SecurityManagement.Core.Expected.ExpectedKind kind) => text[$"ExpectedKind.{kind}"];

    public string Of(SecurityManagement.Core.Help.HelperKind kind) => text[$"HelperKind.{kind}"];

    /// <summary>A word Core put into a sentence, such as a field's name.</summary>
    public string Of(Word word) => text[$"Word.{word.Key}"];

    /// <summary>A problem from Core as a sentence, its arguments worded too.</summary>
    public string Of(Problem problem) =>
        string.Format(CultureInfo.CurrentCulture, problems[problem.Code], [.. problem.Args.Select(Argument)]);

    /// <summary>A problem as a sentence in a language other than the reader's (a text message's recipient, the operator's log).</summary>
    public string InLanguage(Problem problem, CultureInfo culture) => Languages.In(culture, () => Of(problem));

    /// <summary>Every field's problem as a sentence, for the messages beside the fields.</summary>
    public IReadOnlyDictionary<string, string> Of(IReadOnlyDictionary<string, Problem> errors) =>
        errors.ToDictionary(e => e.Key, e => Of(e.Value));

    /// <summary>What an audit entry is about, as looked up now, when it is not a person on record (the screen shows a person's name as data).</summary>
    public string Subject(AuditParty subject) => subject switch
    {
        { Kind: AuditSubjectKind.User } => text["Audit.RemovedUser"],
        { Kind: AuditSubjectKind.Visit, Name: { } flat } => text["Audit.VisitFor", flat],
        { Kind: AuditSubjectKind.Visit } => text["Audit.Visit"],
        { Kind: AuditSubjectKind.Pass, Name: { } flat } => text["Audit.PassFor", flat],
        { Kind: AuditSubjectKind.Pass } => text["Audit.Pass"],
        { Kind: AuditSubjectKind.Flat } => text["Audit.Flat", subject.Name ?? ""],
        { Kind: AuditSubjectKind.PassCode } => text["Audit.PassCode", subject.Name ?? ""],
        { Kind: AuditSubjectKind.VisitLog } => text["Audit.VisitLog"],
        { Kind: AuditSubjectKind.AuditTrail } => text["Audit.AuditTrail"],
        { Kind: AuditSubjectKind.Settings } => text["Audit.Settings"],
        { Kind: AuditSubjectKind.Society } => text["Audit.Society"],
        { Kind: AuditSubjectKind.VisitorData } => text["Audit.VisitorData"],
        { Kind: AuditSubjectKind.Gate } => text["Audit.Gate"],
        { Kind: AuditSubjectKind.BlocklistEntry } => text["Audit.BlocklistEntry"],
        { Kind: AuditSubjectKind.Notice } => text["Audit.Notice"],
        { Kind: AuditSubjectKind.Helper } => text["Audit.Helper"],
        _ => subject.Name ?? "",
    };

    /// <summary>A day's short name in the reader's language.</summary>
    public static string DayName(DayOfWeek day) => CultureInfo.CurrentCulture.DateTimeFormat.GetAbbreviatedDayName(day);

    /// <summary>A regular's days: "every day", or their short names Monday first.</summary>
    public string Days(SecurityManagement.Core.Passes.WeekDays days) =>
        days == SecurityManagement.Core.Passes.WeekDays.None
            ? text["Days.Every"]
            : string.Join(", ", SecurityManagement.Core.Passes.WeekDay.Week.Where(d => days.HasFlag(SecurityManagement.Core.Passes.WeekDay.Of(d))).Select(DayName));

    /// <summary>A regular's hours, "07:00–09:30", or "all day".</summary>
    public string Hours(int? from, int? until) =>
        from is { } start && until is { } end ? $"{Clock(start)}–{Clock(end)}" : text["Hours.AllDay"];

    /// <summary>A count in words, e.g. <c>Count(2, "Count.Visits")</c>: the resource's <c>.One</c> or <c>.Many</c> form.</summary>
    public string Count(long count, string key) => text[count == 1 ? $"{key}.One" : $"{key}.Many", Number(count)];

    /// <summary>A short span for cards: "45 s", "3 min", "1 h 5 min".</summary>
    public string Span(TimeSpan span) => span switch
    {
        { TotalMinutes: < 1 } => text["Span.Seconds", Math.Max(0, (int)span.TotalSeconds)],
        { TotalHours: < 1 } => text["Span.Minutes", (int)span.TotalMinutes],
        _ => text["Span.Hours", (int)span.TotalHours, span.Minutes],
    };

    /// <summary>A number grouped the Indian way (12,34,567) in the reader's culture.</summary>
    public static string Number(long value) => value.ToString("#,##0", CultureInfo.CurrentCulture);

    /// <summary>A moment as the society's clocks show it, in the reader's language, e.g. <c>Local(at, "d MMM, HH:mm")</c>.</summary>
    public string Local(DateTimeOffset at, string format) =>
        TimeZoneInfo.ConvertTime(at, society.TimeZone).ToString(format, CultureInfo.CurrentCulture);

    /// <summary>A moment in a sentence: the time alone when it is today, else the day and the time.</summary>
    public string Moment(DateTimeOffset at)
    {
        var today = society.StartOfDay(clock.GetUtcNow());
        return Local(at, today <= at && at < today.AddDays(1) ? "HH:mm" : "d MMM, HH:mm");
    }

    private static string Clock(int minute) => $"{minute / 60:D2}:{minute % 60:D2}";

    private object Argument(object argument) => argument switch
    {
        Word word => Of(word),
        Role role => Of(role),
        VisitStatus status => Of(status),
        UserStatus status => Of(status),
        VisitPurpose purpose => Of(purpose),
        SosKind kind => Of(kind),
        DateTimeOffset at => Moment(at),
        int number => Number(number),
        long number => Number(number),
        FlatCode flat => flat.Value,
        _ => argument,
    };
}
