using Microsoft.Extensions.Configuration;

namespace SecurityManagement.Core.Accounts.Sms;

public enum SmsProvider
{
    Log,
    Twilio,
}

/// <summary>Which SMS sender to use, read from <c>Sms:*</c>, with the checks that keep codes out of production logs.</summary>
public static class SmsConfiguration
{
    public const string ProviderKey = "Sms:Provider";
    public const string AllowLogSenderKey = "Sms:AllowLogSender";

    /// <summary>The provider in force: <c>Sms:Provider</c>, else Log in Development and Twilio elsewhere.</summary>
    public static SmsProvider Provider(IConfiguration configuration, bool isDevelopment)
    {
        var text = configuration[ProviderKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return isDevelopment ? SmsProvider.Log : SmsProvider.Twilio;
        }

        return Enum.TryParse<SmsProvider>(text, ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new InvalidOperationException($"{ProviderKey} is '{text}'; use Log or Twilio.");
    }

    /// <summary>
    /// Throws, naming the settings, when the configuration would leak codes or cannot send. The log
    /// sender runs in Development, in another non-production environment (staging) only with
    /// <c>Sms:AllowLogSender=true</c>, and never in Production.
    /// </summary>
    public static void Validate(IConfiguration configuration, bool isDevelopment, bool isProduction)
    {
        var provider = Provider(configuration, isDevelopment);
        if (provider == SmsProvider.Log && isProduction)
        {
            throw new InvalidOperationException($"{ProviderKey} is Log, which writes sign-in codes to the log; that is never allowed in Production. Configure Twilio.");
        }

        if (provider == SmsProvider.Log && !isDevelopment && !(bool.TryParse(configuration[AllowLogSenderKey], out var allowed) && allowed))
        {
            throw new InvalidOperationException(
                $"{ProviderKey} is Log, which writes sign-in codes to the log; outside Development that needs {AllowLogSenderKey}=true (for a staging run only).");
        }

        if (provider == SmsProvider.Twilio)
        {
            Twilio(configuration);
        }
    }

    public static TwilioSettings Twilio(IConfiguration configuration)
    {
        var section = configuration.GetSection("Sms:Twilio");
        string Required(string key) => string.IsNullOrWhiteSpace(section[key])
            ? throw new InvalidOperationException($"Sms:Twilio:{key} is not set (needed to send sign-in codes through Twilio).")
            : section[key]!;

        return new TwilioSettings(Required("AccountSid"), Required("AuthToken"), Required("From"),
            string.IsNullOrWhiteSpace(section["CountryCode"]) ? "+91" : section["CountryCode"]!);
    }
}
