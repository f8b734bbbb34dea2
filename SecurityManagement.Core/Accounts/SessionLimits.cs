using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace SecurityManagement.Core.Accounts;

/// <summary>
/// How long a sign-in may last at most, however active (on top of the sliding limit the cookie keeps):
/// <c>Auth:AbsoluteSessionDays</c>, and per role <c>Auth:AbsoluteSessionDaysByRole:&lt;Role&gt;</c>
/// (e.g. 30 for gate tablets).
/// </summary>
public sealed record SessionLimits(TimeSpan Default, IReadOnlyDictionary<Role, TimeSpan> ByRole)
{
    public const string Key = "Auth:AbsoluteSessionDays";
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromDays(7);

    public TimeSpan For(Role role) => ByRole.TryGetValue(role, out var limit) ? limit : Default;

    public static SessionLimits From(IConfiguration configuration)
    {
        var byRole = Enum.GetValues<Role>()
            .Select(role => (role, days: Days(configuration, $"Auth:AbsoluteSessionDaysByRole:{role}")))
            .Where(r => r.days is not null)
            .ToDictionary(r => r.role, r => r.days!.Value);
        return new SessionLimits(Days(configuration, Key) ?? DefaultLimit, byRole);
    }

    private static TimeSpan? Days(IConfiguration configuration, string key) =>
        configuration[key] is not { } text ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var days) && days > 0 ? TimeSpan.FromDays(days)
        : throw new InvalidOperationException($"{key} must be a positive number of days; it is '{text}'.");
}
