namespace SecurityManagement.Web.Components.Account;

public static class ReturnUrls
{
    /// <summary>Prevent open redirects: only a path on this site ("/x", never "//host", "/\\host" or one with control characters).</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Contains("://", StringComparison.Ordinal) && !url.Any(char.IsControl);
}
