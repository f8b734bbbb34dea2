namespace SecurityManagement.Core;

/// <summary>Checks for the free-text fields of the domain.</summary>
internal static class Text
{
    public static string Required(string? value, string field, string label, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new InvalidInputException(field, $"Enter the {label}.");
        }

        return trimmed.Length <= maxLength
            ? trimmed
            : throw new InvalidInputException(field, $"The {label} can be at most {maxLength} characters.");
    }

    public static string? Optional(string? value, string field, string label, int maxLength)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : Required(trimmed, field, label, maxLength);
    }
}
