using Microsoft.AspNetCore.DataProtection;

namespace SecurityManagement.Web.Components.Account;

/// <summary>
/// The "device cookie" (OWASP, against lockout): after a sign-in the browser keeps, per phone, the
/// device id Core gave it, so its next codes have a budget no stranger can spend. The cookie is
/// encrypted and signed with the app's Data Protection keys: it cannot be read, forged or moved to
/// another phone. It grants nothing by itself; Core checks the device is still trusted for the phone.
/// </summary>
public sealed class DeviceCookie(IDataProtectionProvider protection, IHostEnvironment environment)
{
    public const string Name = "sm.device";

    // A shared gate tablet may sign in as a few guards; more than this and the oldest is forgotten.
    private const int MaxPhones = 5;

    private readonly IDataProtector _protector = protection.CreateProtector("SecurityManagement.DeviceCookie.v1");

    /// <summary>The device id this browser holds for the phone, if any.</summary>
    public string? For(HttpContext context, string? phone) =>
        phone is null ? null : Read(context).GetValueOrDefault(phone.Trim());

    /// <summary>
    /// Which browser this is, for per-client limits: one of its device ids (always the same one), when it holds a genuine
    /// device cookie (only a sign-in here gives one); null otherwise.
    /// </summary>
    public string? Holder(HttpContext context) => Read(context).Values.Order(StringComparer.Ordinal).FirstOrDefault();

    /// <summary>Remembers the device id for the phone (the newest phone last).</summary>
    public void Remember(HttpContext context, string phone, string device)
    {
        var devices = Read(context).Where(d => d.Key != phone).TakeLast(MaxPhones - 1).Append(KeyValuePair.Create(phone, device));
        context.Response.Cookies.Append(Name, _protector.Protect(string.Join(';', devices.Select(d => $"{d.Key}:{d.Value}"))), new CookieOptions
        {
            HttpOnly = true,
            Secure = !environment.IsDevelopment(),
            SameSite = SameSiteMode.Strict,
            Path = "/account",
            IsEssential = true,
            MaxAge = TimeSpan.FromDays(400),
        });
    }

    private Dictionary<string, string> Read(HttpContext context)
    {
        var devices = new Dictionary<string, string>();
        if (context.Request.Cookies[Name] is not { Length: > 0 } value)
        {
            return devices;
        }

        string text;
        try
        {
            text = _protector.Unprotect(value);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Not ours, or from keys long gone: as if there were none.
            return devices;
        }

        foreach (var pair in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split(':', 2);
            if (parts.Length == 2)
            {
                devices[parts[0]] = parts[1];
            }
        }

        return devices;
    }
}
