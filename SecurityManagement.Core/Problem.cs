using System.Globalization;

namespace SecurityManagement.Core;

/// <summary>
/// What Core has to tell a person (a refused input, a conflict, a refusal), as a code from
/// <see cref="Codes"/> and its arguments: numbers, flats, names, moments, statuses and roles, and
/// <see cref="Word"/>s such as a field's name. The screens turn it into a sentence in the reader's language.
/// </summary>
public sealed record Problem(string Code, params object[] Args)
{
    /// <summary>A code such as <c>flat.unknown</c>: never a sentence, which the screens could not put into another language.</summary>
    public string Code { get; } = IsCode(Code) ? Code : throw new ArgumentException($"'{Code}' is not a problem code (area.name).", nameof(Code));

    /// <summary>Two problems are the same when their codes and arguments are.</summary>
    public bool Equals(Problem? other) => other is not null && Code == other.Code && Args.SequenceEqual(other.Args);

    public override int GetHashCode() => HashCode.Combine(Code, Args.Length);

    private static bool IsCode(string code) =>
        code.Split('.') is [{ Length: > 0 } area, { Length: > 0 } name] && area.All(char.IsAsciiLetterLower) && name.All(char.IsAsciiLetter);

    /// <summary>For logs and the audit trail: the code and its arguments, the same in every culture, e.g. <c>flat.unknown(A-101)</c>.</summary>
    public override string ToString() => Args.Length == 0
        ? Code
        : $"{Code}({string.Join(", ", Args.Select(a => a is IFormattable f ? f.ToString(a is DateTimeOffset ? "O" : null, CultureInfo.InvariantCulture) : a.ToString()))})";
}

/// <summary>A word the screens put into a sentence in the reader's language, e.g. a field's name.</summary>
public sealed record Word(string Key)
{
    public override string ToString() => Key;
}

/// <summary>A refusal that carries its <see cref="Problem"/>; the exception's message is the code, for logs.</summary>
public abstract class ProblemException(Problem problem) : Exception(problem.ToString())
{
    public Problem Problem { get; } = problem;
}
