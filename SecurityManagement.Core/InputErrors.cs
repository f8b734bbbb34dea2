namespace SecurityManagement.Core;

/// <summary>Collects the errors of several fields so that all of them are reported together.</summary>
internal sealed class InputErrors
{
    private readonly Dictionary<string, Problem> _errors = [];

    public T? Check<T>(Func<T> parse)
        where T : class?
    {
        try
        {
            return parse();
        }
        catch (InvalidInputException ex)
        {
            foreach (var (field, problem) in ex.Errors)
            {
                _errors.TryAdd(field, problem);
            }

            return null;
        }
    }

    public void Add(string field, string code, params object[] args) => _errors.TryAdd(field, new Problem(code, args));

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new InvalidInputException(_errors);
        }
    }
}
