using SecurityManagement.Tests.Support;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Flats;

namespace SecurityManagement.Tests.Core.Accounts;

public class UserTests
{
    private static readonly PhoneNumber Phone = PhoneNumber.Parse("9876543210");
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void ResidentIsCreatedWithTrimmedNameAFreshStampAndMillisecondTime()
    {
        var user = User.Create(Phone, "  Priya Sharma ", Role.Resident, FlatCode.Parse("a-101"), UserStatus.PendingApproval,
            Now.AddTicks(4567));

        Assert.Equal("Priya Sharma", user.FullName);
        Assert.Equal("A-101", user.Flat?.Value);
        Assert.Equal(Now, user.CreatedAt);
        Assert.Null(user.LastLoginAt);
        Assert.Equal(32, user.SecurityStamp.Length);
        Assert.NotEqual(user.SecurityStamp, User.Create(Phone, "x", Role.Guard, null, UserStatus.Active, Now).SecurityStamp);
    }

    [Fact]
    public void ResidentWithoutFlatIsRefused() =>
        Assert.Equal("flat", Assert.Throws<InvalidInputException>(
            () => User.Create(Phone, "Priya", Role.Resident, null, UserStatus.Active, Now)).Field);

    [Theory]
    [InlineData(Role.Guard)]
    [InlineData(Role.Admin)]
    [InlineData(Role.SuperAdmin)]
    public void StaffWithAFlatIsRefused(Role role) =>
        Assert.Equal("flat", Assert.Throws<InvalidInputException>(
            () => User.Create(Phone, "Ramesh", role, FlatCode.Parse("A-101"), UserStatus.Active, Now)).Field);

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void EmptyNameIsRefused(string? name) =>
        Assert.Equal("fullName", Assert.Throws<InvalidInputException>(
            () => User.Create(Phone, name, Role.Guard, null, UserStatus.Active, Now)).Field);

    [Fact]
    public void NameLongerThanTheLimitIsRefused()
    {
        var ex = Assert.Throws<InvalidInputException>(
            () => User.Create(Phone, new string('a', User.MaxNameLength + 1), Role.Guard, null, UserStatus.Active, Now));

        Assert.Contains($"at most {User.MaxNameLength}", ex.Problem.English(new SocietyOptions("Test Society", TimeZoneInfo.Utc)), StringComparison.Ordinal);
    }
}
