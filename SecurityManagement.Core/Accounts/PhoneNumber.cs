namespace SecurityManagement.Core.Accounts;

/// <summary>A phone number as the society uses it: exactly 10 digits.</summary>
public sealed record PhoneNumber
{
    public const int Length = 10;

    private PhoneNumber(string value) => Value = value;

    public string Value { get; }

    /// <summary>Parses a phone number or throws <see cref="InvalidInputException"/> for the given field.</summary>
    public static PhoneNumber Parse(string? input, string field = "phone") =>
        TryParse(input, out var phone, out var error) ? phone : throw new InvalidInputException(new Dictionary<string, Problem> { [field] = error! });

    public static bool TryParse(string? input, out PhoneNumber phone, out Problem? error)
    {
        phone = null!;
        var value = input?.Trim() ?? "";
        if (value.Length == 0)
        {
            error = new Problem(Codes.PhoneEmpty);
            return false;
        }

        if (!value.All(char.IsAsciiDigit))
        {
            error = new Problem(Codes.PhoneDigitsOnly);
            return false;
        }

        if (value.Length != Length)
        {
            error = new Problem(Codes.PhoneLength, Length, value.Length);
            return false;
        }

        phone = new PhoneNumber(value);
        error = null;
        return true;
    }

    public override string ToString() => Value;
}
