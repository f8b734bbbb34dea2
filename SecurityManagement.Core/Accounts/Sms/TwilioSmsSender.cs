using Twilio.Clients;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace SecurityManagement.Core.Accounts.Sms;

/// <summary>Twilio settings from <c>Sms:Twilio</c>; numbers are sent as <c>CountryCode</c> + the 10 digits.</summary>
public sealed record TwilioSettings(string AccountSid, string AuthToken, string From, string CountryCode);

/// <summary>Sends text messages through Twilio's REST API. Nothing of the message is logged.</summary>
public sealed class TwilioSmsSender(TwilioSettings settings) : ISmsSender
{
    private readonly TwilioRestClient _client = new(settings.AccountSid, settings.AuthToken);

    public async Task SendAsync(PhoneNumber to, string message, CancellationToken ct = default) =>
        await MessageResource.CreateAsync(new CreateMessageOptions(new Twilio.Types.PhoneNumber(settings.CountryCode + to.Value))
        {
            From = new Twilio.Types.PhoneNumber(settings.From),
            Body = message,
        }, _client);
}
