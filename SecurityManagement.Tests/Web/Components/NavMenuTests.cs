using Bunit;
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
        AddAuthorization().SetAuthorized("Ramesh Kumar").SetPolicies(Policies.Guard);

        Assert.Equal(["/", "/guard", "/account/profile"], Links());
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
        AddAuthorization().SetAuthorized("Arjun Mehta").SetPolicies(Policies.Admin);

        Assert.Equal(["/", "/admin", "/admin/users", "/admin/flats", "/admin/visits", "/admin/audit", "/account/profile"], Links());
    }

    [Fact]
    public void SuperAdminAlsoSeesSettings()
    {
        AddAuthorization().SetAuthorized("Sunita Rao").SetPolicies(Policies.Admin, Policies.SuperAdmin);

        Assert.Contains("/admin/settings", Links());
    }
}
