using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SecurityManagement.Tests.Web.Browser;

[Collection(BrowserTests.Name)]
public sealed class AdminTests(BrowserFixture fixture)
{
    [Fact]
    public async Task VisitorRegistersAdminApprovesAndTheNewResidentSignsIn()
    {
        await using var visitor = await fixture.NewSessionAsync(390, 844, "visitor");
        await using var admin = await fixture.NewSessionAsync(label: "admin");
        var phone = Support.Builders.NextPhone().Value;
        var name = $"New Resident {Guid.NewGuid():N}"[..20];

        await visitor.Page.GotoAsync("/account/register");
        await visitor.Page.GetByLabel("Phone number").FillAsync(phone);
        await visitor.Page.GetByLabel("Full name").FillAsync(name);
        await visitor.Page.GetByLabel("Flat").FillAsync("b-203");
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(visitor.Page.GetByTestId("registered")).ToContainTextAsync("An admin of the society must approve it");

        await visitor.Page.GotoAsync("/account/login");
        await visitor.Page.GetByLabel("Phone number").FillAsync(phone);
        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Expect(visitor.Page.Locator("#phone-error")).ToContainTextAsync("waiting for an admin's approval");

        await admin.SignInAsync("9000000002", "/admin");
        await admin.Page.GotoAsync("/admin/users");
        await admin.Page.Locator("main[data-interactive='true']").WaitForAsync();
        var pending = admin.Page.GetByTestId("pending-user").Filter(new() { HasText = name });
        await Expect(pending).ToContainTextAsync("B-203");
        await Accessibility.AssertNoSeriousViolationsAsync(admin.Page);
        await pending.GetByTestId("approve-user").ClickAsync();
        await Expect(pending).ToHaveCountAsync(0);

        await visitor.SignInAsync(phone, "/resident");
        await Expect(visitor.Page.GetByTestId("my-flat")).ToHaveTextAsync("B-203");
    }

    [Fact]
    public async Task AdminDeactivatesAResidentWhoseOpenPageLosesAccess()
    {
        var resident = Support.Builders.AUser(SecurityManagement.Core.Accounts.Role.Resident, "A-104", name: $"Leaving {Guid.NewGuid():N}"[..16]);
        await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<SecurityManagement.Core.Accounts.IUserStore>(fixture.App.Services).AddAsync(resident, null, TestContext.Current.CancellationToken);
        await using var residentSession = await fixture.NewSessionAsync(390, 844, "resident");
        await using var admin = await fixture.NewSessionAsync(label: "admin");
        await residentSession.SignInAsync(resident.Phone.Value, "/resident");
        await admin.SignInAsync("9000000001", "/admin");
        await admin.Page.GotoAsync("/admin/users");
        await admin.Page.Locator("main[data-interactive='true']").WaitForAsync();

        await admin.Page.GetByTestId("user-search").FillAsync(resident.FullName);
        // Wait for the server to answer the search: a click on a row that is about to be redrawn is lost.
        await Expect(admin.Page.GetByTestId("users").Locator("tbody tr")).ToHaveCountAsync(1);
        var row = admin.Page.GetByTestId("users").Locator("tbody tr").Filter(new() { HasText = resident.FullName });
        await row.GetByTestId("deactivate").ClickAsync();
        await admin.Page.GetByTestId("reason").FillAsync("Moved out");
        var clock = Stopwatch.StartNew();
        await admin.Page.GetByTestId("confirm").ClickAsync();

        await residentSession.Page.WaitForURLAsync("**/account/login?ReturnUrl=%2Fresident&signedOut=revoked", new() { Timeout = 5_000, WaitUntil = WaitUntilState.Commit });
        TestContext.Current.TestOutputHelper?.WriteLine($"Admin's click to the resident's page losing access: {clock.ElapsedMilliseconds} ms");
        await Expect(row).ToContainTextAsync("Deactivated");
    }

    [Fact]
    public async Task AdminFiltersTheLogToOneFlatAndTheDownloadedCsvMatchesTheTable()
    {
        await using var admin = await fixture.NewSessionAsync(label: "admin");
        await admin.SignInAsync("9000000002", "/admin");
        await admin.OpenInteractiveAsync("/admin/visits");

        await admin.Page.GetByTestId("log-flat").FillAsync("A-102");
        var rows = admin.Page.GetByTestId("visit-log").Locator("tbody tr");
        await Expect(rows.First).ToContainTextAsync("A-102");
        await Expect(admin.Page.GetByTestId("visit-log").Locator("tbody td[data-label=Flat]").Filter(new() { HasNotText = "A-102" })).ToHaveCountAsync(0);
        var tableVisitors = await admin.Page.GetByTestId("visit-log").Locator("tbody td[data-label=Visitor]").AllInnerTextsAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(admin.Page);

        var download = await admin.Page.RunAndWaitForDownloadAsync(() => admin.Page.GetByTestId("export").ClickAsync());
        var csv = await File.ReadAllLinesAsync(await download.PathAsync(), TestContext.Current.CancellationToken);

        Assert.StartsWith("visits-", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Equal("Arrived,Visitor,Phone,Purpose,Flat,Vehicle,Note,Status,Answered by,Entered,Left,Logged by,Gate,Exit gate", csv[0]);
        Assert.NotEmpty(tableVisitors);
        Assert.Equal(tableVisitors, csv.Skip(1).Select(line => line.Split(',')[1]));
        Assert.All(csv.Skip(1), line => Assert.Equal("A-102", line.Split(',')[4]));
    }

    [Fact]
    public async Task TheLogPagesOlderAndNewerFromWhereItStoppedAndRefusesATooShortSearchBesideItsField()
    {
        var store = fixture.App.Services.GetRequiredService<SecurityManagement.Core.Visits.IVisitStore>();
        var flat = $"P-{Random.Shared.Next(100, 999)}";
        await fixture.App.Services.GetRequiredService<SecurityManagement.Core.Flats.IFlatStore>().AddAsync(
            new SecurityManagement.Core.Flats.Flat(SecurityManagement.Core.Flats.FlatCode.Parse(flat), DateTimeOffset.UtcNow), null, TestContext.Current.CancellationToken);
        for (var i = 0; i < 55; i++)
        {
            await store.AddAsync(Support.Builders.AVisit(flat, DateTimeOffset.UtcNow.AddMinutes(-i), $"Paged Visitor {i:D2}"), null, TestContext.Current.CancellationToken);
        }

        await using var admin = await fixture.NewSessionAsync(label: "admin");
        await admin.SignInAsync("9000000002", "/admin");
        await admin.OpenInteractiveAsync("/admin/visits");
        await admin.Page.GetByTestId("log-flat").FillAsync(flat);
        var range = admin.Page.GetByTestId("log-range");
        await Expect(range).ToHaveTextAsync("1–50 of 55");
        await Expect(admin.Page.GetByTestId("log-newer")).ToBeDisabledAsync();

        await admin.Page.GetByTestId("log-older").ClickAsync();
        await Expect(range).ToHaveTextAsync("51–55 of 55");
        await Expect(admin.Page.GetByTestId("visit-log").Locator("tbody tr").First).ToContainTextAsync("Paged Visitor 50");
        await Expect(admin.Page.GetByTestId("log-older")).ToBeDisabledAsync();
        await admin.Page.GetByTestId("log-newer").ClickAsync();
        await Expect(range).ToHaveTextAsync("1–50 of 55");
        await Expect(admin.Page.GetByTestId("visit-log").Locator("tbody tr").First).ToContainTextAsync("Paged Visitor 00");

        await admin.Page.GetByLabel("Visitor name or phone").FillAsync("pa");
        await Expect(admin.Page.GetByText("Type at least 3 characters of a name, or the first 3 digits of a phone.")).ToBeVisibleAsync();
        await Expect(admin.Page.GetByTestId("export")).ToBeDisabledAsync();
        await admin.Page.GetByLabel("Visitor name or phone").FillAsync("aged visitor 5");
        await Expect(range).ToHaveTextAsync("1–5 of 5");
        await Accessibility.AssertNoSeriousViolationsAsync(admin.Page);
    }

    // The overview, users, flats, visits, audit and settings are checked at three sizes in HardeningBrowserTests.
    [Theory]
    [InlineData("/admin/gates")]
    [InlineData("/admin/helpers")]
    [InlineData("/admin/blocklist")]
    [InlineData("/admin/notices")]
    public async Task EveryAdminPagePassesTheAccessibilityCheck(string path)
    {
        await using var admin = await fixture.NewSessionAsync(label: path.Replace('/', '-'));
        await admin.SignInAsync("9000000001", "/admin");

        await admin.OpenInteractiveAsync(path);

        await Expect(admin.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(admin.Page);
    }
}
