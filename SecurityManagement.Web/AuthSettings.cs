using SecurityManagement.Core.Accounts;

namespace SecurityManagement.Web;

/// <summary>Sign-in settings from <c>Auth:*</c>.</summary>
public sealed record AuthSettings(bool OtpBypass, TimeSpan DefaultSession, IReadOnlyDictionary<Role, TimeSpan> SessionByRole, string KeysFolder, int PostsPerMinute)
{
    public const string OtpBypassKey = "Auth:OtpBypass";

    public static AuthSettings From(IConfiguration configuration, IHostEnvironment environment)
    {
        var auth = configuration.GetSection("Auth");
        var byRole = Enum.GetValues<Role>()
            .Select(role => (role, hours: auth.GetValue<double?>($"SessionHoursByRole:{role}")))
            .Where(r => r.hours is > 0)
            .ToDictionary(r => r.role, r => TimeSpan.FromHours(r.hours!.Value));
        return new AuthSettings(
            auth.GetValue<bool>("OtpBypass"),
            TimeSpan.FromHours(auth.GetValue<double?>("SessionHours") ?? 12),
            byRole,
            auth["KeysFolder"] is { Length: > 0 } folder ? folder : Path.Combine(environment.ContentRootPath, "App_Data", "keys"),
            auth.GetValue<int?>("RateLimit:PostsPerMinute") ?? 10);
    }

    /// <summary>How long a session of this role lasts since its last activity.</summary>
    public TimeSpan SessionFor(Role role) => SessionByRole.TryGetValue(role, out var span) ? span : DefaultSession;

    /// <summary>The longest session of any role: the cookie itself lives this long; each role's own limit is checked on top.</summary>
    public TimeSpan LongestSession => SessionByRole.Values.Append(DefaultSession).Max();
}
