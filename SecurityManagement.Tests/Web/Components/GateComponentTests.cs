using System.Globalization;
using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Reach;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Core.Reach;
using SecurityManagement.Tests.Support;
using SecurityManagement.Web.Components.Account;
using SecurityManagement.Web.Components.Pages.Guard;
using SecurityManagement.Web.Components.Pages.Resident;
using SecurityManagement.Web.Localization;

namespace SecurityManagement.Tests.Web.Components;

/// <summary>The gate's components over real Core services and a fresh store.</summary>
public sealed class GateComponentTests : BunitContext, IAsyncLifetime
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;
    private CoreHarness _core = null!;
    private User _guard = null!;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreHarness.CreateAsync();
        _guard = await _core.AddUserAsync(Role.Guard);
        this.AddTestServices();
        Services.AddSingleton(new SocietyOptions("Test Society", TimeZoneInfo.Utc));
        Services.AddSingleton<TimeProvider>(_core.Clock);
        Services.AddSingleton(_core.Visits);
        Services.AddSingleton(_core.Gate);
        Services.AddSingleton(_core.Passes);
        Services.AddSingleton(_core.Accounts);
        Services.AddSingleton(_core.Reach);
        Services.AddSingleton(_core.Sos);
        Services.AddSingleton(_core.Blocklist);
        Services.AddSingleton(_core.Notices);
        Services.AddSingleton(_core.Expected);
        Services.AddSingleton(_core.Parcels);
        Services.AddSingleton(_core.Helpers);
        Services.AddSingleton<ILiveEvents>(_core.Live);
        Services.AddSingleton(AppFactory.Vapid);
        var session = await _core.SignInAsync(_guard);
        AddAuthorization().SetAuthorized(_guard.FullName).SetRoles(nameof(Role.Guard)).SetClaims(
            new Claim(ClaimTypes.NameIdentifier, _guard.Id.ToString()),
            new Claim(UserPrincipal.StampClaim, _guard.SecurityStamp),
            new Claim(UserPrincipal.SessionClaim, session.SessionId!.Value.ToString()));
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (_culture, _uiCulture);
        await base.DisposeAsync();
        await _core.DisposeAsync();
    }

    /// <summary>Renders as in a live circuit (not prerendering), so the component loads what an open screen loads.</summary>
    private IRenderedComponent<T> RenderLive<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null)
        where T : Microsoft.AspNetCore.Components.IComponent
    {
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return Render(parameters);
    }

    /// <summary>The rendered components act as this resident, in a sign-in session of their own.</summary>
    private async Task SignInAsync(User resident)
    {
        var session = await _core.SignInAsync(resident);
        AddAuthorization().SetAuthorized(resident.FullName).SetRoles(nameof(Role.Resident)).SetClaims(
            new Claim(ClaimTypes.NameIdentifier, resident.Id.ToString()),
            new Claim(UserPrincipal.StampClaim, resident.SecurityStamp),
            new Claim(UserPrincipal.SessionClaim, session.SessionId!.Value.ToString()));
    }

    [Fact]
    public void NewVisitorFormShowsEveryMistakeBesideItsFieldAndLogsNothing()
    {
        var cut = Render<NewVisitorForm>();

        cut.Find("[data-testid=ask-flat]").Click();

        cut.WaitForAssertion(() =>
        {
            var text = cut.Markup;
            Assert.Contains("Enter a phone number.", text, StringComparison.Ordinal);
            Assert.Contains("Enter the visitor's name.", text, StringComparison.Ordinal);
            Assert.Contains("Choose what the visit is for.", text, StringComparison.Ordinal);
            Assert.Contains("Enter a flat, e.g. A-101.", text, StringComparison.Ordinal);
        });
        Assert.Equal(3, cut.FindAll(".mud-input-helper-text.mud-input-error").Count);
        Assert.Empty(_core.Live.Published);
    }

    [Fact]
    public async Task NewVisitorFormLogsTheVisitAndClears()
    {
        Visit? logged = null;
        var cut = Render<NewVisitorForm>(p => p.Add(f => f.OnLogged, v => logged = v));

        await cut.Find("[data-testid=visitor-phone]").InputAsync(new() { Value = "9811100001" });
        await cut.Find("[data-testid=visitor-name]").ChangeAsync(new() { Value = "Ravi" });
        cut.FindAll(".purpose-group button").First(b => b.TextContent.Contains("Delivery", StringComparison.Ordinal)).Click();
        await cut.Find("[data-testid=visit-flat]").InputAsync(new() { Value = "A-101" });
        cut.Find("[data-testid=ask-flat]").Click();

        cut.WaitForAssertion(() => Assert.NotNull(logged));
        Assert.Equal(("Ravi", VisitPurpose.Delivery, "A-101"), (logged!.VisitorName, logged.Purpose, logged.Flat.Value));
        Assert.Equal("", cut.Find("[data-testid=visitor-name]").GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task NewVisitorFormOffersToKeepTheParcelOfAFlatThatLeavesDeliveriesAtTheGate()
    {
        var resident = await _core.AddUserAsync(Role.Resident, flat: "A-101");
        await _core.Parcels.SetLeaveDeliveriesAsync(CoreHarness.ActorOf(resident), true, Ct);
        var cut = Render<NewVisitorForm>();

        await cut.Find("[data-testid=visitor-name]").ChangeAsync(new() { Value = "Amazon" });
        await cut.Find("[data-testid=visit-flat]").InputAsync(new() { Value = "A-102" });
        cut.Find("[data-purpose=Delivery]").Click();
        Assert.Empty(cut.FindAll("[data-testid=leave-at-gate]"));
        await cut.Find("[data-testid=visit-flat]").InputAsync(new() { Value = "A-101" });

        cut.WaitForAssertion(() => Assert.Contains("A-101 asks for deliveries to be left at the gate.", cut.Find("[data-testid=leave-at-gate]").TextContent, StringComparison.Ordinal));
        cut.Find("[data-testid=keep-parcel]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=leave-at-gate]")));
        var parcel = Assert.Single(await _core.Parcels.ListWaitingAsync(CoreHarness.ActorOf(_guard), Ct));
        Assert.Equal(("A-101", "Amazon"), (parcel.Flat.Value, parcel.Company));
        Assert.Empty(await _core.Storage.Visits.ListByStatusAsync(VisitStatus.Pending, 10, ct: Ct));
    }

    [Fact]
    public async Task HelpersDeskSaysWhyAHelperNoFlatEmploysIsNotLetIn()
    {
        var resident = await _core.AddUserAsync(Role.Resident, flat: "A-101");
        var admin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin));
        var helper = await _core.Helpers.AddAsync(CoreHarness.ActorOf(resident), new SecurityManagement.Core.Help.HelperRequest("Sunita Devi", "9811100050",
            SecurityManagement.Core.Help.HelperKind.Maid), Ct);
        await _core.Users.DeactivateAsync(admin, resident.Id, "Moved out", Ct);
        var cut = RenderLive<GateLists>(p => p.Add(d => d.Expected, []).Add(d => d.HelpersInside, []).Add(d => d.Parcels, []));

        await cut.Find("[data-testid=helper-find]").InputAsync(new() { Value = helper.Code });

        cut.WaitForAssertion(() => Assert.Equal("No flat employs Sunita Devi any more: do not let them in.", cut.Find("[data-testid=helper-refused]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=helper-in]"));
    }

    [Fact]
    public async Task ResidentsHistoryPagesOlderAndNewer()
    {
        var resident = await _core.AddUserAsync(Role.Resident);
        for (var i = 0; i < 12; i++)
        {
            await _core.Storage.Visits.AddAsync(Builders.AVisit("A-101", Builders.Now.AddMinutes(-i), $"History Visitor {i:D2}"), null, Ct);
        }

        await SignInAsync(resident);
        var cut = Render<VisitHistory>();
        cut.WaitForAssertion(() => Assert.Equal("1–10 of 12", cut.Find("[data-testid=history-range]").TextContent));

        cut.FindAll("nav button").Single(b => b.TextContent.Contains("Older", StringComparison.Ordinal)).Click();
        cut.WaitForAssertion(() => Assert.Equal("11–12 of 12", cut.Find("[data-testid=history-range]").TextContent));
        Assert.Contains("History Visitor 10", cut.Find("[data-testid=history]").TextContent, StringComparison.Ordinal);

        cut.FindAll("nav button").Single(b => b.TextContent.Contains("Newer", StringComparison.Ordinal)).Click();
        cut.WaitForAssertion(() => Assert.Equal("1–10 of 12", cut.Find("[data-testid=history-range]").TextContent));
    }

    [Fact]
    public void TheRequestATappedNotificationOpensIsMarkedAndFocusedAndNoOther()
    {
        var tapped = Render<PendingRequestCard>(p => p.Add(c => c.Visit, Builders.AVisit()).Add(c => c.Focused, true));
        var other = Render<PendingRequestCard>(p => p.Add(c => c.Visit, Builders.AVisit()));

        Assert.Contains("pending-request-focused", tapped.Find("article").ClassList);
        Assert.DoesNotContain("pending-request-focused", other.Find("article").ClassList);
        JSInterop.VerifyFocusAsyncInvoke();
    }

    [Fact]
    public void RequestCardFiresApproveDenyAndNotForUs()
    {
        var visit = Builders.AVisit();
        var approved = new List<Visit>();
        var denied = new List<(Visit, string?)>();
        var returned = new List<Visit>();
        var cut = Render<PendingRequestCard>(p => p
            .Add(c => c.Visit, visit)
            .Add(c => c.OnApprove, v => approved.Add(v))
            .Add(c => c.OnDeny, d => denied.Add(d))
            .Add(c => c.OnNotForUs, v => returned.Add(v)));

        cut.Find("[data-testid=approve]").Click();
        cut.Find("[data-testid=not-for-us]").Click();
        cut.Find("[data-testid=deny]").Click();
        cut.FindAll("button").First(b => b.TextContent.Contains("Not at home", StringComparison.Ordinal)).Click();
        cut.Find("[data-testid=confirm-deny]").Click();

        Assert.Equal([visit], approved);
        Assert.Equal([visit], returned);
        Assert.Equal([(visit, (string?)"Not at home")], denied);
    }

    [Fact]
    public void RequestCardShowsTheReasonError()
    {
        var cut = Render<PendingRequestCard>(p => p.Add(c => c.Visit, Builders.AVisit()).Add(c => c.ReasonError, "Enter the reason."));

        cut.Find("[data-testid=deny]").Click();

        Assert.Contains("Enter the reason.", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrerenderedTheGateAndTheFlatScreensAreTheirHeadingsOnly()
    {
        await _core.LogVisitAsync(_guard, name: "Waiting Visitor");
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", isInteractive: false));

        var gate = Render<GuardDashboard>();
        var flat = Render<ResidentDashboard>();

        Assert.Equal("Gate", gate.Find("h1").TextContent);
        Assert.Empty(gate.FindAll("[data-testid=gate], input, button"));
        Assert.DoesNotContain("Waiting Visitor", gate.Markup, StringComparison.Ordinal);
        Assert.Equal("My flat", flat.Find("h1").TextContent);
        Assert.Empty(flat.FindAll("section, input, button, [data-testid=my-flat]"));
    }

    /// <summary>What the flat's screen holds back until the browser has painted its requests.</summary>
    private static readonly string[] FlatPanels =
        ["[data-testid=expected]", "[data-testid=parcels]", "[data-testid=helpers]", "#today-heading", "#history-heading", "#passes-heading"];

    [Fact]
    public async Task TheFlatsScreenDrawsItsRequestsFirstAndItsPanelsOnceTheBrowserHasPaintedThem()
    {
        await _core.LogVisitAsync(_guard, name: "Waiting Visitor");
        await SignInAsync(await _core.AddUserAsync(Role.Resident));
        var painted = JSInterop.SetupVoid("smAfterPaint");
        JSInterop.Setup<DeviceNotifications.DeviceState>("smReach.state").SetResult(new(false, "unsupported", null, "Firefox on Linux"));

        var cut = RenderLive<ResidentDashboard>();

        cut.WaitForAssertion(() => Assert.Contains("Waiting Visitor", cut.Find("[data-testid=pending-request]").TextContent, StringComparison.Ordinal));
        Assert.NotEmpty(cut.FindAll("[data-testid=sos]"));
        Assert.All(FlatPanels, panel => Assert.Empty(cut.FindAll(panel)));

        // A visitor logged meanwhile joins the requests (the history, not drawn yet, has nothing to reload).
        await cut.InvokeAsync(() => _core.LogVisitAsync(_guard, name: "Second Visitor"));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=pending-request]").Count));
        Assert.All(FlatPanels, panel => Assert.Empty(cut.FindAll(panel)));

        await cut.InvokeAsync(painted.SetVoidResult);

        cut.WaitForAssertion(() => Assert.All(FlatPanels, panel => Assert.NotEmpty(cut.FindAll(panel))));
        Assert.Equal(2, cut.FindAll("[data-testid=pending-request]").Count);
        Assert.Contains("Second Visitor", cut.Find("[data-testid=history]").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheFlatsPanelsDrawAnywayWhenTheBrowserNeverSaysItPainted(bool scriptFails)
    {
        await SignInAsync(await _core.AddUserAsync(Role.Resident));
        var painted = JSInterop.SetupVoid("smAfterPaint");
        JSInterop.Setup<DeviceNotifications.DeviceState>("smReach.state").SetResult(new(false, "unsupported", null, "Firefox on Linux"));

        var cut = RenderLive<ResidentDashboard>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=no-pending]")));
        await cut.InvokeAsync(() =>
        {
            if (scriptFails)
            {
                painted.SetException(new Microsoft.JSInterop.JSException("smAfterPaint is not a function"));
            }
            else
            {
                // What the two seconds' wait ends in when a frozen tab never answers.
                painted.SetCanceled();
            }
        });

        cut.WaitForAssertion(() => Assert.All(FlatPanels, panel => Assert.NotEmpty(cut.FindAll(panel))));
    }

    [Fact]
    public async Task TheGateDrawsItsFormsAndBoardsFirstAndItsListsOnceTheBrowserHasPaintedThem()
    {
        await _core.LogVisitAsync(_guard, name: "Waiting Visitor");
        var painted = JSInterop.SetupVoid("smAfterPaint");

        var cut = RenderLive<GuardDashboard>();

        cut.WaitForAssertion(() => Assert.Contains("Waiting Visitor", cut.Find("[data-testid=board-waiting]").TextContent, StringComparison.Ordinal));
        Assert.NotEmpty(cut.FindAll("#gate-forms input"));
        Assert.Empty(cut.FindAll("[data-testid=gate-helpers]"));

        await cut.InvokeAsync(painted.SetVoidResult);

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=gate-helpers]")));
        Assert.Contains("Waiting Visitor", cut.Find("[data-testid=board-waiting]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStoreThatStopsAnsweringLeavesTheBoardsUpSaysSoAndTheNextTickRecovers()
    {
        await _core.LogVisitAsync(_guard, name: "Before The Outage");
        var cut = RenderLive<GuardDashboard>();
        cut.WaitForAssertion(() => Assert.Contains("Before The Outage", cut.Find("[data-testid=board-waiting]").TextContent, StringComparison.Ordinal));

        // The visits table goes away under the app (a locked or lost file): the next load fails.
        await ExecuteAsync("ALTER TABLE visits RENAME TO visits_away;");
        await cut.InvokeAsync(() => _core.Live.PublishAsync(Topics.Gate, new VisitChanged(Builders.AVisit())));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=boards-unavailable]")));
        Assert.Contains("Before The Outage", cut.Find("[data-testid=board-waiting]").TextContent, StringComparison.Ordinal);

        await ExecuteAsync("ALTER TABLE visits_away RENAME TO visits;");
        _core.Clock.Advance(TimeSpan.FromSeconds(5));

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=boards-unavailable]")));
        Assert.Contains("Before The Outage", cut.Find("[data-testid=board-waiting]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABlockedPhoneIsSaidAsItIsTypedAndTheFlatCannotBeAsked()
    {
        var admin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin));
        await _core.Blocklist.AddAsync(admin, new SecurityManagement.Core.Safety.BlockRequest("9811100066", null, "Stole a parcel on 3 May"), Ct);
        var cut = Render<NewVisitorForm>();

        await cut.Find("[data-testid=visitor-phone]").InputAsync(new() { Value = "9811100066" });

        cut.WaitForAssertion(() => Assert.Contains("Stole a parcel on 3 May", cut.Find("[data-testid=blocked-warning]").TextContent, StringComparison.Ordinal));
        Assert.True(cut.Find("[data-testid=ask-flat]").HasAttribute("disabled"));
        await cut.Find("[data-testid=visitor-phone]").InputAsync(new() { Value = "9811100067" });
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=blocked-warning]")));
        Assert.False(cut.Find("[data-testid=ask-flat]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task AFormWithoutAGateWhileTheSocietyNamesGatesSaysToChooseOneAndLogsNothing()
    {
        await _core.Settings.AddGateAsync(CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin)), "Main gate", Ct);
        var cut = Render<NewVisitorForm>();

        await cut.Find("[data-testid=visitor-phone]").InputAsync(new() { Value = "9811100081" });
        await cut.Find("[data-testid=visitor-name]").ChangeAsync(new() { Value = "Ravi" });
        cut.FindAll(".purpose-group button").First(b => b.TextContent.Contains("Guest", StringComparison.Ordinal)).Click();
        await cut.Find("[data-testid=visit-flat]").InputAsync(new() { Value = "A-101" });
        cut.Find("[data-testid=ask-flat]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Choose this tablet's gate first.", cut.Find("[data-testid=gate-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(await _core.Storage.Visits.SearchAsync(new VisitLogFilter(), null, 10, Ct));
    }

    [Fact]
    public async Task ATabletAtTheServiceGateShowsItsOwnQueueAndEveryoneInside()
    {
        var admin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin));
        var main = await _core.Settings.AddGateAsync(admin, "Main gate", Ct);
        var service = await _core.Settings.AddGateAsync(admin, "Service gate", Ct);
        var guard = CoreHarness.ActorOf(_guard);
        await _core.Visits.LogAsync(guard, new VisitRequest("9811100071", "At The Main Gate", VisitPurpose.Guest, "A-101", null, null, main.Id), Ct);
        await _core.Visits.LogAsync(guard, new VisitRequest("9811100072", "At The Service Gate", VisitPurpose.Service, "A-101", null, null, service.Id), Ct);
        var remembered = JSInterop.Setup<string?>("smGate.get").SetResult(service.Id.ToString());

        var cut = RenderLive<GuardDashboard>();

        cut.WaitForAssertion(() => Assert.Contains("At The Service Gate", cut.Find("[data-testid=board-waiting]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("At The Main Gate", cut.Find("[data-testid=board-waiting]").TextContent, StringComparison.Ordinal);
        Assert.Equal(service.Id.ToString(), cut.Find("[data-testid=gate-choice] option[selected]").GetAttribute("value"));

        // Set to the main gate, the tablet remembers that instead and shows the main gate's queue.
        await cut.Find("[data-testid=gate-choice]").ChangeAsync(new() { Value = main.Id.ToString() });
        cut.WaitForAssertion(() => Assert.Contains("At The Main Gate", cut.Find("[data-testid=board-waiting]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("At The Service Gate", cut.Find("[data-testid=board-waiting]").TextContent, StringComparison.Ordinal);
        Assert.Contains(JSInterop.Invocations, i => i.Identifier == "smGate.set" && Equals(i.Arguments[0], main.Id.ToString()));

        // The main gate taken out of use: the tablet says so, shows the gate in use, and the main gate's visitor is not lost.
        await _core.Settings.RetireGateAsync(admin, main.Id, Ct);
        await cut.InvokeAsync(() => _core.Live.PublishAsync(Topics.Gate, new VisitChanged(Builders.AVisit())));
        cut.WaitForAssertion(() => Assert.Contains("Service gate", cut.Find("[data-testid=gate-moved]").TextContent, StringComparison.Ordinal));
        Assert.Contains("At The Main Gate", cut.Find("[data-testid=board-waiting]").TextContent, StringComparison.Ordinal);
        Assert.Contains("At The Service Gate", cut.Find("[data-testid=board-waiting]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AResidentSeesANoticeNewUntilOpenedAndOneForAnotherBlockNever()
    {
        var resident = await _core.AddUserAsync(Role.Resident);
        var admin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin));
        await _core.Notices.PostAsync(admin, new SecurityManagement.Core.Notices.NoticeRequest("Block B painting", "Next week.", SecurityManagement.Core.Notices.NoticeAudience.Block, "B", null), Ct);
        await SignInAsync(resident);
        var cut = Render<NoticesPanel>(p => p.Add(n => n.Flat, "A-101"));
        Assert.Empty(cut.FindAll("[data-testid=notices]"));

        await cut.InvokeAsync(() => _core.Notices.PostAsync(admin,
            new SecurityManagement.Core.Notices.NoticeRequest("Water cut on Sunday", "No water 10:00 to 14:00.", SecurityManagement.Core.Notices.NoticeAudience.Everyone, null, null), Ct));

        cut.WaitForAssertion(() => Assert.Equal("1 new", cut.Find("[data-testid=notices-unread]").TextContent));
        Assert.Equal(["Water cut on Sunday"], cut.FindAll("[data-testid=notice-title]").Select(t => t.TextContent));
        await cut.Find("[data-testid=notice] summary").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=notices-unread]")));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_core.StorePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task AWaitingCardSaysWhatWasTriedToReachTheFlatAsItHappens()
    {
        var priya = await _core.AddUserAsync(Role.Resident);
        await _core.Reach.SaveDeviceAsync(CoreHarness.ActorOf(priya), "https://push.example/priya", Keys.P256dh, Keys.Auth, null, Ct);
        var cut = RenderLive<GuardDashboard>();
        var visit = await cut.InvokeAsync(() => _core.LogVisitAsync(_guard, name: "Reached Visitor"));
        string Line() => cut.Find("[data-testid=board-waiting] [data-testid=reach]").TextContent;

        await cut.InvokeAsync(() => _core.Doorbell.HandleAsync(visit, Ct));
        cut.WaitForAssertion(() => Assert.Equal("push to 1 phone", Line()));

        _core.Clock.Advance(TimeSpan.FromSeconds(4));
        var token = _core.Tokens.Issue(AnswerToken.For(visit, priya, visit.CreatedAt.AddMinutes(15)));
        await cut.InvokeAsync(() => _core.Reach.SeenAsync(token, Ct));
        cut.WaitForAssertion(() => Assert.Equal($"push to 1 phone · seen by {priya.FullName} 0:04", Line()));

        _core.Clock.Advance(_core.Gate.SmsAfter);
        await cut.InvokeAsync(() => _core.Doorbell.EscalateAsync(Ct));
        cut.WaitForAssertion(() => Assert.Equal($"push to 1 phone · seen by {priya.FullName} 0:04 · SMS at 0:24", Line()));
        Assert.Equal("translate=\"no\"", cut.Find("[data-testid=reach] bdi").Attributes["translate"] is { } a ? $"translate=\"{a.Value}\"" : "");
    }

    [Fact]
    public async Task AResidentTurnsNotificationsOnForThisPhoneSendsATestAndTurnsThemOff()
    {
        var resident = await _core.AddUserAsync(Role.Resident);
        await SignInAsync(resident);
        JSInterop.Setup<DeviceNotifications.DeviceState>("smReach.state").SetResult(new(true, "default", null, "Chrome on Android"));
        JSInterop.Setup<DeviceNotifications.Subscribed>("smReach.subscribe", AppFactory.Vapid.PublicKey)
            .SetResult(new("https://push.example/mine", Keys.P256dh, Keys.Auth, "Chrome on Android", null));
        JSInterop.Setup<string?>("smReach.unsubscribe").SetResult("https://push.example/mine");

        var offer = Render<DeviceNotifications>(p => p.Add(c => c.Compact, true));
        var card = Render<DeviceNotifications>();

        offer.WaitForAssertion(() => Assert.NotNull(offer.Find("[data-testid=notify-offer]")));
        card.WaitForAssertion(() => Assert.Equal("off", card.Find("[data-testid=notify-state]").GetAttribute("data-state")));
        card.Find("[data-testid=notify-on]").Click();
        card.WaitForAssertion(() => Assert.Equal("on", card.Find("[data-testid=notify-state]").GetAttribute("data-state")));
        Assert.Equal("https://push.example/mine", Assert.Single(await _core.Storage.Reach.ListDevicesAsync([resident.Id], Ct)).Endpoint);

        card.Find("[data-testid=notify-test]").Click();
        card.WaitForAssertion(() => Assert.Equal("Sent. It should appear on this phone within a few seconds.", card.Find("[data-testid=notify-message]").TextContent));
        Assert.Contains("\"type\":\"test\"", _core.Push.Sent.Single().Payload.Json, StringComparison.Ordinal);

        card.Find("[data-testid=notify-off]").Click();
        card.WaitForAssertion(() => Assert.Equal("off", card.Find("[data-testid=notify-state]").GetAttribute("data-state")));
        Assert.Empty(await _core.Storage.Reach.ListDevicesAsync([resident.Id], Ct));
    }

    [Fact]
    public async Task ABlockedOrUnsupportedBrowserIsToldHowAndOffersNothing()
    {
        var resident = await _core.AddUserAsync(Role.Resident);
        await SignInAsync(resident);
        var state = JSInterop.Setup<DeviceNotifications.DeviceState>("smReach.state");
        state.SetResult(new(true, "denied", null, null));

        var card = Render<DeviceNotifications>();
        var offer = Render<DeviceNotifications>(p => p.Add(c => c.Compact, true));

        card.WaitForAssertion(() => Assert.Equal("blocked", card.Find("[data-testid=notify-state]").GetAttribute("data-state")));
        Assert.StartsWith("Notifications are blocked for this site.", card.Find("[data-testid=notify-state]").TextContent, StringComparison.Ordinal);
        Assert.Empty(card.FindAll("[data-testid=notify-on]"));
        Assert.Empty(offer.FindAll("[data-testid=notify-offer]"));
    }

    [Fact]
    public async Task BoardUpdatesWhenTheHubRaisesAnEventAndStopsListeningWhenDisposed()
    {
        var cut = RenderLive<GuardDashboard>();
        cut.WaitForAssertion(() => Assert.Contains("Nobody is waiting.", cut.Find("[data-testid=board-waiting]").TextContent, StringComparison.Ordinal));
        Assert.Equal(1, _core.Live.SubscribersOf(Topics.Gate));

        await cut.InvokeAsync(() => _core.LogVisitAsync(_guard, name: "Live Visitor"));

        cut.WaitForAssertion(() => Assert.Contains("Live Visitor", cut.Find("[data-testid=board-waiting]").TextContent, StringComparison.Ordinal));

        await DisposeComponentsAsync();
        Assert.Equal(0, _core.Live.SubscribersOf(Topics.Gate));
        await _core.LogVisitAsync(_guard, name: "After Dispose");
    }

    [Fact]
    public async Task InHindiTheGateScreenHasNoEnglishButDataAndShowsTheNewestWaitingFirst()
    {
        await _core.LogVisitAsync(_guard, name: "Pehla Visitor");
        _core.Clock.Advance(TimeSpan.FromMinutes(1));
        await _core.LogVisitAsync(_guard, "A-102", name: "Doosra Visitor");
        UseLanguage("hi");

        var cut = RenderLive<GuardDashboard>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=board-waiting] [data-testid=visit-card]").Count));
        Assert.Contains("Doosra Visitor", cut.FindAll("[data-testid=board-waiting] [data-testid=visit-card]")[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("इंतज़ार में", cut.Find("[data-testid=tab-waiting]").TextContent, StringComparison.Ordinal);
        Assert.Empty(UntranslatedText.In(cut.Markup));
    }

    [Fact]
    public async Task AVisitLoggedInHindiRedrawsAnEnglishScreenInEnglish()
    {
        var cut = RenderLive<GuardDashboard>();
        cut.WaitForAssertion(() => Assert.Contains("Nobody is waiting.", cut.Find("[data-testid=board-waiting]").TextContent, StringComparison.Ordinal));

        // The event reaches this screen in the flow of whoever raised it: a guard working in Hindi.
        await Task.Run(async () =>
        {
            UseLanguage("hi");
            await _core.LogVisitAsync(_guard, name: "Live Visitor");
        }, Ct);

        cut.WaitForAssertion(() => Assert.Contains("Live Visitor", cut.Find("[data-testid=board-waiting]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Waiting", cut.Find("[data-testid=tab-waiting]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("इंतज़ार", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void InHindiCoresRefusalsAppearBesideTheirFields()
    {
        UseLanguage("hi");
        var cut = Render<NewVisitorForm>();

        cut.Find("#visitor-phone").Input("98765");
        cut.Find("#visit-flat").Input("Z-999");
        cut.Find("[data-testid=ask-flat]").Click();

        cut.WaitForAssertion(() => Assert.Equal("फ़ोन नंबर में ठीक 10 अंक होते हैं; इसमें 5 हैं।", cut.Find("#visitor-phone-error").TextContent));
        Assert.Equal("आगंतुक का नाम दर्ज करें।", cut.Find("#visitor-name-error").TextContent);
        Assert.Equal("सोसाइटी की सूची में Z-999 नाम का कोई फ़्लैट नहीं है।", cut.Find("#visit-flat-error").TextContent);
        Assert.Empty(UntranslatedText.In(cut.Markup));
    }

    [Fact]
    public async Task SendSosAnswersOnlyASecondAfterTheChoiceThenCallsTheGuards()
    {
        var resident = await _core.AddUserAsync(Role.Resident);
        await SignInAsync(resident);
        var cut = Render<SosPanel>(p => p.Add(c => c.Flat, "A-101"));

        cut.Find("[data-testid=sos-open]").Click();
        cut.Find("[data-testid=sos-kind-Fire]").Click();

        Assert.True(cut.Find("[data-testid=sos-send]").HasAttribute("disabled"));
        _core.Clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.True(cut.Find("[data-testid=sos-send]").HasAttribute("disabled"));
        Assert.Empty(await _core.Storage.Sos.ListOpenAsync(Ct));

        _core.Clock.Advance(TimeSpan.FromMilliseconds(1));
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=sos-send]").HasAttribute("disabled")));
        cut.Find("[data-testid=sos-send]").Click();

        cut.WaitForAssertion(() => Assert.Contains("The guards' screens are ringing.", cut.Find("[data-testid=sos-status]").TextContent, StringComparison.Ordinal));
        Assert.Equal(SecurityManagement.Core.Safety.SosKind.Fire, Assert.Single(await _core.Storage.Sos.ListOpenAsync(Ct)).Kind);
    }

    [Fact]
    public async Task TheAlarmRingsWhileAnSosIsUnansweredAndFallsSilentWhenAnotherGuardGoes()
    {
        var resident = await _core.AddUserAsync(Role.Resident);
        var other = await _core.AddUserAsync(Role.Guard);
        var alert = await _core.Sos.RaiseAsync(CoreHarness.ActorOf(resident), SecurityManagement.Core.Safety.SosKind.Medical, Ct);

        var cut = Render<SosAlarm>();

        cut.WaitForAssertion(() => Assert.Contains("A-101", cut.Find("[data-testid=sos-ringing]").TextContent, StringComparison.Ordinal));
        Assert.Equal(true, JSInterop.Invocations["smSos.ring"][^1].Arguments[0]);
        JSInterop.VerifyFocusAsyncInvoke();

        await cut.InvokeAsync(() => _core.Sos.AcknowledgeAsync(CoreHarness.ActorOf(other), alert.Id, Ct));

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=sos-alarm]")));
        Assert.Contains(other.FullName, cut.Find("[data-testid=sos-going]").TextContent, StringComparison.Ordinal);
        Assert.Equal(false, JSInterop.Invocations["smSos.ring"][^1].Arguments[0]);
    }

    /// <summary>The culture the request localization would set for this language (it flows into the renderer; disposing puts the test's back).</summary>
    private static void UseLanguage(string language) =>
        (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (Languages.Find(language)!, Languages.Find(language)!);
}
