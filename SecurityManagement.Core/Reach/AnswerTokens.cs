using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using SecurityManagement.Core.Accounts;

namespace SecurityManagement.Core.Reach;

/// <summary>
/// Lets one resident answer one request without signing in: bound to the visit, the resident and the
/// visit's change count when it was asked (<see cref="Round"/>), and expiring with the request.
/// </summary>
public sealed record AnswerToken(Guid VisitId, Guid UserId, int Round, DateTimeOffset ExpiresAt);

/// <summary>
/// Writes and reads <see cref="AnswerToken"/>s as short URL-safe strings signed with a key derived from
/// <c>Auth:OtpKey</c> (HMAC-SHA256, cut to 128 bits). Nothing is stored: a token is single-use because
/// it acts only while the visit's change count is the one it carries, and acting moves the count on.
/// </summary>
public sealed class AnswerTokens(OtpKey key)
{
    private const byte Version = 1;
    private const int BodyLength = 1 + 16 + 16 + 2 + 4;
    private const int SignatureLength = 16;

    private readonly byte[] _key = key.Derive("answer-token");

    public string Issue(AnswerToken token)
    {
        if (token.Round is < 0 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(token), token.Round, "A visit's change count fits 16 bits.");
        }

        var bytes = new byte[BodyLength + SignatureLength];
        bytes[0] = Version;
        token.VisitId.TryWriteBytes(bytes.AsSpan(1, 16));
        token.UserId.TryWriteBytes(bytes.AsSpan(17, 16));
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(33, 2), (ushort)token.Round);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(35, 4), (uint)token.ExpiresAt.ToUnixTimeSeconds());
        Sign(bytes.AsSpan(0, BodyLength)).CopyTo(bytes.AsSpan(BodyLength));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>The token, if <paramref name="text"/> is one of ours, unaltered and not expired at <paramref name="now"/>; else null.</summary>
    public AnswerToken? Read(string? text, DateTimeOffset now)
    {
        if (text is null || text.Length > 100)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return null;
        }

        if (bytes.Length != BodyLength + SignatureLength || bytes[0] != Version
            || !CryptographicOperations.FixedTimeEquals(Sign(bytes.AsSpan(0, BodyLength)), bytes.AsSpan(BodyLength)))
        {
            return null;
        }

        var token = new AnswerToken(
            new Guid(bytes.AsSpan(1, 16)),
            new Guid(bytes.AsSpan(17, 16)),
            BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(33, 2)),
            DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(35, 4))));
        return token.ExpiresAt > now ? token : null;
    }

    private byte[] Sign(ReadOnlySpan<byte> body) => HMACSHA256.HashData(_key, body)[..SignatureLength];
}
