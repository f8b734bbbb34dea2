using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Reach;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Support;
using static SecurityManagement.Tests.Support.CoreHarness;

namespace SecurityManagement.Tests.Web.Http;

/// <summary>
/// The endpoints a notification's Approve and Deny post to, and the page a text message links to, over HTTP
/// in Production: replay, expiry, a wrong visit or resident, a resident who answered first, deactivation, another site.
/// </summary>
public sealed class ReachEndpointTests : IAsyncLifetime
{
    private const string Site = "https://localhost";

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private AppFactory _app = null!;
    private FormClient _browser = null!;
    private User _guard = null!;
    private User _admin = null!;
    private User _priya = null!;
    private User _rahul = null!;
    private User _neighbour = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = App();
        _browser = new FormClient(_app);
        _guard = await _app.AddUserAsync(Role.Guard);
        _admin = await _app.AddUserAsync(Role.Admin);
        _priya = await _app.AddUserAsync(Role.Resident);
        _rahul = await _app.AddUserAsync(Role.Resident);
        _neighbour = await _app.AddUserAsync(Role.Resident, flat: "B-201");
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private AppFactory App() => new("Production", null, s =>
    {
        s.RemoveAll<IPushSender>();
        s.AddSingleton<IPushSender>(new RecordingPushSender());
    }, _clock);

    private T Service<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    private async Task<Visit> LogAsync() =>
        await Service<VisitService>().LogAsync(ActorOf(_guard), new VisitRequest(Builders.NextPhone().Value, "Ravi Kumar", VisitPurpose.Delivery, "A-101", null, null), Ct);

    private string TokenFor(Visit visit, User resident, Guid? visitId = null) =>
        Service<AnswerTokens>().Issue(AnswerToken.For(visit, resident, visit.StatusChangedAt + TimeSpan.FromMinutes(15)) with { VisitId = visitId ?? visit.Id });

    private async Task<VisitStatus> StatusAsync(Visit visit) => (await Service<IVisitStore>().GetAsync(visit.Id, Ct))!.Status;

    /// <summary>As the service worker posts: JSON, from our own origin.</summary>
    private Task<HttpResponseMessage> AnswerAsync(
        string token, string action = "approve", string? reason = null, string origin = Site, string site = "same-origin", string? lang = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/reach/answer") { Content = JsonContent.Create(new { token, action, reason, lang }) };
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Sec-Fetch-Site", site);
        return _browser.Http.SendAsync(request, Ct);
    }

    private static async Task<string> BodyAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<ReplyBody>(Ct))!.Body;

    [Fact]
    public async Task ApproveFromTheNotificationAnswersOnceAsTheResidentAndIsAudited()
    {
        var visit = await LogAsync();
        var token = TokenFor(visit, _priya);

        var answered = await AnswerAsync(token);
        var replayed = await AnswerAsync(token, "deny", "No");
        var replayedInHindi = await AnswerAsync(token, lang: "hi");

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("Ravi Kumar: Approved by you", await BodyAsync(answered));
        Assert.Equal(HttpStatusCode.Conflict, replayed.StatusCode);
        Assert.Contains("already approved", await BodyAsync(replayed), StringComparison.Ordinal);
        Assert.Equal(("जवाब नहीं गया", HttpStatusCode.Conflict), ((await replayedInHindi.Content.ReadFromJsonAsync<ReplyBody>(Ct))!.Title, replayedInHindi.StatusCode));
        Assert.Equal(VisitStatus.Approved, await StatusAsync(visit));
        var entry = await Service<IAuditStore>().GetLastAsync(Ct);
        Assert.Equal(("visit.approved", _priya.Id), (entry!.Action, entry.ActorId));
    }

    [Fact]
    public async Task AfterAnotherResidentAnsweredTheNotificationSaysWhoWasFirst()
    {
        var visit = await LogAsync();
        var rahuls = TokenFor(visit, _rahul);
        Assert.Equal(HttpStatusCode.OK, (await AnswerAsync(TokenFor(visit, _priya), "deny", "Not expecting anyone")).StatusCode);

        var late = await AnswerAsync(rahuls);

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains(_priya.FullName, await BodyAsync(late), StringComparison.Ordinal);
        Assert.Equal(VisitStatus.Denied, await StatusAsync(visit));
    }

    [Fact]
    public async Task AnExpiredTokenATokenForAnotherVisitOrAnotherFlatsResidentAnswersNothing()
    {
        var visit = await LogAsync();
        var other = await LogAsync();
        var expiring = TokenFor(visit, _priya);

        var wrongVisit = await AnswerAsync(TokenFor(visit, _priya, visitId: Guid.NewGuid()));
        var tampered = await AnswerAsync(TokenFor(other, _priya)[..^3] + "AAA");
        var wrongResident = await AnswerAsync(TokenFor(visit, _neighbour));
        _clock.Advance(TimeSpan.FromMinutes(15));
        var expired = await AnswerAsync(expiring);

        Assert.Equal(HttpStatusCode.NotFound, wrongVisit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongResident.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        Assert.Equal("This link has expired or is not valid. Open the app to see your flat's requests.", await BodyAsync(expired));
        Assert.DoesNotContain((await Service<IVisitStore>().GetAsync(visit.Id, Ct))!.History, c => c.ActorId is not null);
        Assert.DoesNotContain((await Service<IVisitStore>().GetAsync(other.Id, Ct))!.History, c => c.ActorId is not null);
    }

    [Fact]
    public async Task ADeactivatedResidentsTokenStopsAtOnce()
    {
        var visit = await LogAsync();
        var token = TokenFor(visit, _priya);
        await Service<UserService>().DeactivateAsync(ActorOf(_admin), _priya.Id, "Moved out", Ct);

        var answered = await AnswerAsync(token);
        var page = await _browser.Http.GetAsync($"/r/{token}", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, answered.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Equal(VisitStatus.Pending, await StatusAsync(visit));
    }

    [Fact]
    public async Task AnotherSiteCannotMakeABrowserAnswer()
    {
        var visit = await LogAsync();
        var token = TokenFor(visit, _priya);

        var crossSite = await AnswerAsync(token, site: "cross-site");
        var sameSite = await AnswerAsync(token, site: "same-site");
        var otherOrigin = await AnswerAsync(token, origin: "https://evil.example");
        var form = await _browser.Http.PostAsync("/reach/answer", new FormUrlEncodedContent([KeyValuePair.Create("token", token), KeyValuePair.Create("action", "approve")]), Ct);
        var linkWithoutForm = await _browser.Http.PostAsync($"/r/{token}", new FormUrlEncodedContent([KeyValuePair.Create("_handler", "approve")]), Ct);

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], [crossSite.StatusCode, sameSite.StatusCode, otherOrigin.StatusCode]);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, linkWithoutForm.StatusCode);
        Assert.Equal(VisitStatus.Pending, await StatusAsync(visit));
    }

    [Fact]
    public async Task BehindAProxyThatRewritesTheHostThePublicAddressIsOurOrigin()
    {
        var visit = await LogAsync();

        var answered = await AnswerAsync(TokenFor(visit, _priya), origin: "https://gate.test");

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(VisitStatus.Approved, await StatusAsync(visit));
    }

    [Fact]
    public async Task EveryPageLinksAManifestThatMakesTheAppInstallable()
    {
        var page = await _browser.GetAsync("/account/login");
        var manifest = JsonDocument.Parse(await _browser.GetAsync("/manifest.webmanifest")).RootElement;

        Assert.Contains("<link rel=\"manifest\" href=\"/manifest.webmanifest\"", page, StringComparison.Ordinal);
        Assert.Equal(("standalone", "/", "#594ae2"), (manifest.GetProperty("display").GetString(), manifest.GetProperty("start_url").GetString(), manifest.GetProperty("theme_color").GetString()));
        Assert.False(string.IsNullOrEmpty(manifest.GetProperty("name").GetString()));
        Assert.False(string.IsNullOrEmpty(manifest.GetProperty("short_name").GetString()));
        foreach (var size in new[] { "192x192", "512x512" })
        {
            var icon = manifest.GetProperty("icons").EnumerateArray().First(i => i.GetProperty("sizes").GetString() == size);
            var png = await _browser.Http.GetAsync(icon.GetProperty("src").GetString(), Ct);
            Assert.Equal(("image/png", HttpStatusCode.OK), (png.Content.Headers.ContentType?.MediaType, png.StatusCode));
        }

        var worker = await _browser.Http.GetAsync("/sw.js", Ct);
        Assert.Equal(HttpStatusCode.OK, worker.StatusCode);
        Assert.Contains("addEventListener('push'", await worker.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTextMessagesLinkShowsTheRequestAndApprovesByItsOwnFormWithoutSigningIn()
    {
        var visit = await LogAsync();
        var token = TokenFor(visit, _priya);

        var page = await _browser.GetAsync($"/r/{token}");
        var approved = await _browser.PostAsync($"/r/{token}", "approve", ("ApproveForm.Go", "1"));
        var html = await approved.Content.ReadAsStringAsync(Ct);
        var again = await _browser.Http.GetStringAsync($"/r/{token}", Ct);

        Assert.Contains("Ravi Kumar", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"link-approve\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain(visit.VisitorPhone.Value, page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Contains("Ravi Kumar: Approved by you", html, StringComparison.Ordinal);
        Assert.Equal(VisitStatus.Approved, await StatusAsync(visit));
        Assert.Matches($@"Approved by {_priya.FullName} at \d\d:\d\d\.", System.Text.RegularExpressions.Regex.Replace(again, "<[^>]+>", ""));
        Assert.DoesNotContain("data-testid=\"link-approve\"", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLinksDenialNeedsAReasonAndAnUnknownLinkSaysSo()
    {
        var visit = await LogAsync();
        var token = TokenFor(visit, _priya);

        var empty = await _browser.PostAsync($"/r/{token}", "deny", ("DenyForm.Reason", " "));
        var unknown = await _browser.Http.GetAsync("/r/not-a-token", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("Enter the reason.", FormClient.FieldError(await empty.Content.ReadAsStringAsync(Ct), "reason"));
        Assert.Equal(VisitStatus.Pending, await StatusAsync(visit));
        Assert.Equal(HttpStatusCode.Gone, unknown.StatusCode);
        Assert.Contains("This link has expired or is not valid.", await unknown.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var denied = await _browser.PostAsync($"/r/{token}", "deny", ("DenyForm.Reason", "Not at home"));
        Assert.Equal(HttpStatusCode.OK, denied.StatusCode);
        Assert.Equal(("Not at home", VisitStatus.Denied), ((await Service<IVisitStore>().GetAsync(visit.Id, Ct))!.History[^1].Note, await StatusAsync(visit)));
    }

    [Fact]
    public async Task APhoneThatShowedTheRequestIsSeenOnTheGuardsCard()
    {
        var visit = await LogAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/reach/seen") { Content = JsonContent.Create(new { token = TokenFor(visit, _priya) }) };

        var seen = await _browser.Http.SendAsync(request, Ct);
        var bogus = await _browser.Http.PostAsJsonAsync("/reach/seen", new { token = "bogus" }, Ct);

        Assert.Equal(HttpStatusCode.NoContent, seen.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, bogus.StatusCode);
        var steps = await Service<ReachService>().GetStepsAsync(ActorOf(_guard), [visit], Ct);
        Assert.Equal(_priya.FullName, steps[visit.Id].Single(s => s.Kind == ReachKind.Seen).Name);
    }

    [Fact]
    public async Task TheAnswerEndpointsAreLimitedPerClient()
    {
        await using var app = new AppFactory("Production", new Dictionary<string, string?> { ["Reach:PostsPerMinute"] = "3" }, clock: _clock);
        var client = app.CreateClient(new() { BaseAddress = new Uri(Site) });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.PostAsJsonAsync("/reach/seen", new { token = "bogus" }, Ct)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
    }

    private sealed record ReplyBody(string Title, string Body);
}
