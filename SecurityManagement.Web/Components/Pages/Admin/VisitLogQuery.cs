using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using SecurityManagement.Core;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Web.Components.Pages.Admin;

/// <summary>
/// The visit log's filters as the screen holds them and as the CSV link carries them: dates are
/// yyyy-MM-dd days in the society's time zone, "to" inclusive.
/// </summary>
public sealed record VisitLogQuery(string? From, string? To, string? Flat, VisitStatus? Status, VisitPurpose? Purpose, string? Text)
{
    public static VisitLogQuery FromQuery(IQueryCollection query) => new(
        query["from"], query["to"], query["flat"],
        Enum.TryParse<VisitStatus>(query["status"], out var status) ? status : null,
        Enum.TryParse<VisitPurpose>(query["purpose"], out var purpose) ? purpose : null,
        query["text"]);

    /// <summary>The filter for Core, or the fields at fault.</summary>
    public VisitLogFilter ToFilter(SocietyOptions society, out Dictionary<string, string> errors)
    {
        errors = [];
        var from = Day(From, "from", society, errors);
        var to = Day(To, "to", society, errors)?.AddDays(1);
        FlatCode? flat = null;
        if (!string.IsNullOrWhiteSpace(Flat) && !FlatCode.TryParse(Flat, out flat, out var flatError))
        {
            errors["flat"] = flatError;
        }

        if (from is not null && to is not null && to <= from)
        {
            errors["to"] = "The last day comes before the first.";
        }

        return new VisitLogFilter(from, to, flat, Status, Purpose, string.IsNullOrWhiteSpace(Text) ? null : Text.Trim());
    }

    /// <summary>The same filters as a link to the CSV export.</summary>
    public string ExportUrl()
    {
        var values = new Dictionary<string, string?>
        {
            ["from"] = From,
            ["to"] = To,
            ["flat"] = Flat,
            ["status"] = Status?.ToString(),
            ["purpose"] = Purpose?.ToString(),
            ["text"] = Text,
        };
        return QueryHelpers.AddQueryString("/admin/visits/export", values.Where(v => !string.IsNullOrWhiteSpace(v.Value)));
    }

    private static DateTimeOffset? Day(string? text, string field, SocietyOptions society, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors[field] = "Choose a date.";
            return null;
        }

        return new DateTimeOffset(day, society.TimeZone.GetUtcOffset(day));
    }
}
