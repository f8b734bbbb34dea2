using System.Security.Cryptography;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Cluster;

namespace SecurityManagement.Tests.Core.Cluster;

public sealed class ServerSealTests
{
    private const string Key = "<key id=\"1\"><secret>very secret</secret></key>";

    [Fact]
    public void OnlyTheSameSecretOpensASealedKeyAndTheStoreSeesNoneOfIt()
    {
        // Two servers configured with the same Auth:OtpKey.
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var sealedKey = new ServerSeal(OtpKey.FromBase64(secret), ServerSeal.KeyRing).Seal(Key);

        Assert.DoesNotContain("secret", sealedKey, StringComparison.Ordinal);
        Assert.NotEqual(sealedKey, new ServerSeal(OtpKey.FromBase64(secret), ServerSeal.KeyRing).Seal(Key));
        Assert.Equal(Key, new ServerSeal(OtpKey.FromBase64(secret), ServerSeal.KeyRing).Open(sealedKey));
        Assert.ThrowsAny<CryptographicException>(() => new ServerSeal(OtpKey.Random(), ServerSeal.KeyRing).Open(sealedKey));
    }

    [Fact]
    public void ASealForOnePurposeDoesNotOpenAnother()
    {
        var secret = OtpKey.Random();
        var sealedKey = new ServerSeal(secret, ServerSeal.KeyRing).Seal(Key);

        Assert.ThrowsAny<CryptographicException>(() => new ServerSeal(secret, ServerSeal.LiveEvents).Open(sealedKey));
    }

    [Fact]
    public void AChangedByteIsRefused()
    {
        var seal = new ServerSeal(OtpKey.Random(), ServerSeal.KeyRing);
        var bytes = Convert.FromBase64String(seal.Seal(Key));
        bytes[^1] ^= 1;

        Assert.ThrowsAny<CryptographicException>(() => seal.Open(Convert.ToBase64String(bytes)));
        Assert.ThrowsAny<CryptographicException>(() => seal.Open("AAAA"));
        Assert.ThrowsAny<CryptographicException>(() => seal.Open("not base64 at all"));
    }
}
