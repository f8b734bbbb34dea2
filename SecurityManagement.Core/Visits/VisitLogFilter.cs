using SecurityManagement.Core.Flats;

namespace SecurityManagement.Core.Visits;

/// <summary>
/// Which visits the admin's log shows (<see cref="Gate"/>: those logged at that gate). Times are a [From, To) range on arrival; <see cref="Text"/>,
/// when it is all digits, matches a visitor phone starting with it, and otherwise a visitor name
/// containing it (any case). Both are served by an index, which needs at least
/// <see cref="MinTextLength"/> characters.
/// </summary>
public sealed record VisitLogFilter(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    FlatCode? Flat = null,
    VisitStatus? Status = null,
    VisitPurpose? Purpose = null,
    string? Text = null,
    Guid? Gate = null)
{
    public const int MinTextLength = 3;

    /// <summary>The search text trimmed, or null when there is none.</summary>
    public string? SearchText => string.IsNullOrWhiteSpace(Text) ? null : Text.Trim();

    /// <summary>Whether the search is for the start of a phone number (all digits) rather than part of a name.</summary>
    public bool SearchesPhone => SearchText is { } text && text.All(char.IsAsciiDigit);
}

/// <summary>Where a newest-first walk through the log stopped: the last visit read.</summary>
public sealed record VisitCursor(DateTimeOffset CreatedAt, Guid Id);
