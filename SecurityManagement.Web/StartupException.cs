namespace SecurityManagement.Web;

/// <summary>The app cannot start as configured. The message says which setting to fix; it is logged once, as one line.</summary>
public sealed class StartupException(string message) : Exception(message);
