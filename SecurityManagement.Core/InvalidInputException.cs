namespace SecurityManagement.Core;

/// <summary>Input that breaks a domain rule. <see cref="Field"/> names the field so a form can show the message beside it.</summary>
public sealed class InvalidInputException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
