namespace SecurityManagement.Web.Components.Account;

public static class ReturnUrls
{
    /// <summary>
    /// Prevent open redirects: only a path on this site ("/x", never "//host", "/\\host"), written in
    /// visible ASCII: no control characters, spaces or other scripts (a "/。x" could not go in a
    /// Location header, and some browsers read "。" as a dot).
    /// </summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Contains("://", StringComparison.Ordinal) && url.All(c => c is > ' ' and < '\u007f');
}
