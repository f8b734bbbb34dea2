using SecurityManagement.Tests.Support;
using SecurityManagement.Core;
using SecurityManagement.Core.Flats;

namespace SecurityManagement.Tests.Core.Flats;

public class FlatCodeTests
{
    [Theory]
    [InlineData("A-101", "A", "101")]
    [InlineData(" b-204 ", "B", "204")]
    [InlineData("Tower2-12B", "TOWER2", "12B")]
    public void BlockAndNumberAreParsedAndUpperCased(string input, string block, string number)
    {
        var flat = FlatCode.Parse(input);

        Assert.Equal((block, number, $"{block}-{number}"), (flat.Block, flat.Number, flat.Value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("A101")]
    [InlineData("A-")]
    [InlineData("-101")]
    [InlineData("A-1-01")]
    [InlineData("A 1-101")]
    [InlineData("A-10'1")]
    [InlineData("ABCDEFGHIJK-1")]
    public void MalformedFlatsAreRefusedForTheField(string? input)
    {
        var ex = Assert.Throws<InvalidInputException>(() => FlatCode.Parse(input));

        Assert.Equal("flat", ex.Field);
        Assert.Contains("A-101", ex.Problem.English(new SocietyOptions("Test Society", TimeZoneInfo.Utc)), StringComparison.Ordinal);
    }

    [Fact]
    public void SortKeyOrdersBlocksThenNumbersNumerically()
    {
        string[] codes = ["B-1", "A-10", "AB-1", "A-9", "A-101", "10-1", "2-1", "A-9B"];

        var ordered = codes.Select(c => FlatCode.Parse(c)).OrderBy(f => f.SortKey, StringComparer.Ordinal).Select(f => f.Value);

        Assert.Equal(["2-1", "10-1", "A-9", "A-10", "A-101", "A-9B", "AB-1", "B-1"], ordered);
    }
}
