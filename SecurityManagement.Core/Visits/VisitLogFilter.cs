using SecurityManagement.Core.Flats;

namespace SecurityManagement.Core.Visits;

/// <summary>
/// Which visits the admin's log shows. Times are a [From, To) range on arrival; <see cref="Text"/>
/// matches a visitor name containing it (any case) or a visitor phone starting with it.
/// </summary>
public sealed record VisitLogFilter(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    FlatCode? Flat = null,
    VisitStatus? Status = null,
    VisitPurpose? Purpose = null,
    string? Text = null);

/// <summary>Where a newest-first walk through the log stopped: the last visit read.</summary>
public sealed record VisitCursor(DateTimeOffset CreatedAt, Guid Id);
