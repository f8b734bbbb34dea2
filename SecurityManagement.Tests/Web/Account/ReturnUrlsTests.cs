using SecurityManagement.Web.Components.Account;

namespace SecurityManagement.Tests.Web.Account;

public class ReturnUrlsTests
{
    [Theory]
    [InlineData("/", true)]
    [InlineData("/admin/users?page=2", true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("admin", false)]
    [InlineData("//evil.example", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("https://evil.example", false)]
    [InlineData("/redirect?to=https://evil.example", false)]
    [InlineData("/\t/evil.example", false)]
    [InlineData("/a\r\nSet-Cookie: x", false)]
    [InlineData("/。x", false)]
    [InlineData("/admin users", false)]
    [InlineData("/résidents", false)]
    [InlineData("/admin/users?text=%E0%A4%B0", true)]
    public void OnlyPathsOnThisSiteAreFollowed(string? url, bool local) => Assert.Equal(local, ReturnUrls.IsLocal(url));
}
