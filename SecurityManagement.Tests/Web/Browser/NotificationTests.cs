using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Reach;
using SecurityManagement.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SecurityManagement.Tests.Web.Browser;

/// <summary>
/// A request reaching a resident whose app is closed: the server pushes it (to a loopback push service that
/// checks and decrypts it), the browser's service worker is handed exactly that message through the DevTools
/// protocol, shows it with Approve and Deny, and Approve answers it with no page of the resident open.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class NotificationTests(BrowserFixture fixture)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApproveOnTheNotificationApprovesTheVisitOnTheGuardsBoardWithTheAppClosed()
    {
        await using var push = await FakePushService.StartAsync();
        var resident = await fixture.App.AddUserAsync(Role.Resident, flat: "B-203");
        await using var phone = await fixture.NewSessionAsync(390, 844, "resident");
        await using var guard = await fixture.NewSessionAsync(1024, 768, "guard");
        await phone.Context.GrantPermissionsAsync(["notifications"], new() { Origin = fixture.BaseUrl.GetLeftPart(UriPartial.Authority) });

        // The resident's dashboard registers the service worker and offers notifications for this phone.
        var dashboard = await phone.Context.NewPageAsync();
        await BrowserSession.SignInAsync(dashboard, resident.Phone.Value, "/resident");
        await Expect(dashboard.GetByTestId("notify-offer")).ToBeVisibleAsync();
        var registration = await RegistrationAsync(phone);

        // This browser cannot reach a real push service here: its subscription is the loopback one's.
        var subscription = push.NewSubscription();
        await fixture.App.Services.GetRequiredService<ReachService>().SaveDeviceAsync(
            CoreHarness.ActorOf(resident), subscription.Endpoint, subscription.P256dh, subscription.Auth, "Chrome on Android", Ct);
        await dashboard.CloseAsync();

        await guard.SignInAsync("9000000011", "/guard");
        var name = $"Push Visitor {Guid.NewGuid():N}"[..20];
        await GateScreens.LogVisitorAsync(guard.Page, name, "B-203");
        var pushed = await push.WaitForAsync(p => p.Endpoint == subscription.Endpoint && p.Payload.Contains(name, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        await registration.Session.SendAsync("ServiceWorker.deliverPushMessage", new Dictionary<string, object>
        {
            ["origin"] = fixture.BaseUrl.GetLeftPart(UriPartial.Authority),
            ["registrationId"] = registration.Id,
            ["data"] = pushed.Payload,
        });

        await using var worker = await ServiceWorkerScope.AttachAsync(fixture.Browser, phone.Page, fixture.BaseUrl);
        var tag = JsonDocument.Parse(pushed.Payload).RootElement.GetProperty("tag").GetString()!;
        var shown = await NotificationAsync(worker, tag, n => n.Actions.Length > 0);
        Assert.Equal($"{name} at the gate", shown.Title);
        Assert.Equal("Guest for B-203. Approve or deny here.", shown.Body);
        Assert.Equal(["approve:Approve", "deny:Deny"], shown.Actions);

        // The phone reported that it showed the request: the guard's card says so.
        var card = guard.Page.GetByTestId("board-waiting").GetByTestId("visit-card").Filter(new() { HasText = name });
        await Expect(card.GetByTestId("reach")).ToContainTextAsync($"push to 1 phone · seen by {resident.FullName}", new() { Timeout = 5_000 });

        // Approve on the notification itself: the service worker answers with the token it was given.
        await worker.EvaluateAsync($"(async () => {{ const [n] = await self.registration.getNotifications({{ tag: '{tag}' }}); await answer(n, 'approve'); return 'done'; }})()");

        await GateScreens.ShowBoardAsync(guard.Page, "approved");
        await Expect(guard.Page.GetByTestId("board-approved").GetByTestId("visit-card").Filter(new() { HasText = name })).ToBeVisibleAsync(new() { Timeout = 2_000 });
        var replaced = await NotificationAsync(worker, tag, n => n.Actions.Length == 0);
        Assert.Equal($"{name}: Approved by you", replaced.Body);

        // Nothing of the resident's was open: the phone's only page is the blank one the test keeps.
        Assert.Equal(["about:blank"], phone.Context.Pages.Select(p => p.Url));
        await GateScreens.ShowBoardAsync(guard.Page, "waiting");
    }

    [Fact]
    public async Task ANotificationThatOpensTheFlatsScreenAtAPanelLandsOnIt()
    {
        await using var phone = await fixture.NewSessionAsync(390, 844, "panel");
        await phone.SignInAsync("9000000101", "/resident");
        await phone.Page.GotoAsync("/");

        // The link a helper's notification opens (the panel draws after the page has loaded, with the circuit).
        await phone.Page.GotoAsync("/resident#helpers");

        await Expect(phone.Page.GetByTestId("helpers")).ToBeInViewportAsync();
        Assert.True(await phone.Page.EvaluateAsync<double>("() => window.scrollY") > 0);
    }

    [Fact]
    public async Task WithoutAConnectionAPageLoadShowsTheOfflinePageInBothLanguages()
    {
        await using var phone = await fixture.NewSessionAsync(390, 844, "offline");
        await phone.SignInAsync("9000000102", "/resident");
        await phone.Page.WaitForFunctionAsync("async () => !!(await navigator.serviceWorker.ready).active");
        await phone.Page.ReloadAsync();
        await phone.Page.Locator("main[data-interactive='true']").WaitForAsync();

        await phone.Context.SetOfflineAsync(true);
        await phone.Page.GotoAsync("/resident");

        await Expect(phone.Page.Locator("h1").First).ToHaveTextAsync("No connection");
        await Expect(phone.Page.Locator("section[lang=hi] h1")).ToHaveTextAsync("इंटरनेट नहीं है");
        await phone.Context.SetOfflineAsync(false);
    }

    /// <summary>
    /// The service worker's registration as DevTools numbers it, through a DevTools session on the phone's
    /// blank page (a session on the dashboard would end with it).
    /// </summary>
    private static async Task<(ICDPSession Session, string Id)> RegistrationAsync(BrowserSession phone)
    {
        var session = await phone.Context.NewCDPSessionAsync(phone.Page);
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Event("ServiceWorker.workerRegistrationUpdated").OnEvent += (_, update) =>
        {
            foreach (var registration in update?.GetProperty("registrations").EnumerateArray() ?? default)
            {
                if (!registration.GetProperty("isDeleted").GetBoolean())
                {
                    found.TrySetResult(registration.GetProperty("registrationId").GetString()!);
                }
            }
        };
        await session.SendAsync("ServiceWorker.enable");
        return (session, await found.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }

    /// <summary>The notification with this tag once it matches (the worker shows it a few milliseconds after the push).</summary>
    private static async Task<Shown> NotificationAsync(ServiceWorkerScope worker, string tag, Func<Shown, bool> match)
    {
        for (var tries = 0; ; tries++)
        {
            var shown = JsonSerializer.Deserialize<Shown[]>(await worker.EvaluateAsync(
                $"(async () => JSON.stringify((await self.registration.getNotifications({{ tag: '{tag}' }})).map(n => ({{ title: n.title, body: n.body, actions: n.actions.map(a => a.action + ':' + a.title) }}))))()"),
                Json)!;
            if (shown.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            Assert.True(tries < 50, $"No notification tagged {tag} as expected; shown: {JsonSerializer.Serialize(shown)}");
            await Task.Delay(100, Ct);
        }
    }

    private sealed record Shown(string Title, string Body, string[] Actions);
}
