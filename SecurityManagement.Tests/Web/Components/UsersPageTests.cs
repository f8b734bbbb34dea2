using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Live;
using SecurityManagement.Tests.Support;
using SecurityManagement.Web.Components.Account;
using SecurityManagement.Web.Components.Pages.Admin;

namespace SecurityManagement.Tests.Web.Components;

public sealed class UsersPageTests : BunitContext, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private CoreHarness _core = null!;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreHarness.CreateAsync();
        this.AddTestServices();
        Services.AddSingleton(new SocietyOptions("Test Society", TimeZoneInfo.Utc));
        Services.AddSingleton(_core.Users);
        Services.AddSingleton(_core.Accounts);
        Services.AddSingleton<ILiveEvents>(_core.Live);
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await _core.DisposeAsync();
    }

    private async Task<User> SignInAsAsync(Role role)
    {
        var user = await _core.AddUserAsync(role);
        var session = await _core.SignInAsync(user);
        AddAuthorization().SetAuthorized(user.FullName).SetRoles(role.ToString()).SetClaims(
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new Claim(UserPrincipal.StampClaim, user.SecurityStamp),
            new Claim(UserPrincipal.SessionClaim, session.SessionId!.Value.ToString()));
        return user;
    }

    private IRenderedComponent<Users> RenderPage()
    {
        Render<MudPopoverProvider>();
        return Render<Users>();
    }

    private static List<string> Names(IRenderedComponent<Users> cut) =>
        [.. cut.FindAll("[data-testid=users] tbody tr td[data-label=Name]").Select(td => td.TextContent.Trim())];

    [Fact]
    public async Task SearchAndFlatFilterNarrowTheTableOnTheServer()
    {
        await SignInAsAsync(Role.Admin);
        await _core.Storage.Users.AddAsync(Builders.AUser(name: "Priya Sharma", flat: "A-101"), null, Xunit.TestContext.Current.CancellationToken);
        await _core.Storage.Users.AddAsync(Builders.AUser(name: "Neha Gupta", flat: "A-102"), null, Xunit.TestContext.Current.CancellationToken);
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Contains("Neha Gupta", Names(cut)), Wait);

        await cut.Find("[data-testid=user-search]").InputAsync(new() { Value = "priya" });
        cut.WaitForAssertion(() => Assert.Equal(["Priya Sharma"], Names(cut)), Wait);

        await cut.Find("[data-testid=user-search]").InputAsync(new() { Value = "" });
        await cut.Find("[data-testid=flat-filter]").InputAsync(new() { Value = "a-102" });
        cut.WaitForAssertion(() => Assert.Equal(["Neha Gupta"], Names(cut)), Wait);
    }

    [Fact]
    public async Task PendingRegistrationsComeFirstAndApprovalLetsThemIn()
    {
        await SignInAsAsync(Role.Admin);
        var kavya = Builders.AUser(name: "Kavya Nair", status: UserStatus.PendingApproval);
        await _core.Storage.Users.AddAsync(kavya, null, Xunit.TestContext.Current.CancellationToken);
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Contains("Kavya Nair", cut.Find("[data-testid=pending-user]").TextContent, StringComparison.Ordinal), Wait);

        cut.Find("[data-testid=approve-user]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=pending-user]")), Wait);
        Assert.Equal(UserStatus.Active, (await _core.Storage.Users.GetAsync(kavya.Id, Xunit.TestContext.Current.CancellationToken))!.Status);
    }

    [Fact]
    public async Task CreateUserDialogShowsEveryMistakeBesideItsField()
    {
        await SignInAsAsync(Role.Admin);
        var provider = Render<MudDialogProvider>();
        var cut = RenderPage();

        cut.Find("[data-testid=new-user]").Click();
        provider.WaitForElement("[data-testid=save-user]", Wait).Click();

        provider.WaitForAssertion(() =>
        {
            var errors = provider.FindAll(".mud-input-helper-text.mud-input-error").Select(e => e.TextContent.Trim()).ToList();
            Assert.Contains("Enter a phone number.", errors);
            Assert.Contains("Enter the full name.", errors);
            Assert.Contains("Enter a flat, e.g. A-101.", errors);
        }, Wait);
        Assert.Equal(1, (await _core.Storage.Users.ListAsync(new UserFilter(), new PageRequest(0, 10), Xunit.TestContext.Current.CancellationToken)).Total);
    }

    [Theory]
    [InlineData(Role.Guard)]
    [InlineData(Role.Resident)]
    public async Task GuardOrResidentGetsNoUsersEvenIfThePageRenders(Role role)
    {
        await SignInAsAsync(role);
        await _core.Storage.Users.AddAsync(Builders.AUser(name: "Secret Person"), null, Xunit.TestContext.Current.CancellationToken);
        var snackbar = Render<MudSnackbarProvider>();

        var cut = RenderPage();

        snackbar.WaitForAssertion(() => Assert.Contains("Only admins manage users.", snackbar.Markup, StringComparison.Ordinal), Wait);
        Assert.DoesNotContain("Secret Person", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InHindiTheUsersPageHasNoEnglishButData()
    {
        await SignInAsAsync(Role.SuperAdmin);
        await _core.Storage.Users.AddAsync(Builders.AUser(name: "Kavya Nair", flat: "A-102", status: UserStatus.PendingApproval), null, Xunit.TestContext.Current.CancellationToken);
        var hindi = SecurityManagement.Web.Localization.Languages.Find("hi")!;
        var (culture, uiCulture) = (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture);
        (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture) = (hindi, hindi);
        try
        {
            var cut = RenderPage();

            cut.WaitForAssertion(() => Assert.Contains("Kavya Nair", cut.Find("[data-testid=pending-user]").TextContent, StringComparison.Ordinal), Wait);
            cut.WaitForAssertion(() => Assert.Contains("मंज़ूरी बाकी", cut.Markup, StringComparison.Ordinal), Wait);
            Assert.Empty(UntranslatedText.In(cut.Markup));
        }
        finally
        {
            (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }
}
