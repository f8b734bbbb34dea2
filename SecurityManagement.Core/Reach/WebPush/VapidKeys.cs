using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace SecurityManagement.Core.Reach.WebPush;

/// <summary>
/// The application server's key pair that signs every push (VAPID, RFC 8292): P-256, the public key as
/// the browser needs it to subscribe (65-byte uncompressed point, base64url) and the private scalar
/// (base64url). Every instance must use the same pair: a browser's subscription is bound to it.
/// </summary>
public sealed record VapidKeys(string PublicKey, string PrivateKey, string Subject)
{
    public const string PublicKeySetting = "Reach:Vapid:PublicKey";
    public const string PrivateKeySetting = "Reach:Vapid:PrivateKey";
    public const string SubjectSetting = "Reach:Vapid:Subject";

    /// <summary>The keys as configured; both keys must be set and make a pair, and the subject be a contact.</summary>
    public static VapidKeys From(string? publicKey, string? privateKey, string? subject)
    {
        if (string.IsNullOrWhiteSpace(publicKey) || string.IsNullOrWhiteSpace(privateKey))
        {
            throw new InvalidOperationException(
                $"{PublicKeySetting} and {PrivateKeySetting} are not set; push notifications need the society's VAPID key pair (README: \"Notifications\" says how to make one).");
        }

        var contact = string.IsNullOrWhiteSpace(subject) ? "mailto:admin@localhost" : subject.Trim();
        if (!contact.StartsWith("mailto:", StringComparison.Ordinal) && !contact.StartsWith("https:", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{SubjectSetting} must be a mailto: or https: contact for the push services; it is '{contact}'.");
        }

        var keys = new VapidKeys(publicKey.Trim(), privateKey.Trim(), contact);
        return keys.IsPair() ? keys : throw new InvalidOperationException(
            $"{PublicKeySetting} and {PrivateKeySetting} are not a P-256 key pair (base64url: the 65-byte public point, the 32-byte private key).");
    }

    public static VapidKeys Create(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = key.ExportParameters(includePrivateParameters: true);
        return new VapidKeys(
            Base64Url.EncodeToString([0x04, .. parameters.Q.X!, .. parameters.Q.Y!]),
            Base64Url.EncodeToString(parameters.D!),
            subject);
    }

    /// <summary>Development: the pair in <paramref name="file"/>, made on first start, so subscriptions outlive restarts.</summary>
    public static VapidKeys LoadOrCreate(string file, string? subject)
    {
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            var made = Create("mailto:admin@localhost");
            try
            {
                using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write);
                JsonSerializer.Serialize(stream, new Stored(made.PublicKey, made.PrivateKey));
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another process made it first: use theirs.
            }
        }

        var stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(file))
            ?? throw new InvalidOperationException($"{file} holds no VAPID keys; delete it to make new ones.");
        return From(stored.PublicKey, stored.PrivateKey, subject);
    }

    private bool IsPair()
    {
        try
        {
            var point = Base64Url.DecodeFromChars(PublicKey);
            var d = Base64Url.DecodeFromChars(PrivateKey);
            if (point is not [0x04, ..] || point.Length != 65 || d.Length != 32)
            {
                return false;
            }

            using var key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d });
            var q = key.ExportParameters(false).Q;
            return q.X!.AsSpan().SequenceEqual(point.AsSpan(1, 32)) && q.Y!.AsSpan().SequenceEqual(point.AsSpan(33, 32));
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return false;
        }
    }

    private sealed record Stored(string PublicKey, string PrivateKey);
}
