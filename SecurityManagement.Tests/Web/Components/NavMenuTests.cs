using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SecurityManagement.Tests.Support;
using SecurityManagement.Web.Components.Account;
using SecurityManagement.Web.Components.Layout;

namespace SecurityManagement.Tests.Web.Components;

public sealed class NavMenuTests : BunitContext
{
    public NavMenuTests() => this.AddTestServices();

    private List<string> Links() =>
        Render<NavMenu>().FindAll("a").Select(a => a.GetAttribute("href") ?? "").ToList();

    [Fact]
    public void AnonymousVisitorSeesHomeAndSignInOnly()
    {
        AddAuthorization();

        Assert.Equal(["/", "/account/login"], Links());
    }

    [Fact]
    public void GuardSeesTheGateButNoAdministration()
    {
        AddAuthorization().SetAuthorized("Ramesh Kumar").SetPolicies(Policies.Guard, Policies.Staff);

        Assert.Equal(["/", "/guard", "/inside", "/account/profile"], Links());
    }

    [Fact]
    public void ResidentSeesTheirFlat()
    {
        AddAuthorization().SetAuthorized("Priya Sharma").SetPolicies(Policies.Resident);

        Assert.Equal(["/", "/resident", "/account/profile"], Links());
    }

    [Fact]
    public void AdminSeesAdministrationWithoutSettings()
    {
        AddAuthorization().SetAuthorized("Arjun Mehta").SetPolicies(Policies.Admin, Policies.Staff);

        Assert.Equal(["/", "/inside", "/admin", "/admin/users", "/admin/flats", "/admin/gates", "/admin/helpers", "/admin/blocklist", "/admin/notices", "/admin/visits", "/admin/audit", "/account/profile"], Links());
    }

    [Fact]
    public void TheLinkToThePageOnScreenIsMarkedCurrentAndFollowsNavigation()
    {
        AddAuthorization().SetAuthorized("Arjun Mehta").SetPolicies(Policies.Admin, Policies.Staff);
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo("/admin/visits");
        var cut = Render<NavMenu>();
        string[] Current() => [.. cut.FindAll("a[aria-current=page]").Select(a => a.GetAttribute("href") ?? "")];

        Assert.Equal(["/admin/visits"], Current());

        cut.InvokeAsync(() => navigation.NavigateTo("/admin"));
        cut.WaitForAssertion(() => Assert.Equal(["/admin"], Current()));
    }

    [Fact]
    public void SuperAdminAlsoSeesSettings()
    {
        AddAuthorization().SetAuthorized("Sunita Rao").SetPolicies(Policies.Admin, Policies.SuperAdmin, Policies.Staff);

        Assert.Contains("/admin/settings", Links());
    }
}
