using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Visits;
using static Microsoft.Playwright.Assertions;

namespace SecurityManagement.Tests.Web.Browser;

/// <summary>What a new user hit in the first version: pass dates, long names, and every page's accessibility at every size.</summary>
[Collection(BrowserTests.Name)]
public sealed class HardeningBrowserTests(BrowserFixture fixture)
{
    // A 100-character name without a single space.
    private static readonly string LongName = string.Concat(Enumerable.Repeat("Venkataramanasubrahmanyam", 4));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<int, int> Sizes() => new() { { 390, 844 }, { 768, 1024 }, { 1366, 768 } };

    /// <summary>Fails when the page, once settled (MudBlazor re-lays tables out a moment after a resize), is wider than its window.</summary>
    private static async Task AssertWithinTheViewportAsync(IPage page, string what)
    {
        try
        {
            await page.WaitForFunctionAsync("() => document.documentElement.scrollWidth <= window.innerWidth", null, new() { Timeout = 3_000 });
        }
        catch (TimeoutException)
        {
            // Measured and reported below.
        }

        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"{what} is {widths[0]} px wide in a {widths[1]} px window.");
    }

    [Fact]
    public async Task AResidentMakesAGuestPassForTheDatesAPhonePickerSets()
    {
        await using var session = await fixture.NewSessionAsync(390, 844);
        var page = session.Page;
        await session.SignInAsync("9000000102", "/resident");
        var society = fixture.App.Services.GetRequiredService<SocietyOptions>();
        var tomorrow = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, society.TimeZone).Date.AddDays(1);

        await page.GetByLabel("Guest's name").FillAsync("Meera Iyer");
        await page.GetByLabel("Valid from").FillAsync($"{tomorrow:yyyy-MM-dd}T18:00");
        await page.GetByLabel("Valid until").FillAsync($"{tomorrow:yyyy-MM-dd}T10:00");
        await page.GetByTestId("create-pass").ClickAsync();
        await Expect(page.GetByText("The pass must end after it starts.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Choose a date and time.")).ToHaveCountAsync(0);

        await page.GetByLabel("Valid until").FillAsync($"{tomorrow:yyyy-MM-dd}T22:30");
        await page.GetByTestId("create-pass").ClickAsync();

        await Expect(page.GetByTestId("new-pass")).ToContainTextAsync($"Valid {tomorrow:d MMM} 18:00 to {tomorrow:d MMM} 22:30, one entry.");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task AHundredCharacterNameWithoutSpacesKeepsEveryScreenInsideItsWindow()
    {
        var users = fixture.App.Services.GetRequiredService<IUserStore>();
        var longResident = Support.Builders.AUser(Role.Resident, "B-204", name: LongName[..^2] + "Rs");
        await users.AddAsync(longResident, null, Ct);
        await using var guard = await fixture.NewSessionAsync(1024, 768, "guard");
        await using var resident = await fixture.NewSessionAsync(390, 844, "resident");
        await using var admin = await fixture.NewSessionAsync(1366, 768, "admin");
        await guard.SignInAsync("9000000012", "/guard");
        await resident.SignInAsync(longResident.Phone.Value, "/resident");
        await admin.SignInAsync("9000000002", "/admin");

        await GateScreens.LogVisitorAsync(guard.Page, LongName, "B-204");
        var request = resident.Page.GetByTestId("pending-request").Filter(new() { HasText = LongName });
        await Expect(request).ToBeVisibleAsync();
        await resident.Page.GetByLabel("Guest's name").FillAsync(LongName);
        await resident.Page.GetByTestId("create-pass").ClickAsync();
        await Expect(resident.Page.GetByTestId("new-pass")).ToContainTextAsync(LongName);
        await request.GetByTestId("deny").ClickAsync();
        await request.GetByTestId("deny-reason").FillAsync(new string('x', VisitService.MaxReasonLength));
        await request.GetByTestId("confirm-deny").ClickAsync();
        await Expect(resident.Page.GetByTestId("today-visit").Filter(new() { HasText = LongName })).ToContainTextAsync("Denied by");
        await admin.Page.GotoAsync("/admin/users");
        await Expect(admin.Page.GetByTestId("users")).ToContainTextAsync(longResident.FullName[..40]);
        await GateScreens.ShowBoardAsync(guard.Page, "done");
        await Expect(guard.Page.GetByTestId("board-done")).ToContainTextAsync(LongName[..40]);

        await AssertWithinTheViewportAsync(guard.Page, "The guard's tablet (landscape)");
        await AssertWithinTheViewportAsync(resident.Page, "The resident's phone");
        await AssertWithinTheViewportAsync(admin.Page, "The users screen");
        await guard.Page.SetViewportSizeAsync(768, 1024);
        await AssertWithinTheViewportAsync(guard.Page, "The guard's tablet (portrait)");
        await admin.Page.SetViewportSizeAsync(390, 844);
        await AssertWithinTheViewportAsync(admin.Page, "The users screen on a phone");
        await admin.Page.GotoAsync("/admin/visits");
        await Expect(admin.Page.GetByTestId("visit-log")).ToContainTextAsync(LongName[..40]);
        await AssertWithinTheViewportAsync(admin.Page, "The visit log on a phone");
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task EveryPageIsFreeOfSeriousAccessibilityProblemsAtThisSize(int width, int height)
    {
        var pages = new (string? Phone, string Home, string[] Paths)[]
        {
            (null, "/", ["/", "/account/login", "/account/register", "/account/access-denied", "/no-such-page"]),
            ("9000000011", "/guard", ["/guard", "/inside", "/account/profile"]),
            ("9000000101", "/resident", ["/resident"]),
            ("9000000001", "/admin", ["/admin", "/admin/users", "/admin/flats", "/admin/visits", "/admin/audit", "/admin/settings"]),
        };
        // Each person's pages in their own browser session, the four side by side: the server waits on the browser's checks.
        await Task.WhenAll(pages.Select(async person =>
        {
            var (phone, home, paths) = person;
            await using var session = await fixture.NewSessionAsync(width, height, phone ?? "anonymous");
            if (phone is not null)
            {
                await session.SignInAsync(phone, home);
            }

            foreach (var path in paths)
            {
                await session.Page.GotoAsync(path);
                await session.Page.Locator("main").First.WaitForAsync();
                if (path.StartsWith("/admin", StringComparison.Ordinal) || path is "/guard" or "/inside" or "/resident" or "/" or "/account/profile")
                {
                    await session.Page.Locator("main[data-interactive='true']").WaitForAsync();
                    await session.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                }

                await Accessibility.AssertNoSeriousViolationsAsync(session.Page, $"{path} at {width}×{height}");
                await AssertWithinTheViewportAsync(session.Page, $"{path} at {width}×{height}");
            }
        }));
    }
}
