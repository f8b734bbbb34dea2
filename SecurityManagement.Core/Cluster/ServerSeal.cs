using System.Security.Cryptography;
using System.Text;
using SecurityManagement.Core.Accounts;

namespace SecurityManagement.Core.Cluster;

/// <summary>
/// Seals what servers leave where others may read or write it (AES-GCM under a key derived, per purpose,
/// from <c>Auth:OtpKey</c>, which every server has and neither the store nor Redis does): the shared key
/// ring's keys, so a copy of the database alone cannot forge a sign-in cookie; the live events on Redis, so
/// whoever can reach Redis reads no pass code and forges no event.
/// </summary>
public sealed class ServerSeal(OtpKey key, string purpose)
{
    /// <summary>The purpose of the seal on the shared key ring's keys.</summary>
    public const string KeyRing = "key-ring";

    /// <summary>The purpose of the seal on live events between servers.</summary>
    public const string LiveEvents = "live-events";

    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] _key = key.Derive(purpose);

    public string Seal(string text)
    {
        var plain = Encoding.UTF8.GetBytes(text);
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes));
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The text sealed with this key and purpose; throws <see cref="CryptographicException"/> for anything else (another key, a changed byte).</summary>
    public string Open(string sealedText)
    {
        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(sealedText);
        }
        catch (FormatException ex)
        {
            throw new CryptographicException("Not sealed text.", ex);
        }

        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("Not sealed text.");
        }

        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(_key, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plain);
        return Encoding.UTF8.GetString(plain);
    }
}
