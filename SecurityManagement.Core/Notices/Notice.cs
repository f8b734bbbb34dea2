using SecurityManagement.Core.Flats;

namespace SecurityManagement.Core.Notices;

/// <summary>Who a notice is for.</summary>
public enum NoticeAudience
{
    Everyone,
    Block,
    Flat,
}

/// <summary>
/// A notice from the committee to residents: everyone, one block's flats, or one flat. It shows on their
/// dashboards until it expires or an admin withdraws it, and is pushed once to the phones of those who allow pushes.
/// </summary>
public sealed record Notice
{
    public const int MaxTitleLength = 120;
    public const int MaxBodyLength = 2000;

    public required Guid Id { get; init; }

    public required string Title { get; init; }

    public required string Body { get; init; }

    public required NoticeAudience Audience { get; init; }

    /// <summary>The block (say "A") or the flat ("A-101") it is for; null for everyone.</summary>
    public string? Target { get; init; }

    public required Guid PostedBy { get; init; }

    public required string PostedByName { get; init; }

    public required DateTimeOffset PostedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? WithdrawnAt { get; init; }

    /// <summary>How the store files it, so a flat's notices are read off one index: "*", "block:A" or "flat:A-101".</summary>
    public string AudienceKey => KeyOf(Audience, Target);

    public bool IsLiveAt(DateTimeOffset now) => WithdrawnAt is null && (ExpiresAt is null || ExpiresAt > now);

    public bool IsFor(FlatCode flat) => Audience switch
    {
        NoticeAudience.Everyone => true,
        NoticeAudience.Block => string.Equals(flat.Block, Target, StringComparison.OrdinalIgnoreCase),
        _ => flat.Value == Target,
    };

    /// <summary>The keys of every notice a flat sees: everyone's, its block's, its own.</summary>
    public static IReadOnlyList<string> KeysFor(FlatCode flat) =>
        [KeyOf(NoticeAudience.Everyone, null), KeyOf(NoticeAudience.Block, flat.Block), KeyOf(NoticeAudience.Flat, flat.Value)];

    private static string KeyOf(NoticeAudience audience, string? target) => audience switch
    {
        NoticeAudience.Everyone => "*",
        NoticeAudience.Block => $"block:{target!.ToUpperInvariant()}",
        _ => $"flat:{target}",
    };
}

/// <summary>What an admin types for a notice.</summary>
public sealed record NoticeRequest(string? Title, string? Body, NoticeAudience? Audience, string? Target, DateTimeOffset? ExpiresAt);

/// <summary>A resident's notices, newest first, each marked read or not, and how many are unread.</summary>
public sealed record ResidentNotices(IReadOnlyList<ResidentNotice> Items, int Unread);

public sealed record ResidentNotice(Notice Notice, bool Read);
