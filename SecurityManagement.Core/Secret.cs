namespace SecurityManagement.Core;

/// <summary>The secrets the app is configured with (<c>Auth:OtpKey</c>, <c>Audit:Key</c>): base64, long enough, or refused naming the setting.</summary>
internal static class Secret
{
    public const int MinBytes = 32;

    public static byte[] FromBase64(string? base64, string setting)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64 ?? "");
        }
        catch (FormatException)
        {
            key = [];
        }

        return key.Length >= MinBytes
            ? key
            : throw new InvalidOperationException(
                $"{setting} must be a base64 secret of at least {MinBytes} bytes (e.g. the output of 'openssl rand -base64 32').");
    }
}
