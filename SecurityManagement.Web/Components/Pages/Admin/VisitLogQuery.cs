using System.Globalization;
using SecurityManagement.Core;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Web.Components.Pages.Admin;

/// <summary>
/// The visit log's filters as the screen holds them and as the CSV download posts them: dates are
/// yyyy-MM-dd days in the society's time zone, "to" inclusive.
/// </summary>
public sealed record VisitLogQuery(string? From, string? To, string? Flat, VisitStatus? Status, VisitPurpose? Purpose, string? Text, Guid? Gate = null)
{
    /// <summary>The longest visitor search (a name is at most 100 characters).</summary>
    public const int MaxTextLength = 100;

    /// <summary>The screen's own problem codes (worded in <c>ProblemText</c> beside Core's).</summary>
    public const string LastDayFirst = "log.lastDayFirst";

    public const string ChooseDate = "log.chooseDate";

    /// <summary>The field's name, the value given.</summary>
    public const string NoSuchValue = "log.noSuchValue";

    /// <summary>The filters as the download form posts them; a status or purpose that is not one of ours is an error, never "any".</summary>
    public static VisitLogQuery FromForm(IFormCollection form, out Dictionary<string, Problem> errors)
    {
        errors = [];
        return new VisitLogQuery(form["from"], form["to"], form["flat"],
            Named<VisitStatus>(form["status"], "status", errors),
            Named<VisitPurpose>(form["purpose"], "purpose", errors),
            form["text"],
            GateOf(form["gate"], errors));
    }

    /// <summary>The filters as the download form's fields (empty ones left out).</summary>
    public IEnumerable<KeyValuePair<string, string>> Fields() => new Dictionary<string, string?>
    {
        ["from"] = From,
        ["to"] = To,
        ["flat"] = Flat,
        ["status"] = Status?.ToString(),
        ["purpose"] = Purpose?.ToString(),
        ["text"] = Text,
        ["gate"] = Gate?.ToString(),
    }.Where(f => !string.IsNullOrWhiteSpace(f.Value)).Select(f => KeyValuePair.Create(f.Key, f.Value!));

    /// <summary>The filter for Core, or the fields at fault.</summary>
    public VisitLogFilter ToFilter(SocietyOptions society, out Dictionary<string, Problem> errors)
    {
        errors = [];
        var from = Day(From, "from", society, errors);
        var to = Day(To, "to", society, errors)?.AddDays(1);
        FlatCode? flat = null;
        if (!string.IsNullOrWhiteSpace(Flat) && !FlatCode.TryParse(Flat, out flat, out var flatError))
        {
            errors["flat"] = flatError!;
        }

        if (from is not null && to is not null && to <= from)
        {
            errors["to"] = new Problem(LastDayFirst);
        }

        if (Text?.Trim().Length > MaxTextLength)
        {
            errors["text"] = new Problem(Codes.TooLong, new Word("search"), MaxTextLength);
        }

        return new VisitLogFilter(from, to, flat, Status, Purpose, string.IsNullOrWhiteSpace(Text) ? null : Text.Trim(), Gate);
    }

    /// <summary>A gate's id as the form posts it, or an error for the field.</summary>
    private static Guid? GateOf(string? text, Dictionary<string, Problem> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (Guid.TryParse(text.Trim(), out var id))
        {
            return id;
        }

        errors["gate"] = new Problem(NoSuchValue, new Word("gate"), text.Trim());
        return null;
    }

    /// <summary>One of the enum's names exactly (not a number, not another spelling), or an error for the field.</summary>
    private static T? Named<T>(string? text, string field, Dictionary<string, Problem> errors)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (Enum.GetNames<T>().Contains(text.Trim(), StringComparer.Ordinal))
        {
            return Enum.Parse<T>(text.Trim());
        }

        errors[field] = new Problem(NoSuchValue, new Word(field), text.Trim());
        return null;
    }

    private static DateTimeOffset? Day(string? text, string field, SocietyOptions society, Dictionary<string, Problem> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors[field] = new Problem(ChooseDate);
            return null;
        }

        return new DateTimeOffset(day, society.TimeZone.GetUtcOffset(day));
    }
}
