using System.Security.Cryptography;

namespace SecurityManagement.Core.Audit;

/// <summary>
/// The secret the audit chain and its checkpoints are keyed with (HMAC-SHA256). It lives outside the
/// store, so someone who can write the database can still not forge an entry or re-link the chain.
/// </summary>
public sealed class AuditKey
{
    public const string Setting = "Audit:Key";
    public const int MinBytes = Secret.MinBytes;

    private readonly byte[] _key;

    private AuditKey(byte[] key) => _key = key;

    /// <summary>Reads a base64 key of at least 32 bytes, or throws naming the setting.</summary>
    public static AuditKey FromBase64(string? base64) => new(Secret.FromBase64(base64, Setting));

    /// <summary>
    /// Development: the key in <paramref name="file"/>, made (random) on first use, so the trail still
    /// verifies after a restart without anyone setting a key.
    /// </summary>
    public static AuditKey LoadOrCreate(string file)
    {
        if (File.Exists(file))
        {
            return FromBase64(File.ReadAllText(file).Trim());
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var key = RandomNumberGenerator.GetBytes(MinBytes);
        try
        {
            using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write);
            using var writer = new StreamWriter(stream);
            writer.Write(Convert.ToBase64String(key));
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another process made it first: use theirs.
            return FromBase64(File.ReadAllText(file).Trim());
        }

        return new AuditKey(key);
    }

    /// <summary>A random key for one test or one throwaway store.</summary>
    public static AuditKey Random() => new(RandomNumberGenerator.GetBytes(MinBytes));

    internal byte[] Mac(byte[] content) => HMACSHA256.HashData(_key, content);
}
