namespace SecurityManagement.Core;

/// <summary>
/// Input that breaks a domain rule. <see cref="Errors"/> maps each offending field to its problem,
/// so a form can show every message beside its field at once.
/// </summary>
public sealed class InvalidInputException : ProblemException
{
    public InvalidInputException(string field, string code, params object[] args)
        : this(new Dictionary<string, Problem> { [field] = new(code, args) })
    {
    }

    public InvalidInputException(IReadOnlyDictionary<string, Problem> errors)
        : base(errors.Count > 0 ? errors.Values.First() : throw new ArgumentException("At least one error is needed.", nameof(errors)))
    {
        Errors = errors;
    }

    public IReadOnlyDictionary<string, Problem> Errors { get; }

    /// <summary>The first field at fault.</summary>
    public string Field => Errors.Keys.First();
}
