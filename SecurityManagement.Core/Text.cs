namespace SecurityManagement.Core;

/// <summary>Checks for the free-text fields of the domain; <c>label</c> names the field to the reader (a <see cref="Word"/>).</summary>
internal static class Text
{
    public static string Required(string? value, string field, int maxLength, string? label = null)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new InvalidInputException(field, Codes.Required, new Word(label ?? field));
        }

        return trimmed.Length <= maxLength
            ? trimmed
            : throw new InvalidInputException(field, Codes.TooLong, new Word(label ?? field), maxLength);
    }

    public static string? Optional(string? value, string field, int maxLength, string? label = null)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : Required(trimmed, field, maxLength, label);
    }
}
