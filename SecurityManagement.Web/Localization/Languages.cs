using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace SecurityManagement.Web.Localization;

/// <summary>
/// The languages the app speaks: English (the neutral resources) and every language whose resources were
/// built beside the app (<c>hi/SecurityManagement.Web.resources.dll</c> from <c>*.hi.resx</c>), so a third
/// language needs only its resource files. Numbers are grouped the Indian way (12,34,567) in all of them.
/// </summary>
public static class Languages
{
    public const string Default = "en";

    public static IReadOnlyList<CultureInfo> Supported { get; } = Discover();

    /// <summary>The supported culture with this name, or null.</summary>
    public static CultureInfo? Find(string? name) =>
        Supported.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The standard cookie (<c>.AspNetCore.Culture</c>, <c>c=hi|uic=hi</c>) first, then the browser's
    /// <c>Accept-Language</c> as the first guess; English when neither names a language we speak.
    /// </summary>
    public static RequestLocalizationOptions RequestOptions()
    {
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Supported[0]),
            SupportedCultures = [.. Supported],
            SupportedUICultures = [.. Supported],
            FallBackToParentCultures = true,
            FallBackToParentUICultures = true,
        };
        options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        return options;
    }

    /// <summary>
    /// Set beside the culture cookie when someone chooses a language before signing in, until they sign
    /// in: only then is the browser's language their own choice, to be kept in their account (a gate
    /// tablet's cookie may hold the last guard's language).
    /// </summary>
    public const string ChosenSignedOut = "sm.language-chosen";

    /// <summary>The value of the culture cookie for a language: <c>c=hi|uic=hi</c>.</summary>
    private static string CookieValue(CultureInfo culture) =>
        CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture));

    /// <summary>The language a request's culture cookie names, if it names one we speak.</summary>
    public static CultureInfo? FromCookie(HttpContext context) =>
        context.Request.Cookies[CookieRequestCultureProvider.DefaultCookieName] is { } value
        && CookieRequestCultureProvider.ParseCookieValue(value) is { UICultures: [var name, ..] }
            ? Find(name.Value)
            : null;

    /// <summary>Runs <paramref name="work"/> with <paramref name="culture"/> as the culture, then puts the caller's back.</summary>
    public static T In<T>(CultureInfo culture, Func<T> work)
    {
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, culture);
            return work();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
        }
    }

    /// <summary>Keeps the choice in the culture cookie for a year.</summary>
    public static void Remember(HttpContext context, CultureInfo culture) =>
        context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName, CookieValue(culture), new CookieOptions
        {
            Expires = DateTimeOffset.UtcNow.AddYears(1),
            IsEssential = true,
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
        });

    private static List<CultureInfo> Discover()
    {
        var satellite = $"{typeof(Languages).Assembly.GetName().Name}.resources.dll";
        var names = Directory.GetDirectories(AppContext.BaseDirectory)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => File.Exists(Path.Combine(AppContext.BaseDirectory, name, satellite)))
            .Order(StringComparer.Ordinal);
        return [.. new[] { Default }.Concat(names).Distinct().Select(Culture)];
    }

    private static CultureInfo Culture(string name)
    {
        var culture = new CultureInfo(name);
        culture.NumberFormat.NumberGroupSizes = [3, 2];
        return culture;
    }
}
