namespace SecurityManagement.Core.Passes;

/// <summary>A live pass already has this code; the new pass needs another.</summary>
public sealed class PassCodeTakenException() : Exception("A live pass already has this code.");
