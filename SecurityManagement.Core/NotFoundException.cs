namespace SecurityManagement.Core;

/// <summary>The thing the caller named does not exist.</summary>
public sealed class NotFoundException(string message) : Exception(message);
