namespace SecurityManagement.Core;

/// <summary>The thing changed since the caller looked at it (someone else acted first); nothing was changed.</summary>
public sealed class ConflictException(string code, params object[] args) : ProblemException(new Problem(code, args));
