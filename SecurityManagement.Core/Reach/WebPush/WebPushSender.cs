using System.Net;
using Lib.Net.Http.WebPush;
using Lib.Net.Http.WebPush.Authentication;

namespace SecurityManagement.Core.Reach.WebPush;

/// <summary>Web Push (RFC 8030) with the message encrypted for the device (RFC 8291) and signed with our VAPID keys (RFC 8292).</summary>
public sealed class WebPushSender(HttpClient http, VapidKeys keys) : IPushSender
{
    private readonly PushServiceClient _client = new(http)
    {
        DefaultAuthentication = new VapidAuthentication(keys.PublicKey, keys.PrivateKey) { Subject = keys.Subject },
        DefaultAuthenticationScheme = VapidAuthenticationScheme.Vapid,
        AutoRetryAfter = false,
    };

    public async Task<PushOutcome> SendAsync(PushDevice device, PushPayload payload, CancellationToken ct = default)
    {
        var subscription = new PushSubscription { Endpoint = device.Endpoint, Keys = new Dictionary<string, string> { ["p256dh"] = device.P256dh, ["auth"] = device.Auth } };
        var message = new PushMessage(payload.Json)
        {
            TimeToLive = (int)Math.Max(1, payload.TimeToLive.TotalSeconds),
            Urgency = payload.Urgent ? PushMessageUrgency.High : PushMessageUrgency.Normal,
            Topic = payload.Topic,
        };
        try
        {
            await _client.RequestPushMessageDeliveryAsync(subscription, message, ct);
            return PushOutcome.Delivered;
        }
        catch (PushServiceClientException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return PushOutcome.Gone;
        }
        catch (PushServiceClientException)
        {
            return PushOutcome.Failed;
        }
    }
}

