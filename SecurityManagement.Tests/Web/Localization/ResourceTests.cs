using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text.RegularExpressions;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Settings;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Support;
using SecurityManagement.Web.Components.Shared;
using SecurityManagement.Web.Localization;
using SecurityManagement.Web.Resources;

namespace SecurityManagement.Tests.Web.Localization;

/// <summary>The resource files: every sentence in every language, with the same places for data, and one for every code Core speaks.</summary>
public partial class ResourceTests
{
    private static readonly SocietyOptions Society = new("Test Society", TimeZoneInfo.Utc);

    private static IEnumerable<Type> Areas =>
        typeof(SharedText).Assembly.GetTypes().Where(t => t.Namespace == typeof(SharedText).Namespace && t.Name.EndsWith("Text", StringComparison.Ordinal));

    [Fact]
    public void TheAppSpeaksEnglishAndHindi() =>
        Assert.Equal(["en", "hi"], Languages.Supported.Select(c => c.Name).Order(StringComparer.Ordinal));

    [Fact]
    public void EverySentenceExistsInEveryLanguageWithTheSamePlacesForData()
    {
        var faults = new List<string>();
        foreach (var area in Areas)
        {
            var english = Sentences(area, CultureInfo.InvariantCulture);
            Assert.NotEmpty(english);
            foreach (var culture in Languages.Supported.Where(c => c.Name != Languages.Default))
            {
                var other = Sentences(area, culture);
                faults.AddRange(english.Keys.Except(other.Keys).Select(key => $"{area.Name}.{culture.Name}.resx lacks {key}"));
                faults.AddRange(other.Keys.Except(english.Keys).Select(key => $"{area.Name}.{culture.Name}.resx has {key}, which English lacks"));
                faults.AddRange(english.Keys.Intersect(other.Keys)
                    .Where(key => !Places(english[key]).SetEquals(Places(other[key])) || string.IsNullOrWhiteSpace(other[key]))
                    .Select(key => $"{area.Name}.{culture.Name}.resx: {key} has other places for data than English ({other[key]})"));
            }
        }

        Assert.Empty(faults);
    }

    /// <summary>Resource names are found whatever their case: two that differ only in case are one, and the other is never said.</summary>
    [Fact]
    public void NoTwoNamesDifferOnlyInCase()
    {
        var folder = Path.Combine(SecurityManagement.Tests.Web.Servers.AppProcess.RepositoryRoot(), "SecurityManagement.Web", "Resources");
        var clashes = Directory.GetFiles(folder, "*.resx")
            .SelectMany(file => System.Xml.Linq.XDocument.Load(file).Root!.Elements("data")
                .Select(data => (string)data.Attribute("name")!)
                .GroupBy(name => name, StringComparer.OrdinalIgnoreCase)
                .Where(names => names.Count() > 1)
                .Select(names => $"{Path.GetFileName(file)}: {string.Join(" and ", names)}"))
            .ToList();

        Assert.Empty(clashes);
    }

    [Fact]
    public void EveryCodeCoreSpeaksHasASentence()
    {
        var codes = typeof(Codes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).ToList();
        var sentences = Sentences(typeof(ProblemText), CultureInfo.InvariantCulture);

        Assert.NotEmpty(codes);
        var missing = codes.Where(code => !sentences.ContainsKey(code)).ToList();
        Assert.True(missing.Count == 0, "No sentence for " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryStatusRolePurposeAndSettingHasAWord()
    {
        var words = Sentences(typeof(SharedText), CultureInfo.InvariantCulture);
        var keys = Enum.GetNames<VisitStatus>().Select(n => $"VisitStatus.{n}")
            .Concat(Enum.GetNames<UserStatus>().Select(n => $"UserStatus.{n}"))
            .Concat(Enum.GetNames<Role>().Select(n => $"Role.{n}"))
            .Concat(Enum.GetNames<VisitPurpose>().Select(n => $"Purpose.{n}"))
            .Concat(Enum.GetNames<SecurityManagement.Core.Help.HelperKind>().Select(n => $"HelperKind.{n}"))
            .Concat(Enum.GetNames<SecurityManagement.Core.Expected.ExpectedKind>().Select(n => $"ExpectedKind.{n}"))
            .Concat(typeof(SocietySettings).GetProperties().Where(p => p.PropertyType == typeof(int)).Select(p => $"Word.{p.Name}"));

        var missing = keys.Where(key => !words.ContainsKey(key)).ToList();
        Assert.True(missing.Count == 0, "No word for " + string.Join(", ", missing));
    }

    [Fact]
    public void CoresProblemsReadInHindiWithTheirDataInPlace()
    {
        var words = TestWords.Create(Society);

        var unknown = TestWords.In("hi", () => words.Of(new Problem(Codes.FlatUnknown, FlatCode.Parse("z-9"))));
        var tooLong = TestWords.In("hi", () => words.Of(new Problem(Codes.TooLong, new Word("visitorName"), 100)));
        var range = TestWords.In("hi", () => words.Of(new Problem(Codes.OutOfRange, new Word("RetentionDays"), 1, 3650)));

        Assert.Equal("सोसाइटी की सूची में Z-9 नाम का कोई फ़्लैट नहीं है।", unknown);
        Assert.Equal("आगंतुक का नाम: अधिकतम 100 अक्षर हो सकते हैं।", tooLong);
        Assert.Equal("डेटा रखने की अवधि (दिन): 1 से 3,650 के बीच का मान दें।", range);
    }

    [Theory]
    [InlineData("en", "Waiting")]
    [InlineData("hi", "इंतज़ार में")]
    public void StatusesAreWordsNotCSharpNames(string language, string waiting) =>
        Assert.Equal(waiting, TestWords.In(language, () => TestWords.Create(Society).Of(VisitStatus.Pending)));

    [Theory]
    [InlineData("en")]
    [InlineData("hi")]
    public void NumbersAreGroupedTheIndianWay(string language) =>
        Assert.Equal("12,34,567", TestWords.In(language, () => Words.Number(1_234_567)));

    [Fact]
    public void ProblemCodesAreNeverSentences() =>
        Assert.Throws<ArgumentException>(() => new Problem("There is no such flat."));

    /// <summary>The sentences of one resource file, without falling back to another language.</summary>
    private static Dictionary<string, string> Sentences(Type area, CultureInfo culture) =>
        new ResourceManager(area.FullName!, area.Assembly).GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    private static HashSet<string> Places(string sentence) => [.. Place().Matches(sentence).Select(m => m.Value)];

    [GeneratedRegex(@"\{[a-z_0-9]+\}")]
    private static partial Regex Place();
}
