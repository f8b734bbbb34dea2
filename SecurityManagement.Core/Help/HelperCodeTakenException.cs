namespace SecurityManagement.Core.Help;

/// <summary>A helper not removed already has this code; the new helper needs another.</summary>
public sealed class HelperCodeTakenException() : Exception("A helper already has this code.");
