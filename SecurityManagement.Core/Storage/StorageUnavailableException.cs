namespace SecurityManagement.Core.Storage;

/// <summary>
/// The configured store is missing, malformed or unreachable. The message names the setting to
/// fix and never contains credentials.
/// </summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
