namespace SecurityManagement.Core;

/// <summary>The acting user may not do this (wrong role, not theirs, or their session has ended).</summary>
public sealed class NotAllowedException(string code, params object[] args) : ProblemException(new Problem(code, args));
