using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecurityManagement.Core;
using static Microsoft.Playwright.Assertions;

namespace SecurityManagement.Tests.Web.Browser;

/// <summary>The everyday traffic through the gate: regular visitors with codes, parcels left at the gate, daily help.</summary>
[Collection(BrowserTests.Name)]
public sealed class DailyTrafficTests(BrowserFixture fixture)
{
    [Fact]
    public async Task ARegularIsLetInByCodeInsideTheirDaysAndTheFlatIsAskedOutsideThem()
    {
        await using var resident = await fixture.NewSessionAsync(390, 844, "resident");
        await using var guard = await fixture.NewSessionAsync(1024, 768, "guard");
        await resident.SignInAsync("9000000103", "/resident");
        await guard.SignInAsync("9000000011", "/guard");
        var society = fixture.App.Services.GetRequiredService<SocietyOptions>();
        var tomorrow = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, society.TimeZone).AddDays(1).DayOfWeek;
        var grandmother = $"Dadi {Guid.NewGuid():N}"[..14];
        var tutor = $"Tutor {Guid.NewGuid():N}"[..14];

        // Grandmother comes any day at any time; half an hour of hours is refused beside its field first.
        var page = resident.Page;
        await page.GetByTestId("guest-name").FillAsync(grandmother);
        await page.GetByLabel("Guest's phone (optional)").FillAsync(Support.Builders.NextPhone().Value);
        await page.Locator("input[name=pass-usage][value=Regular]").CheckAsync();
        await page.GetByTestId("hours-from").FillAsync("07:00");
        await page.GetByTestId("create-pass").ClickAsync();
        await Expect(page.GetByText("Give both times, or neither for all day.")).ToBeVisibleAsync();
        await page.GetByTestId("hours-from").FillAsync("");
        await page.GetByTestId("create-pass").ClickAsync();
        await Expect(page.GetByTestId("new-pass")).ToContainTextAsync(grandmother);
        var grandmothersCode = await page.GetByTestId("new-pass-code").InnerTextAsync();
        await Expect(page.GetByTestId("new-pass")).ToContainTextAsync("Valid every day, all day, until");
        await Shot(page, "resident-regular");

        // The tutor comes only tomorrow, 16:00 to 18:00.
        await page.GetByTestId("guest-name").FillAsync(tutor);
        await page.GetByLabel("Guest's phone (optional)").FillAsync(Support.Builders.NextPhone().Value);
        await page.Locator("input[name=pass-usage][value=Regular]").CheckAsync();
        await page.Locator($"[data-testid=regular-days] input[data-day={tomorrow}]").CheckAsync();
        await page.GetByTestId("hours-from").FillAsync("16:00");
        await page.GetByTestId("hours-until").FillAsync("18:00");
        await page.GetByTestId("create-pass").ClickAsync();
        await Expect(page.GetByTestId("new-pass")).ToContainTextAsync(tutor);
        var tutorsCode = await page.GetByTestId("new-pass-code").InnerTextAsync();
        await Expect(page.GetByTestId("pass").Filter(new() { HasText = tutor })).ToContainTextAsync("16:00–18:00");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the resident's regular visitors");

        // At the gate: grandmother's code lets her in at once; the tutor's, on the wrong day, asks the flat.
        await guard.Page.GetByTestId("pass-code").FillAsync(grandmothersCode);
        await guard.Page.GetByTestId("admit").ClickAsync();
        await Expect(Card(guard.Page, "board-approved", grandmother)).ToBeVisibleAsync();
        await Expect(page.GetByTestId("pending-request").Filter(new() { HasText = grandmother })).ToHaveCountAsync(0);

        await guard.Page.GetByTestId("pass-code").FillAsync(tutorsCode);
        await guard.Page.GetByTestId("admit").ClickAsync();
        await Expect(guard.Page.GetByText($"{tutor} is outside their days and hours: A-102 is being asked.")).ToBeVisibleAsync();
        await Expect(Card(guard.Page, "board-waiting", tutor)).ToBeVisibleAsync();
        await Expect(page.GetByTestId("pending-request").Filter(new() { HasText = tutor })).ToBeVisibleAsync();
        await Shot(guard.Page, "guard-regular-asked");
    }

    [Fact]
    public async Task AParcelLeftAtTheGateIsCollected()
    {
        await using var resident = await fixture.NewSessionAsync(390, 844, "resident");
        await using var guard = await fixture.NewSessionAsync(768, 1024, "guard");
        await resident.SignInAsync("9000000201", "/resident");
        await guard.SignInAsync("9000000012", "/guard");
        var amazon = $"Amazon {Guid.NewGuid():N}"[..14];
        var flipkart = $"Flipkart {Guid.NewGuid():N}"[..16];

        // Vikram's flat keeps its deliveries at the gate.
        var page = resident.Page;
        await page.GetByTestId("leave-deliveries").CheckAsync();
        await Expect(page.GetByText("Deliveries for your flat will be kept at the gate.")).ToBeVisibleAsync();

        // The guard logs the Amazon rider for B-201, is told, and keeps the parcel instead; an empty name is said first.
        await GateScreens.FillVisitorAsync(guard.Page, "x", "B-201");
        await guard.Page.GetByTestId("visitor-name").FillAsync("");
        await guard.Page.Locator("[data-purpose=Delivery]").ClickAsync();
        await Expect(guard.Page.GetByTestId("leave-at-gate")).ToContainTextAsync("B-201 asks for deliveries to be left at the gate.");
        await guard.Page.GetByTestId("keep-parcel").ClickAsync();
        await Expect(guard.Page.GetByText("Enter the company.")).ToBeVisibleAsync();
        await guard.Page.GetByTestId("visitor-name").FillAsync(amazon);
        await guard.Page.GetByTestId("keep-parcel").ClickAsync();
        await Expect(guard.Page.GetByText($"Parcel for B-201 from {amazon} kept at the gate; the flat is told.")).ToBeVisibleAsync();
        await KeepAsync(guard.Page, flipkart);
        var board = guard.Page.GetByTestId("gate-parcel");
        await Expect(board.Filter(new() { HasText = amazon })).ToContainTextAsync("B-201");
        await Shot(guard.Page, "guard-parcels");

        // Vikram sees both, live, and collects the Amazon one; the gate's board drops it.
        var parcel = page.GetByTestId("parcel").Filter(new() { HasText = amazon });
        await Expect(parcel).ToHaveAttributeAsync("data-waiting", "true");
        await parcel.GetByTestId("parcel-collect").ClickAsync();
        await Expect(parcel.GetByTestId("parcel-collected")).ToContainTextAsync("Vikram");
        await Expect(board.Filter(new() { HasText = amazon })).ToHaveCountAsync(0);

        // His driver takes the Flipkart one; the guard marks it, and Vikram's list says so.
        await board.Filter(new() { HasText = flipkart }).GetByTestId("gate-parcel-collect").ClickAsync();
        await Expect(page.GetByTestId("parcel").Filter(new() { HasText = flipkart }).GetByTestId("parcel-collected")).ToContainTextAsync("Suresh Yadav");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the resident's parcels");
        await Shot(page, "resident-parcels");

        await page.GetByTestId("leave-deliveries").UncheckAsync();
        await Expect(page.GetByText("Delivery riders will be sent up as usual.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AHelperChecksInAndOutByCodeAndTheAttendanceShowsBothTimes()
    {
        await using var resident = await fixture.NewSessionAsync(390, 844, "resident");
        await using var guard = await fixture.NewSessionAsync(1024, 768, "guard");
        await resident.SignInAsync("9000000102", "/resident");
        await guard.SignInAsync("9000000011", "/guard");
        var name = $"Kamla {Guid.NewGuid():N}"[..14];

        // Rahul adds the flat's maid; a missing name is said beside its field first.
        var page = resident.Page;
        await page.GetByTestId("helper-new").ClickAsync();
        await page.GetByTestId("helper-phone").FillAsync(Support.Builders.NextPhone().Value);
        await page.Locator("[data-helper-kind=Maid]").ClickAsync();
        await page.GetByTestId("helper-add").ClickAsync();
        await Expect(page.GetByText("Enter the helper's name.")).ToBeVisibleAsync();
        await page.GetByTestId("helper-name").FillAsync(name);
        await page.GetByTestId("helper-add").ClickAsync();
        var card = page.GetByTestId("helper").Filter(new() { HasText = name });
        await Expect(card.GetByTestId("helper-today")).ToHaveTextAsync("Not in today");
        var code = await card.GetByTestId("helper-code").InnerTextAsync();
        await card.GetByTestId("helper-notify").CheckAsync();

        // At the gate: the code finds her, one tap lets her in; Rahul's screen says so, live.
        await guard.Page.GetByTestId("helper-find").FillAsync(code);
        await guard.Page.GetByTestId("helper-result").Filter(new() { HasText = name }).GetByTestId("helper-in").ClickAsync();
        await Expect(guard.Page.GetByText($"{name} is in.")).ToBeVisibleAsync();
        var inside = guard.Page.GetByTestId("helper-inside").Filter(new() { HasText = name });
        await Expect(inside).ToContainTextAsync("A-101");
        await Expect(card.GetByTestId("helper-today")).ToContainTextAsync("In since");
        await Shot(guard.Page, "guard-helper-inside");

        // She leaves: one tap on the inside list.
        await inside.GetByTestId("helper-inside-out").ClickAsync();
        await Expect(guard.Page.GetByText($"{name} is out.")).ToBeVisibleAsync();
        await Expect(inside).ToHaveCountAsync(0);
        await Expect(card.GetByTestId("helper-today")).ToContainTextAsync(", out ");

        // Her month: today's square shows when she came and went.
        await card.GetByTestId("helper-attendance").ClickAsync();
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, fixture.App.Services.GetRequiredService<SocietyOptions>().TimeZone);
        var square = card.Locator($"[data-testid=attendance-calendar] td.attended[data-day='{today.Day}']");
        await Expect(square.Locator(".helper-calendar-time")).ToHaveCountAsync(2);
        await Expect(card.GetByTestId("attendance-calendar")).ToContainTextAsync("came on 1 day");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the resident's daily help");
        await Shot(page, "resident-helper-attendance");
    }

    [Fact]
    public async Task AHelperAnAdminRemovedNoLongerOpensTheGate()
    {
        await using var resident = await fixture.NewSessionAsync(390, 844, "resident");
        await using var admin = await fixture.NewSessionAsync(1280, 800, "admin");
        await using var guard = await fixture.NewSessionAsync(768, 1024, "guard");
        await resident.SignInAsync("9000000103", "/resident");
        await admin.SignInAsync("9000000002", "/admin");
        await guard.SignInAsync("9000000012", "/guard");
        var name = $"Driver {Guid.NewGuid():N}"[..15];

        await resident.Page.GetByTestId("helper-new").ClickAsync();
        await resident.Page.GetByTestId("helper-name").FillAsync(name);
        await resident.Page.GetByTestId("helper-phone").FillAsync(Support.Builders.NextPhone().Value);
        await resident.Page.Locator("[data-helper-kind=Driver]").ClickAsync();
        await resident.Page.GetByTestId("helper-add").ClickAsync();
        var card = resident.Page.GetByTestId("helper").Filter(new() { HasText = name });
        var code = await card.GetByTestId("helper-code").InnerTextAsync();

        await admin.OpenInteractiveAsync("/admin/helpers");
        await admin.Page.Locator("input[data-testid=helpers-search], [data-testid=helpers-search] input").FillAsync(name[7..]);
        var entry = admin.Page.GetByTestId("directory-helper").Filter(new() { HasText = name });
        await Expect(entry).ToContainTextAsync("Works for A-102");
        await Shot(admin.Page, "admin-helpers");
        await entry.GetByTestId("directory-remove").ClickAsync();
        await entry.GetByTestId("directory-remove-confirm").ClickAsync();
        await Expect(admin.Page.GetByText($"{name} was removed from the directory.")).ToBeVisibleAsync();
        await Expect(card).ToHaveCountAsync(0);

        await guard.Page.GetByTestId("helper-find").FillAsync(code);
        await Expect(guard.Page.GetByTestId("helper-none")).ToHaveTextAsync("No helper with that code or name.");
        await Expect(guard.Page.GetByTestId("helper-in")).ToHaveCountAsync(0);
    }

    private static async Task KeepAsync(IPage guard, string company)
    {
        await GateScreens.FillVisitorAsync(guard, company, "B-201");
        await guard.Locator("[data-purpose=Delivery]").ClickAsync();
        await guard.GetByTestId("keep-parcel").ClickAsync();
        await Expect(guard.GetByText($"Parcel for B-201 from {company} kept at the gate; the flat is told.")).ToBeVisibleAsync();
    }

    private static ILocator Card(IPage guard, string board, string name) =>
        guard.GetByTestId(board).GetByTestId("visit-card").Filter(new() { HasText = name });

    private static Task Shot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserSession.ScreenshotFolder);
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotFolder, $"daily.{name}.png"), FullPage = true });
    }
}
