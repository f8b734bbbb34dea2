using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Settings;
using static Microsoft.Playwright.Assertions;

namespace SecurityManagement.Tests.Web.Browser;

/// <summary>The gate as a security post: a blocked phone refused, each gate its own queue, the committee's notices.</summary>
[Collection(BrowserTests.Name)]
public sealed class GateOperationsTests(BrowserFixture fixture)
{
    [Fact]
    public async Task ABlockedPhoneIsRefusedAtTheGateUntilAnAdminLiftsItAndAGuardsProposalWaitsForAnAdmin()
    {
        var blocked = Support.Builders.NextPhone().Value;
        var proposed = Support.Builders.NextPhone().Value;
        await using var admin = await fixture.NewSessionAsync(1280, 900, "admin");
        await using var guard = await fixture.NewSessionAsync(1024, 768, "guard");
        await admin.SignInAsync("9000000002", "/admin");
        await guard.SignInAsync("9000000011", "/guard");

        await admin.OpenInteractiveAsync("/admin/blocklist");
        await admin.Page.GetByTestId("block-phone").FillAsync(blocked);
        await admin.Page.GetByTestId("block-add").ClickAsync();
        await Expect(admin.Page.GetByText("Enter the reason.")).ToBeVisibleAsync();
        await admin.Page.GetByTestId("block-reason").FillAsync("Harassed residents selling door to door");
        await admin.Page.GetByTestId("block-add").ClickAsync();
        var entry = admin.Page.GetByTestId("block-active").Filter(new() { HasText = blocked });
        await Expect(entry).ToContainTextAsync("Harassed residents");

        // The guard is told as the phone is typed, before any flat is asked, and cannot ask.
        await guard.Page.GetByTestId("visitor-phone").FillAsync(blocked);
        await Expect(guard.Page.GetByTestId("blocked-warning")).ToContainTextAsync("Harassed residents selling door to door");
        await Expect(guard.Page.GetByTestId("ask-flat")).ToBeDisabledAsync();
        await Shot(guard.Page, "blocked");

        // The guard proposes another phone; it warns only, until an admin confirms it.
        await GateScreens.FillVisitorAsync(guard.Page, "Pushy Salesman", "A-101");
        await guard.Page.GetByTestId("visitor-phone").FillAsync(proposed);
        await guard.Page.GetByTestId("visit-more").ClickAsync();
        await guard.Page.GetByTestId("block-reason").FillAsync("Argued with the guard and tried to walk in");
        await guard.Page.GetByTestId("propose-block").ClickAsync();
        await Expect(guard.Page.GetByTestId("block-proposed")).ToContainTextAsync("Ramesh Kumar proposed blocking this phone");
        await Expect(guard.Page.GetByTestId("ask-flat")).ToBeEnabledAsync();

        await admin.OpenInteractiveAsync("/admin/blocklist");
        var proposal = admin.Page.GetByTestId("block-proposal").Filter(new() { HasText = proposed });
        await Expect(proposal).ToContainTextAsync("Ramesh Kumar");
        await Shot(admin.Page, "admin");
        await proposal.GetByTestId("block-confirm").ClickAsync();
        await Expect(admin.Page.GetByTestId("block-active").Filter(new() { HasText = proposed })).ToBeVisibleAsync();

        // Lifted, the first phone is an ordinary visitor again.
        await entry.GetByTestId("block-lift").ClickAsync();
        await entry.GetByTestId("block-lift-confirm").ClickAsync();
        await Expect(entry).ToHaveCountAsync(0);
        await guard.OpenInteractiveAsync("/guard");
        await GateScreens.FillVisitorAsync(guard.Page, "Forgiven Seller", "A-101");
        await guard.Page.GetByTestId("visitor-phone").FillAsync(proposed);
        await Expect(guard.Page.GetByTestId("blocked-warning")).ToBeVisibleAsync();
        await guard.Page.GetByTestId("visitor-phone").FillAsync(blocked);
        await Expect(guard.Page.GetByTestId("blocked-warning")).ToHaveCountAsync(0);
        await guard.Page.GetByTestId("ask-flat").ClickAsync();
        await Expect(guard.Page.GetByTestId("board-waiting").GetByTestId("visit-card").Filter(new() { HasText = "Forgiven Seller" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AGuardAtTheServiceGateDoesNotSeeTheMainGatesWaitingRequests()
    {
        var settings = fixture.App.Services.GetRequiredService<SettingsService>();
        var users = fixture.App.Services.GetRequiredService<IUserStore>();
        var admin = (await users.GetByPhoneAsync(PhoneNumber.Parse("9000000002"), TestContext.Current.CancellationToken))!;
        var asAdmin = new Actor(admin.Id, admin.SecurityStamp);
        var main = await settings.AddGateAsync(asAdmin, $"Main gate {Guid.NewGuid():N}"[..16], TestContext.Current.CancellationToken);
        var service = await settings.AddGateAsync(asAdmin, $"Service gate {Guid.NewGuid():N}"[..19], TestContext.Current.CancellationToken);
        try
        {
            await using var atMain = await fixture.NewSessionAsync(1024, 768, "main-gate");
            await using var atService = await fixture.NewSessionAsync(768, 1024, "service-gate");
            await atMain.SignInAsync("9000000011", "/guard");
            await atService.SignInAsync("9000000012", "/guard");

            // A tablet starts at the first gate; the service tablet is set once and remembers it.
            await Expect(atMain.Page.GetByTestId("gate-choice")).ToHaveValueAsync(main.Id.ToString());
            await atService.Page.GetByTestId("gate-choice").SelectOptionAsync(service.Id.ToString());
            await atService.OpenInteractiveAsync("/guard");
            await Expect(atService.Page.GetByTestId("gate-choice")).ToHaveValueAsync(service.Id.ToString());

            await GateScreens.LogVisitorAsync(atMain.Page, "Main Gate Guest", "A-101");
            await GateScreens.LogVisitorAsync(atService.Page, "Service Gate Plumber", "A-102");

            var serviceWaiting = atService.Page.GetByTestId("board-waiting");
            await Expect(serviceWaiting.GetByTestId("visit-card").Filter(new() { HasText = "Service Gate Plumber" })).ToBeVisibleAsync();
            await Expect(serviceWaiting.GetByTestId("visit-card").Filter(new() { HasText = "Main Gate Guest" })).ToHaveCountAsync(0);
            var mainWaiting = atMain.Page.GetByTestId("board-waiting");
            await Expect(mainWaiting.GetByTestId("visit-card").Filter(new() { HasText = "Main Gate Guest" })).ToBeVisibleAsync();
            await Expect(mainWaiting.GetByTestId("visit-card").Filter(new() { HasText = "Service Gate Plumber" })).ToHaveCountAsync(0);
            await Shot(atService.Page, "service-gate");

            // The admin's log filters by gate and names it.
            await using var log = await fixture.NewSessionAsync(1280, 900, "log");
            await log.SignInAsync("9000000002", "/admin");
            await log.OpenInteractiveAsync("/admin/visits");
            await log.Page.GetByLabel("Visitor name or phone").FillAsync("Service Gate Plumber");
            await Expect(log.Page.GetByTestId("log-gate-cell").First).ToContainTextAsync(service.Name);
        }
        finally
        {
            await settings.RetireGateAsync(asAdmin, main.Id, TestContext.Current.CancellationToken);
            await settings.RetireGateAsync(asAdmin, service.Id, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task ANoticeReachesAResidentsDashboardLiveAndLeavesWhenWithdrawn()
    {
        var title = $"Lift service {Guid.NewGuid():N}"[..20];
        await using var admin = await fixture.NewSessionAsync(1280, 900, "admin");
        await using var resident = await fixture.NewSessionAsync(390, 844, "resident");
        await admin.SignInAsync("9000000002", "/admin");
        await resident.SignInAsync("9000000201", "/resident");

        await admin.OpenInteractiveAsync("/admin/notices");
        await admin.Page.GetByTestId("notice-post").ClickAsync();
        await Expect(admin.Page.GetByText("Enter the title.")).ToBeVisibleAsync();
        await admin.Page.GetByTestId("notice-title").FillAsync(title);
        await admin.Page.GetByTestId("notice-body").FillAsync("The lift in block B is serviced on Sunday, 10:00 to 12:00.\nPlease use the stairs.");
        await admin.Page.GetByTestId("notice-audience").ClickAsync();
        await admin.Page.GetByRole(AriaRole.Option, new() { Name = "A flat" }).ClickAsync();
        await admin.Page.GetByTestId("notice-target").FillAsync("B-201");
        await admin.Page.GetByTestId("notice-post").ClickAsync();
        var posted = admin.Page.GetByTestId("posted-notice").Filter(new() { HasText = title });
        await Expect(posted).ToContainTextAsync("For flat B-201");

        // Without reloading, the resident's phone shows it, new, with the count.
        var notice = resident.Page.GetByTestId("notice").Filter(new() { HasText = title });
        await Expect(notice).ToBeVisibleAsync();
        await Expect(resident.Page.GetByTestId("notices-unread")).ToHaveTextAsync("1 new");
        await Shot(resident.Page, "notice-new");
        await notice.Locator("summary").ClickAsync();
        await Expect(notice.GetByTestId("notice-body")).ToContainTextAsync("Please use the stairs.");
        await Expect(resident.Page.GetByTestId("notices-unread")).ToHaveCountAsync(0);
        await Accessibility.AssertNoSeriousViolationsAsync(resident.Page, "the resident's notices");

        await posted.GetByTestId("notice-withdraw").ClickAsync();
        await Expect(notice).ToHaveCountAsync(0);
    }

    private static Task Shot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserSession.ScreenshotFolder);
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotFolder, $"operations.{name}.png"), FullPage = true });
    }
}
