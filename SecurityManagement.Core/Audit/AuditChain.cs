using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SecurityManagement.Core.Audit;

/// <summary>
/// The tamper-evident chain: each entry's hash is an HMAC, under the <see cref="AuditKey"/>, of its
/// content and the previous entry's hash. Editing, deleting or re-linking a stored entry breaks the
/// chain, and without the key nobody can recompute it; signed checkpoints kept outside the store
/// (<see cref="Sign"/>) catch a trail whose newest entries were deleted.
/// </summary>
public sealed class AuditChain(AuditKey key)
{
    /// <summary>The entry as the store appends it: next in sequence after <paramref name="previous"/>, hashed.</summary>
    public AuditEntry Link(AuditEntry entry, AuditEntry? previous)
    {
        var linked = entry with
        {
            Sequence = (previous?.Sequence ?? 0) + 1,
            PreviousHash = previous?.Hash ?? "",
        };
        return linked with { Hash = HashOf(linked) };
    }

    public string HashOf(AuditEntry entry) => Convert.ToHexStringLower(key.Mac(Content(entry)));

    /// <summary>
    /// How entries were hashed before the trail had a key (plain SHA-256): only the entries before a
    /// trail's <see cref="AuditService.KeyedAction"/> entry are checked this way.
    /// </summary>
    public static string UnkeyedHashOf(AuditEntry entry) => Convert.ToHexStringLower(SHA256.HashData(Content(entry)));

    private static byte[] Content(AuditEntry entry)
    {
        // Unit separators keep "a|b" + "c" apart from "a" + "b|c".
        var content = string.Join('\u001f',
            entry.Sequence.ToString(CultureInfo.InvariantCulture),
            entry.Id.ToString("N"),
            entry.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            entry.ActorId?.ToString("N") ?? "",
            entry.Action,
            entry.Subject,
            entry.Details ?? "\u0000",
            entry.PreviousHash);
        return Encoding.UTF8.GetBytes(content);
    }

    /// <summary>
    /// Checks entries in sequence order, continuing from <paramref name="previous"/>; returns the first
    /// broken link as a problem, or null when every link holds. Entries up to
    /// <paramref name="unkeyedUpTo"/> were written before the trail had a key and are checked as then.
    /// </summary>
    public Problem? FirstBreak(IEnumerable<AuditEntry> entries, AuditEntry? previous, long unkeyedUpTo = 0)
    {
        foreach (var entry in entries)
        {
            var expected = (previous?.Sequence ?? 0) + 1;
            if (entry.Sequence != expected)
            {
                return new Problem(Codes.AuditEntryMissing, expected, expected - 1, entry.Sequence);
            }

            if (entry.PreviousHash != (previous?.Hash ?? ""))
            {
                return new Problem(Codes.AuditEntryNotFollowing, entry.Sequence, expected - 1);
            }

            var hash = entry.Sequence <= unkeyedUpTo ? UnkeyedHashOf(entry) : HashOf(entry);
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(entry.Hash)))
            {
                return new Problem(Codes.AuditEntryAltered, entry.Sequence);
            }

            previous = entry;
        }

        return null;
    }

    /// <summary>A checkpoint of the trail's head, signed with the key, to be kept outside the store.</summary>
    public AuditCheckpoint Sign(AuditEntry head, DateTimeOffset at)
    {
        var unsigned = new AuditCheckpoint(head.Sequence, head.Hash, Moment.Stored(at), "");
        return unsigned with { Signature = SignatureOf(unsigned) };
    }

    /// <summary>True when the checkpoint was signed with this chain's key and not changed since.</summary>
    public bool IsGenuine(AuditCheckpoint checkpoint) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(SignatureOf(checkpoint)), Encoding.ASCII.GetBytes(checkpoint.Signature ?? ""));

    private string SignatureOf(AuditCheckpoint checkpoint) =>
        Convert.ToHexStringLower(key.Mac(Encoding.UTF8.GetBytes(string.Join('\u001f',
            "checkpoint",
            checkpoint.Sequence.ToString(CultureInfo.InvariantCulture),
            checkpoint.Hash,
            checkpoint.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)))));
}
