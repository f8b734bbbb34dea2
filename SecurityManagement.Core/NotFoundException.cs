namespace SecurityManagement.Core;

/// <summary>The thing the caller named does not exist.</summary>
public sealed class NotFoundException(string code, params object[] args) : ProblemException(new Problem(code, args));
