namespace SecurityManagement.Core.Passes;

/// <summary>A live pass already has this code; the new pass needs another.</summary>
public sealed class PassCodeTakenException(string code) : Exception("A live pass already has this code.")
{
    public string Code { get; } = code;
}
