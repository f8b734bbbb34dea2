namespace SecurityManagement.Core;

/// <summary>
/// Input that breaks a domain rule. <see cref="Errors"/> maps each offending field to its message,
/// so a form can show every message beside its field at once.
/// </summary>
public sealed class InvalidInputException : Exception
{
    public InvalidInputException(string field, string message)
        : this(new Dictionary<string, string> { [field] = message })
    {
    }

    public InvalidInputException(IReadOnlyDictionary<string, string> errors)
        : base(string.Join(" ", errors.Values))
    {
        if (errors.Count == 0)
        {
            throw new ArgumentException("At least one error is needed.", nameof(errors));
        }

        Errors = errors;
    }

    public IReadOnlyDictionary<string, string> Errors { get; }

    /// <summary>The first field at fault.</summary>
    public string Field => Errors.Keys.First();
}
