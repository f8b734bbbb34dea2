using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Cluster;

namespace SecurityManagement.Web;

/// <summary>
/// Data Protection's keys (what signs cookies and forms) in the store, for several servers: a cookie one
/// server issued is accepted by every other. Each key is sealed before it is stored (<see cref="ServerSeal"/>).
/// </summary>
/// <remarks>Data Protection asks synchronously, and seldom: at the first request and when its cached key ring expires.</remarks>
public sealed class SharedKeyRing(IKeyRingStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. store.ListAsync().GetAwaiter().GetResult().Select(entry => XElement.Parse(entry.Xml))];

    public void StoreElement(XElement element, string friendlyName) =>
        store.AddAsync(new KeyRingEntry(friendlyName, element.ToString(SaveOptions.DisableFormatting))).GetAwaiter().GetResult();
}

/// <summary>Seals a new key of the shared key ring before Data Protection stores it.</summary>
public sealed class SealingKeyEncryptor(OtpKey key) : IXmlEncryptor
{
    private readonly ServerSeal _seal = new(key, ServerSeal.KeyRing);

    public EncryptedXmlInfo Encrypt(XElement plaintextElement) =>
        new(new XElement("sealedKey", _seal.Seal(plaintextElement.ToString(SaveOptions.DisableFormatting))), typeof(SealedKeyDecryptor));
}

/// <summary>Opens a sealed key; Data Protection makes one from the type named in the stored key, with the app's services.</summary>
public sealed class SealedKeyDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) =>
        XElement.Parse(new ServerSeal(services.GetRequiredService<OtpKey>(), ServerSeal.KeyRing).Open(encryptedElement.Value));
}
