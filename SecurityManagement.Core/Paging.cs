namespace SecurityManagement.Core;

/// <summary>A page of a server-side list: skip this many rows, then take at most this many.</summary>
public sealed record PageRequest
{
    public const int MaxTake = 500;

    public PageRequest(int skip, int take)
    {
        if (skip < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(skip), skip, "Skip cannot be negative.");
        }

        if (take is < 1 or > MaxTake)
        {
            throw new ArgumentOutOfRangeException(nameof(take), take, $"Take must be between 1 and {MaxTake}.");
        }

        Skip = skip;
        Take = take;
    }

    public int Skip { get; }

    public int Take { get; }
}

/// <summary>One page of rows and the total number of rows that match.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);
