using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Accounts;

public class PhoneNumberTests
{
    [Theory]
    [InlineData("9876543210", "9876543210")]
    [InlineData(" 9876543210 ", "9876543210")]
    [InlineData("0000000000", "0000000000")]
    public void TenDigitsAreAccepted(string input, string expected) =>
        Assert.Equal(expected, PhoneNumber.Parse(input).Value);

    [Theory]
    [InlineData(null, "Enter a phone number.")]
    [InlineData("", "Enter a phone number.")]
    [InlineData("   ", "Enter a phone number.")]
    [InlineData("987654321", "exactly 10 digits; this one has 9")]
    [InlineData("98765432101", "exactly 10 digits; this one has 11")]
    [InlineData("+919876543210", "digits only")]
    [InlineData("98765 43210", "digits only")]
    [InlineData("98765-43210", "digits only")]
    [InlineData("98765abcde", "digits only")]
    [InlineData("٩٨٧٦٥٤٣٢١٠", "digits only")]
    public void AnythingElseIsRefusedWithAClearMessage(string? input, string message)
    {
        var ex = Assert.Throws<InvalidInputException>(() => PhoneNumber.Parse(input, "visitorPhone"));

        Assert.Equal("visitorPhone", ex.Field);
        Assert.Contains(message, ex.Problem.English(new SocietyOptions("Test Society", TimeZoneInfo.Utc)), StringComparison.Ordinal);
        Assert.False(PhoneNumber.TryParse(input, out _, out var error));
        Assert.Equal(ex.Problem, error);
    }

    [Fact]
    public void EqualNumbersAreEqualValues() =>
        Assert.Equal(PhoneNumber.Parse("9876543210"), PhoneNumber.Parse(" 9876543210"));
}
