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

    [Fact]
    public void RegularIsInsideOnlyOnTheirDaysAndHours()
    {
        // 2026-11-24 is a Tuesday; the hours are the society's clock's.
        var regular = APass(usage: PassUsage.Regular) with { Days = WeekDays.Tuesday | WeekDays.Thursday, HoursFrom = 7 * 60, HoursUntil = (9 * 60) + 30 };
        DateTimeOffset Local(int day, int hour, int minute) => new(2026, 11, day, hour, minute, 0, TimeSpan.FromHours(5.5));

        Assert.True(regular.IsInsideHours(Local(24, 7, 0)));
        Assert.True(regular.IsInsideHours(Local(26, 9, 29)));
        Assert.False(regular.IsInsideHours(Local(24, 9, 30)));
        Assert.False(regular.IsInsideHours(Local(24, 6, 59)));
        Assert.False(regular.IsInsideHours(Local(25, 8, 0)));
        Assert.True((regular with { Days = WeekDays.None }).IsInsideHours(Local(25, 8, 0)));
        Assert.True((regular with { HoursFrom = null, HoursUntil = null }).IsInsideHours(Local(24, 23, 59)));
        Assert.True(APass().IsInsideHours(Local(25, 3, 0)));
    }

    [Fact]
    public void HoursAcrossMidnightBelongToTheDayTheyStart()
    {
        // Friday nights, 22:00 to 02:00: Saturday's small hours are inside, Friday's are not.
        var regular = APass(usage: PassUsage.Regular) with { Days = WeekDays.Friday, HoursFrom = 22 * 60, HoursUntil = 2 * 60 };
        DateTimeOffset Local(int day, int hour) => new(2026, 11, day, hour, 0, 0, TimeSpan.FromHours(5.5));

        Assert.True(regular.IsInsideHours(Local(27, 23)));
        Assert.True(regular.IsInsideHours(Local(28, 1)));
        Assert.False(regular.IsInsideHours(Local(27, 1)));
        Assert.False(regular.IsInsideHours(Local(28, 23)));
        Assert.False(regular.IsInsideHours(Local(27, 12)));
    }

    [Fact]
    public void RegularIsUsableAnyNumberOfTimes() =>
        Assert.True((APass(usage: PassUsage.Regular) with { UseCount = 40 }).IsUsableAt(Now));
}
