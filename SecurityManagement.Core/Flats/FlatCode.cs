namespace SecurityManagement.Core.Flats;

/// <summary>A flat's address within the society: block (or tower) and number, written <c>A-101</c>.</summary>
public sealed record FlatCode
{
    public const int MaxPartLength = 10;

    /// <summary>The longest code: two parts and the dash.</summary>
    public const int MaxLength = 2 * MaxPartLength + 1;

    private FlatCode(string block, string number)
    {
        Block = block;
        Number = number;
    }

    public string Block { get; }

    public string Number { get; }

    public string Value => $"{Block}-{Number}";

    /// <summary>
    /// Orders flats by block, then number: all-digit parts numerically and before the others
    /// (2-1, 10-1, A-9, A-10, B-1), parts with letters alphabetically.
    /// </summary>
    public string SortKey => $"{Key(Block)}-{Key(Number)}";

    /// <summary>Parses <c>block-number</c> (letters and digits, case ignored) or throws <see cref="InvalidInputException"/>.</summary>
    public static FlatCode Parse(string? input, string field = "flat") =>
        TryParse(input, out var flat, out var error) ? flat : throw new InvalidInputException(new Dictionary<string, Problem> { [field] = error! });

    public static bool TryParse(string? input, out FlatCode flat, out Problem? error)
    {
        flat = null!;
        var value = input?.Trim().ToUpperInvariant() ?? "";
        if (value.Length == 0)
        {
            error = new Problem(Codes.FlatEmpty);
            return false;
        }

        var parts = value.Split('-');
        if (parts.Length != 2 || !IsPart(parts[0]) || !IsPart(parts[1]))
        {
            error = new Problem(Codes.FlatFormat, MaxPartLength);
            return false;
        }

        flat = new FlatCode(parts[0], parts[1]);
        error = null;
        return true;
    }

    public override string ToString() => Value;

    private static string Key(string part) =>
        part.All(char.IsAsciiDigit) ? "0" + part.PadLeft(MaxPartLength, '0') : "1" + part;

    private static bool IsPart(string part) =>
        part.Length is > 0 and <= MaxPartLength && part.All(char.IsAsciiLetterOrDigit);
}
