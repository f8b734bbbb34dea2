using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SecurityManagement.Core;
using SecurityManagement.Web.Components.Shared;
using SecurityManagement.Web.Localization;
using SecurityManagement.Web.Resources;

namespace SecurityManagement.Tests.Support;

/// <summary>The app's real wording (its resource files) for tests outside a host: Core's problems as a person reads them.</summary>
public static class TestWords
{
    private static readonly ResourceManagerStringLocalizerFactory Factory =
        new(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);

    public static IStringLocalizer<T> Localizer<T>() => new StringLocalizer<T>(Factory);

    public static Words Create(SocietyOptions society, TimeProvider? clock = null) =>
        new(Localizer<SharedText>(), Localizer<ProblemText>(), society, clock ?? TimeProvider.System);

    /// <summary>The problem in English, as the screens would say it to this society (moments on its clocks, "today" by the clock).</summary>
    public static string English(this Problem problem, SocietyOptions society, TimeProvider? clock = null) =>
        In("en", () => Create(society, clock).Of(problem));

    /// <summary>Runs <paramref name="work"/> with the app's culture of that name as the thread's culture.</summary>
    public static T In<T>(string language, Func<T> work) =>
        Languages.In(Languages.Find(language) ?? throw new ArgumentException($"The app does not speak '{language}'.", nameof(language)), work);
}
