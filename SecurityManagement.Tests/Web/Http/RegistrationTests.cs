using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Web.Http;

public sealed class RegistrationTests : IAsyncLifetime
{
    private readonly AppFactory _app = new("Production");
    private FormClient _browser = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _browser = new FormClient(_app);

        // Production has no demo seed: a resident brings flat A-101 into the directory.
        await _app.AddUserAsync(Role.Resident, flat: "A-101");
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private Task<HttpResponseMessage> PostDetailsAsync(string phone, string name, string flat, params (string, string?)[] extra) =>
        _browser.PostAsync("/account/register", "register",
            [("Details.Phone", phone), ("Details.FullName", name), ("Details.Flat", flat), .. extra]);

    [Fact]
    public async Task ResidentRegistersWithATextedCodeAndWaitsForApproval()
    {
        var sent = await PostDetailsAsync("9123400001", "Kavya Nair", "a-101");
        var done = await _browser.PostAsync("/account/register", "register",
            ("Details.Step", "code"), ("Details.Phone", "9123400001"), ("Details.FullName", "Kavya Nair"), ("Details.Flat", "a-101"),
            ("Details.Code", _app.Sms.LastCodeFor("9123400001")));

        Assert.Contains("We sent a 6-digit code to ••••••0001.", WebUtility.HtmlDecode(await sent.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        Assert.Contains("An admin of the society must approve it", await done.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var user = await _app.Services.GetRequiredService<IUserStore>().GetByPhoneAsync(PhoneNumber.Parse("9123400001"), Ct);
        Assert.Equal((Role.Resident, UserStatus.PendingApproval, "A-101"), (user!.Role, user.Status, user.Flat?.Value));
    }

    [Fact]
    public async Task CraftedRoleInThePostIsIgnored()
    {
        await PostDetailsAsync("9123400002", "Mallory", "A-101", ("Details.Role", "SuperAdmin"), ("Role", "SuperAdmin"));
        await _browser.PostAsync("/account/register", "register",
            ("Details.Step", "code"), ("Details.Phone", "9123400002"), ("Details.FullName", "Mallory"), ("Details.Flat", "A-101"),
            ("Details.Code", _app.Sms.LastCodeFor("9123400002")), ("Details.Role", "SuperAdmin"), ("Role", "SuperAdmin"));

        var user = await _app.Services.GetRequiredService<IUserStore>().GetByPhoneAsync(PhoneNumber.Parse("9123400002"), Ct);
        Assert.Equal((Role.Resident, UserStatus.PendingApproval), (user!.Role, user.Status));
    }

    [Fact]
    public async Task EveryBadFieldGetsItsMessageAndNothingIsSentOrStored()
    {
        var page = await (await PostDetailsAsync("12345", " ", "Z-999")).Content.ReadAsStringAsync(Ct);

        Assert.Equal("A phone number has exactly 10 digits; this one has 5.", FormClient.FieldError(page, "phone"));
        Assert.Equal("Enter the full name.", FormClient.FieldError(page, "fullName"));
        Assert.Equal("There is no flat Z-999 in the society's directory.", FormClient.FieldError(page, "flat"));
        Assert.Empty(_app.Sms.Sent);
    }

    [Fact]
    public async Task RegisteredNumberIsSentToSignInOnlyOnceItsCodeProvesThePhone()
    {
        var guard = await _app.AddUserAsync(Role.Guard);

        var first = await (await PostDetailsAsync(guard.Phone.Value, "Someone", "A-101")).Content.ReadAsStringAsync(Ct);
        var second = await (await _browser.PostAsync("/account/register", "register",
            ("Details.Step", "code"), ("Details.Phone", guard.Phone.Value), ("Details.FullName", "Someone"), ("Details.Flat", "A-101"),
            ("Details.Code", _app.Sms.LastCodeFor(guard.Phone.Value)))).Content.ReadAsStringAsync(Ct);

        Assert.Null(FormClient.FieldError(first, "phone"));
        Assert.Contains("We sent a 6-digit code to", WebUtility.HtmlDecode(first), StringComparison.Ordinal);
        Assert.Equal("This number is already registered. Sign in instead.", FormClient.FieldError(second, "phone"));
        Assert.Equal(Role.Guard, (await _app.Services.GetRequiredService<IUserStore>().GetByPhoneAsync(guard.Phone, Ct))!.Role);
    }

    [Fact]
    public async Task LoginOffersRegistrationWithTheNumberFilledIn()
    {
        var page = await _browser.GetAsync("/account/register?phone=9123400003");

        Assert.Contains("value=\"9123400003\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _browser.Http.GetAsync("/account/register", Ct)).StatusCode);
    }
}
