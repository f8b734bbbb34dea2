using System.Net;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Web.Http;

public sealed class RouteAuthorizationTests : IAsyncLifetime
{
    // Each role route and the roles that may open it.
    public static readonly IReadOnlyDictionary<string, Role[]> Routes = new Dictionary<string, Role[]>
    {
        ["/guard"] = [Role.Guard],
        ["/inside"] = [Role.Guard, Role.Admin, Role.SuperAdmin],
        ["/resident"] = [Role.Resident],
        ["/admin"] = [Role.Admin, Role.SuperAdmin],
        ["/admin/users"] = [Role.Admin, Role.SuperAdmin],
        ["/admin/flats"] = [Role.Admin, Role.SuperAdmin],
        ["/admin/visits"] = [Role.Admin, Role.SuperAdmin],
        ["/admin/audit"] = [Role.Admin, Role.SuperAdmin],
        ["/admin/settings"] = [Role.SuperAdmin],
        ["/account/profile"] = [Role.Resident, Role.Guard, Role.Admin, Role.SuperAdmin],
    };

    private readonly AppFactory _app = new();
    private readonly AppFactory _withRoles = new(services: TestAuthHandler.Use);

    public static TheoryData<string> RoleRoutes() => [.. Routes.Keys];

    public static TheoryData<string, Role> EveryRouteAsEveryRole()
    {
        var data = new TheoryData<string, Role>();
        foreach (var route in Routes.Keys)
        {
            foreach (var role in Enum.GetValues<Role>())
            {
                data.Add(route, role);
            }
        }

        return data;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _withRoles.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(RoleRoutes))]
    public async Task AnonymousVisitorIsSentToSignInWithARelativeReturnUrl(string route)
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync(route, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/account/login?ReturnUrl={Uri.EscapeDataString(route)}", response.Headers.Location?.PathAndQuery);
    }

    [Theory]
    [MemberData(nameof(EveryRouteAsEveryRole))]
    public async Task EachRoleOpensOnlyItsOwnPages(string route, Role role)
    {
        var client = _withRoles.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(TestAuthHandler.RoleHeader, role.ToString());

        var response = await client.GetAsync(route, TestContext.Current.CancellationToken);

        Assert.Equal(Routes[route].Contains(role) ? HttpStatusCode.OK : HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/account/login")]
    [InlineData("/account/register")]
    [InlineData("/healthz")]
    public async Task PublicPagesOpenWithoutSigningIn(string route)
    {
        var response = await _app.CreateClient().GetAsync(route, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UnknownAddressAnswersNotFound()
    {
        var response = await _app.CreateClient().GetAsync("/no-such-page", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no page at this address.", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
