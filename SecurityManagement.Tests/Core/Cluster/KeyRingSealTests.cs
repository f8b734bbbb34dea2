using System.Security.Cryptography;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Cluster;

namespace SecurityManagement.Tests.Core.Cluster;

public sealed class KeyRingSealTests
{
    private const string Key = "<key id=\"1\"><secret>very secret</secret></key>";

    [Fact]
    public void OnlyTheSameSecretOpensASealedKeyAndTheStoreSeesNoneOfIt()
    {
        // Two servers configured with the same Auth:OtpKey.
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var sealedKey = new KeyRingSeal(OtpKey.FromBase64(secret)).Seal(Key);

        Assert.DoesNotContain("secret", sealedKey, StringComparison.Ordinal);
        Assert.NotEqual(sealedKey, new KeyRingSeal(OtpKey.FromBase64(secret)).Seal(Key));
        Assert.Equal(Key, new KeyRingSeal(OtpKey.FromBase64(secret)).Open(sealedKey));
        Assert.ThrowsAny<CryptographicException>(() => new KeyRingSeal(OtpKey.Random()).Open(sealedKey));
    }

    [Fact]
    public void AChangedByteIsRefused()
    {
        var seal = new KeyRingSeal(OtpKey.Random());
        var bytes = Convert.FromBase64String(seal.Seal(Key));
        bytes[^1] ^= 1;

        Assert.ThrowsAny<CryptographicException>(() => seal.Open(Convert.ToBase64String(bytes)));
        Assert.ThrowsAny<CryptographicException>(() => seal.Open("AAAA"));
    }
}
