using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Reach;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Support;
using static SecurityManagement.Tests.Support.CoreHarness;

namespace SecurityManagement.Tests.Web.Http;

/// <summary>
/// The app's real Web Push against a loopback push service that checks every push as a browser vendor's
/// would: the VAPID signature (RFC 8292), and a payload it can decrypt only with the keys of the
/// subscription it made (RFC 8291, aes128gcm).
/// </summary>
public sealed class WebPushTests : IAsyncLifetime
{
    private FakePushService _push = null!;
    private AppFactory _app = null!;
    private User _guard = null!;
    private User _priya = null!;
    private User _rahul = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _push = await FakePushService.StartAsync();
        _app = new AppFactory("Production");
        _guard = await _app.AddUserAsync(Role.Guard);
        _priya = await _app.AddUserAsync(Role.Resident);
        _rahul = await _app.AddUserAsync(Role.Resident);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _push.DisposeAsync();
    }

    private T Service<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    private async Task<FakeSubscription> SubscribeAsync(User resident)
    {
        var subscription = _push.NewSubscription();
        await Service<ReachService>().SaveDeviceAsync(ActorOf(resident), subscription.Endpoint, subscription.P256dh, subscription.Auth, "Chrome on Android", Ct);
        return subscription;
    }

    private async Task<Visit> LogAsync(string name = "Ravi Kumar") =>
        await Service<VisitService>().LogAsync(ActorOf(_guard), new VisitRequest(Builders.NextPhone().Value, name, VisitPurpose.Delivery, "A-101", null, null), Ct);

    [Fact]
    public async Task ARequestReachesEveryPhoneSignedEncryptedAndAnswerableThenTheOthersAreToldWhoAnswered()
    {
        var priyas = await SubscribeAsync(_priya);
        var rahuls = await SubscribeAsync(_rahul);

        var visit = await LogAsync();
        var pushed = await _push.WaitForAsync(p => p.Endpoint == priyas.Endpoint, TimeSpan.FromSeconds(10));
        await _push.WaitForAsync(p => p.Endpoint == rahuls.Endpoint, TimeSpan.FromSeconds(10));

        Assert.Equal((AppFactory.Vapid.PublicKey, "mailto:tests@gate.test"), (pushed.VapidPublicKey, pushed.VapidSubject));
        Assert.Equal(("high", $"{visit.Id:N}"), (pushed.Urgency, pushed.Topic));
        Assert.InRange(pushed.Ttl, 1, 15 * 60);
        var message = JsonDocument.Parse(pushed.Payload).RootElement;
        Assert.Equal("request", message.GetProperty("type").GetString());
        Assert.Equal("Ravi Kumar at the gate", message.GetProperty("title").GetString());
        Assert.Equal("Delivery for A-101. Approve or deny here.", message.GetProperty("body").GetString());
        Assert.Equal(
            [("approve", "Approve"), ("deny", "Deny")],
            message.GetProperty("actions").EnumerateArray().Select(a => (a.GetProperty("action").GetString(), a.GetProperty("title").GetString())));
        Assert.Equal($"/resident?visit={visit.Id:N}", message.GetProperty("url").GetString());
        Assert.DoesNotContain(visit.VisitorPhone.Value, pushed.Payload, StringComparison.Ordinal);
        Assert.DoesNotContain(_priya.Phone.Value, pushed.Payload, StringComparison.Ordinal);

        // Approve, as the notification's button posts it: the visit is approved and Rahul's phone hears who did it.
        var client = _app.CreateClient(new() { BaseAddress = new Uri("https://localhost") });
        var answered = await client.PostAsJsonAsync("/reach/answer", new { token = message.GetProperty("token").GetString(), action = "approve" }, Ct);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var settled = await _push.WaitForAsync(p => p.Endpoint == rahuls.Endpoint && p.Payload.Contains("\"settled\"", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        var replaced = JsonDocument.Parse(settled.Payload).RootElement;
        Assert.Equal((message.GetProperty("tag").GetString(), $"Approved by {_priya.FullName}"), (replaced.GetProperty("tag").GetString(), replaced.GetProperty("body").GetString()));
        Assert.False(replaced.TryGetProperty("actions", out _));
    }

    [Fact]
    public async Task APhoneThePushServiceSaysIsGoneIsForgotten()
    {
        var gone = await SubscribeAsync(_priya);
        var alive = await SubscribeAsync(_rahul);
        _push.Refuse(gone.Endpoint, 410);

        await LogAsync();
        await _push.WaitForAsync(p => p.Endpoint == alive.Endpoint, TimeSpan.FromSeconds(10));

        // The pushes go out side by side: the refused one may finish after the other arrived.
        var left = new List<string>();
        for (var tries = 0; tries < 50 && left is not [_]; tries++)
        {
            await Task.Delay(100, Ct);
            left = [.. (await Service<IReachStore>().ListDevicesAsync([_priya.Id, _rahul.Id], Ct)).Select(d => d.Endpoint)];
        }

        Assert.Equal([alive.Endpoint], left);
    }
}
