using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SecurityManagement.Core.Audit;

/// <summary>
/// The tamper-evident chain: each entry's hash covers its content and the previous entry's hash,
/// so editing or deleting any stored entry breaks every link after it.
/// </summary>
public static class AuditChain
{
    /// <summary>The entry as the store appends it: next in sequence after <paramref name="previous"/>, hashed.</summary>
    public static AuditEntry Link(AuditEntry entry, AuditEntry? previous)
    {
        var linked = entry with
        {
            Sequence = (previous?.Sequence ?? 0) + 1,
            PreviousHash = previous?.Hash ?? "",
        };
        return linked with { Hash = HashOf(linked) };
    }

    public static string HashOf(AuditEntry entry)
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
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
    }

    /// <summary>
    /// Checks entries in sequence order, continuing from <paramref name="previous"/>; returns the first
    /// broken link as a sentence, or null when every link holds.
    /// </summary>
    public static string? FirstBreak(IEnumerable<AuditEntry> entries, AuditEntry? previous)
    {
        foreach (var entry in entries)
        {
            var expected = (previous?.Sequence ?? 0) + 1;
            if (entry.Sequence != expected)
            {
                return $"Entry {expected} is missing: the trail goes from {expected - 1} to {entry.Sequence}.";
            }

            if (entry.PreviousHash != (previous?.Hash ?? ""))
            {
                return $"Entry {entry.Sequence} does not follow entry {expected - 1}: the one before it was changed or replaced.";
            }

            if (HashOf(entry) != entry.Hash)
            {
                return $"Entry {entry.Sequence} was altered after it was written.";
            }

            previous = entry;
        }

        return null;
    }
}
