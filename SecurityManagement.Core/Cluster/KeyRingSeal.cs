using System.Security.Cryptography;
using System.Text;
using SecurityManagement.Core.Accounts;

namespace SecurityManagement.Core.Cluster;

/// <summary>
/// Seals the shared key ring's keys before they go into the store (AES-GCM under a key derived from
/// <c>Auth:OtpKey</c>, which every server has and the store does not), so a copy of the database alone
/// cannot forge a sign-in cookie.
/// </summary>
public sealed class KeyRingSeal(OtpKey key)
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] _key = key.Derive("key-ring");

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

    /// <summary>The text sealed with this key; throws <see cref="CryptographicException"/> for anything else (another key, a changed byte).</summary>
    public string Open(string sealedText)
    {
        var sealedBytes = Convert.FromBase64String(sealedText);
        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("Not a sealed key.");
        }

        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(_key, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plain);
        return Encoding.UTF8.GetString(plain);
    }
}
