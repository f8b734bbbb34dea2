using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SecurityManagement.Tests.Web.Browser;

/// <summary>
/// The app in the guard's language: every screen in Hindi with nothing left in English but data, the
/// choice kept across sign-outs and devices, and Core's refusals in Hindi beside their fields. Each test
/// signs in people of its own: a language chosen is kept in the account, which the demo accounts other
/// tests use must not be.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class LanguageTests(BrowserFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Where the Hindi screens are saved for a person to look at.</summary>
    public static string HindiScreens => Path.Combine(BrowserSession.ScreenshotFolder, "hindi");

    [Fact]
    public async Task EveryScreenInHindiSaysLangHiAndHasNoEnglishLeftButData()
    {
        var guard = await AddAsync(Role.Guard);
        var resident = await AddAsync(Role.Resident);
        var superAdmin = await AddAsync(Role.SuperAdmin);
        var visits = new[] { "Hindi Check Visitor" };
        var screens = new (User? Who, string Home, string[] Paths, int Width, int Height)[]
        {
            (null, "/account/login", ["/account/login", "/account/register", "/account/access-denied", "/no-such-page"], 390, 844),
            (guard, "/guard", ["/guard", "/inside", "/", "/account/profile"], 1024, 768),
            (resident, "/resident", ["/resident"], 390, 844),
            (superAdmin, "/admin", ["/admin", "/admin/users", "/admin/flats", "/admin/gates", "/admin/helpers", "/admin/blocklist", "/admin/notices", "/admin/visits", "/admin/audit", "/admin/settings"], 1366, 768),
        };
        Directory.CreateDirectory(HindiScreens);
        var faults = new List<string>();
        foreach (var (who, home, paths, width, height) in screens)
        {
            await using var session = await fixture.NewSessionAsync(width, height, who?.Role.ToString() ?? "anonymous", language: "hi");
            if (who is not null)
            {
                await session.SignInAsync(who.Phone.Value, home);
            }

            if (who?.Role == Role.Guard)
            {
                await GateScreens.LogVisitorAsync(session.Page, visits[0], "A-101");
                await Expect(session.Page.Locator(".visit-card-fresh")).ToBeVisibleAsync();
            }

            foreach (var path in paths)
            {
                await session.Page.GotoAsync(path);
                if (who is not null && !path.StartsWith("/account/access", StringComparison.Ordinal))
                {
                    await session.Page.Locator("main[data-interactive='true']").WaitForAsync();
                    await session.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                }

                Assert.Equal("hi", await session.Page.GetAttributeAsync("html", "lang"));
                faults.AddRange(UntranslatedText.In(await session.Page.ContentAsync(), visits).Select(text => $"{path}: {text}"));
                await session.Page.ScreenshotAsync(new() { Path = Path.Combine(HindiScreens, $"{(path == "/" ? "home" : path.Trim('/').Replace('/', '-'))}.png"), FullPage = true });
            }

            if (who?.Role == Role.SuperAdmin)
            {
                // A dialog too: its title, fields and buttons.
                await session.Page.GotoAsync("/admin/users");
                await session.Page.Locator("main[data-interactive='true']").WaitForAsync();
                await session.Page.GetByTestId("new-user").ClickAsync();
                await session.Page.GetByTestId("save-user").ClickAsync();
                await Expect(session.Page.Locator(".mud-dialog .mud-input-error").First).ToBeVisibleAsync();
                faults.AddRange(UntranslatedText.In(await session.Page.ContentAsync(), visits).Select(text => $"new-user dialog: {text}"));
                await session.Page.ScreenshotAsync(new() { Path = Path.Combine(HindiScreens, "admin-users-new.png") });
            }
        }

        Assert.True(faults.Count == 0, "English left on Hindi screens:" + Environment.NewLine + string.Join(Environment.NewLine, faults));
    }

    [Fact]
    public async Task TheLanguageChosenOnTheSignInPageSurvivesSignOutAndSignInAndFollowsTheAccount()
    {
        var guard = await AddAsync(Role.Guard);
        await using (var tablet = await fixture.NewSessionAsync(1024, 768, "tablet"))
        {
            await tablet.Page.GotoAsync("/account/login");
            Assert.Equal("en", await tablet.Page.GetAttributeAsync("html", "lang"));

            await tablet.Page.GetByTestId("language-hi").ClickAsync();
            await Expect(tablet.Page.Locator("html")).ToHaveAttributeAsync("lang", "hi");
            await Expect(tablet.Page.Locator("h1")).ToHaveTextAsync("साइन इन");

            await tablet.SignInAsync(guard.Phone.Value, "/guard");
            await Expect(tablet.Page.Locator("html")).ToHaveAttributeAsync("lang", "hi");
            await Expect(tablet.Page.Locator("h1")).ToHaveTextAsync("गेट");
            await tablet.Page.GetByTestId("sign-out").ClickAsync();
            await tablet.Page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
            await Expect(tablet.Page.Locator("html")).ToHaveAttributeAsync("lang", "hi");

            await tablet.SignInAsync(guard.Phone.Value, "/guard");
            await Expect(tablet.Page.Locator("h1")).ToHaveTextAsync("गेट");
        }

        // Another device that never chose: the account's language comes with the sign-in.
        await using var phone = await fixture.NewSessionAsync(390, 844, "another-device");
        await phone.Page.GotoAsync("/account/login");
        Assert.Equal("en", await phone.Page.GetAttributeAsync("html", "lang"));
        await phone.SignInAsync(guard.Phone.Value, "/guard");
        await Expect(phone.Page.Locator("html")).ToHaveAttributeAsync("lang", "hi");

        // And back to English from the profile, for this device and the account.
        await phone.Page.GotoAsync("/account/profile");
        await phone.Page.Locator("main[data-interactive='true']").WaitForAsync();
        await phone.Page.GetByTestId("language-en").ClickAsync();
        await Expect(phone.Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        Assert.Equal("en", (await fixture.App.Services.GetRequiredService<IUserStore>().GetAsync(guard.Id, Ct))!.Language);
    }

    [Fact]
    public async Task ACoreValidationErrorAppearsInHindiBesideItsFieldAndNothingIsLogged()
    {
        var guard = await AddAsync(Role.Guard);
        await using var tablet = await fixture.NewSessionAsync(768, 1024, "tablet", language: "hi");
        await tablet.SignInAsync(guard.Phone.Value, "/guard");
        var waiting = await tablet.Page.GetByTestId("count-waiting").InnerTextAsync();

        await tablet.Page.GetByTestId("visitor-phone").FillAsync("98765");
        await tablet.Page.GetByTestId("visitor-name").FillAsync("Galat Number");
        await tablet.Page.GetByTestId("visit-flat").FillAsync("Z-999");
        await tablet.Page.GetByTestId("ask-flat").ClickAsync();

        var phone = tablet.Page.GetByTestId("visitor-phone");
        await Expect(phone).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(tablet.Page.Locator("#visitor-phone-error")).ToHaveTextAsync("फ़ोन नंबर में ठीक 10 अंक होते हैं; इसमें 5 हैं।");
        await Expect(tablet.Page.Locator("#visit-flat-error")).ToHaveTextAsync("सोसाइटी की सूची में Z-999 नाम का कोई फ़्लैट नहीं है।");
        await Expect(tablet.Page.Locator("#purpose-error")).ToHaveTextAsync("चुनें कि विज़िट किस काम से है।");
        Assert.Equal("visitor-phone-error", await phone.GetAttributeAsync("aria-describedby"));
        await Expect(tablet.Page.GetByTestId("count-waiting")).ToHaveTextAsync(waiting);
    }

    [Theory]
    [InlineData(1024, 768)]
    [InlineData(768, 1024)]
    public async Task TheCardJustAskedAboutIsInViewWithoutScrollingNewestFirstAndEveryButtonIsBigEnough(int width, int height)
    {
        var guard = await AddAsync(Role.Guard);
        await using var tablet = await fixture.NewSessionAsync(width, height, $"tablet-{width}x{height}");
        await tablet.SignInAsync(guard.Phone.Value, "/guard");
        await AssertEveryButtonIsAtLeast48PixelsHighAsync(tablet.Page, "before asking");

        var first = $"First {Guid.NewGuid():N}"[..14];
        var second = $"Second {Guid.NewGuid():N}"[..15];
        await GateScreens.LogVisitorAsync(tablet.Page, first, "A-102");
        await Expect(tablet.Page.Locator(".visit-card-fresh")).ToContainTextAsync(first);
        await GateScreens.LogVisitorAsync(tablet.Page, second, "A-102");
        var fresh = tablet.Page.Locator(".visit-card-fresh");
        await Expect(fresh).ToContainTextAsync(second);

        var place = await tablet.Page.EvaluateAsync<double[]>(
            "() => { const r = document.querySelector('.visit-card-fresh').getBoundingClientRect(); return [r.top, r.bottom, innerHeight, scrollY]; }");
        var (top, bottom, viewport, scrolled) = (place[0], place[1], place[2], place[3]);
        Assert.True(scrolled == 0 && top >= 0 && bottom <= viewport, $"The new card is at {top}–{bottom} of a {viewport} px window scrolled by {scrolled}");
        await Expect(tablet.Page.GetByTestId("board-waiting").GetByTestId("visit-card").First).ToContainTextAsync(second);
        await Expect(tablet.Page.GetByTestId("tab-waiting")).ToHaveAttributeAsync("aria-selected", "true");
        await AssertEveryButtonIsAtLeast48PixelsHighAsync(tablet.Page, "after asking");
        await Accessibility.AssertNoSeriousViolationsAsync(tablet.Page, $"the gate at {width}×{height}");
    }

    private static async Task AssertEveryButtonIsAtLeast48PixelsHighAsync(IPage page, string when)
    {
        var small = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('button, [role=tab], a.mud-button-root, summary')]
                .filter(b => b.offsetParent !== null)
                .map(b => [b.innerText.trim() || b.getAttribute('aria-label') || b.outerHTML.slice(0, 60), b.getBoundingClientRect().height])
                .filter(([, height]) => height < 48)
                .map(([name, height]) => `${name}: ${Math.round(height)} px`)
            """);
        Assert.True(small.Length == 0, $"Tap targets under 48 px {when}: {string.Join("; ", small)}");
    }

    private async Task<User> AddAsync(Role role)
    {
        var user = Builders.AUser(role, "A-101", name: $"Bhasha {role} {Guid.NewGuid():N}"[..24]);
        await fixture.App.Services.GetRequiredService<IUserStore>().AddAsync(user, null, Ct);
        return user;
    }
}
