using System.Security.Cryptography;
using System.Text;

namespace SecurityManagement.Core.Accounts;

/// <summary>The secret that one-time codes are hashed with (HMAC-SHA256), so a copy of the store reveals no live code.</summary>
public sealed class OtpKey
{
    public const string Setting = "Auth:OtpKey";
    public const int MinBytes = Secret.MinBytes;

    private readonly byte[] _key;

    private OtpKey(byte[] key) => _key = key;

    /// <summary>A random key for one process: fine for development, where codes need not outlive a restart.</summary>
    public static OtpKey Random() => new(RandomNumberGenerator.GetBytes(MinBytes));

    /// <summary>Reads a base64 key of at least 32 bytes, or throws naming the setting.</summary>
    public static OtpKey FromBase64(string? base64) => new(Secret.FromBase64(base64, Setting));

    /// <summary>A key for another purpose, derived from this secret, so one configured secret signs more than codes.</summary>
    internal byte[] Derive(string purpose) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"derive:{purpose}"));

    /// <summary>The code's hash, bound to the phone it was sent to.</summary>
    internal byte[] Hash(PhoneNumber phone, string code) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{phone.Value}:{code}"));
}
