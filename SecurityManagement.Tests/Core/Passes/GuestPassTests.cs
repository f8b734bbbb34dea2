using SecurityManagement.Core;
using SecurityManagement.Core.Passes;
using static SecurityManagement.Tests.Support.Builders;

namespace SecurityManagement.Tests.Core.Passes;

public class GuestPassTests
{
    [Fact]
    public void CodeIsSixDigits()
    {
        var codes = Enumerable.Range(0, 200).Select(_ => GuestPass.NewCode()).ToList();

        Assert.All(codes, c => Assert.Matches("^[0-9]{6}$", c));
        Assert.True(codes.Distinct().Count() > 150, "codes should not repeat much");
    }

    [Fact]
    public void PassMustEndAfterItStarts() =>
        Assert.Equal("validUntil", Assert.Throws<InvalidInputException>(() => APass(from: Now, until: Now)).Field);

    [Fact]
    public void SingleUsePassIsUsableOnlyInsideItsWindowAndOnlyOnce()
    {
        var pass = APass(from: Now, until: Now.AddHours(1));

        Assert.False(pass.IsUsableAt(Now.AddTicks(-1)));
        Assert.True(pass.IsUsableAt(Now));
        Assert.True(pass.IsUsableAt(Now.AddMinutes(59)));
        Assert.False(pass.IsUsableAt(Now.AddHours(1)));
        Assert.False((pass with { UseCount = 1 }).IsUsableAt(Now));
    }

    [Fact]
    public void MultiUsePassStaysUsableUntilRevoked()
    {
        var pass = APass(from: Now, until: Now.AddHours(1), usage: PassUsage.MultiUse) with { UseCount = 3 };

        Assert.True(pass.IsUsableAt(Now.AddMinutes(1)));
        Assert.False((pass with { RevokedAt = Now }).IsUsableAt(Now.AddMinutes(1)));
    }
}
