using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Reach;

/// <summary>
/// Lets one resident answer one request without signing in: bound to the visit, the resident (and the
/// security stamp they had, so a role, flat or status change ends it for good), the visit's change count
/// when it was asked (<see cref="Round"/>), and for a push the phone it went to (so signing out on that
/// phone ends it); it expires with the request. The stamp and the phone travel as short hashes (tags).
/// </summary>
public sealed record AnswerToken(Guid VisitId, Guid UserId, int Round, DateTimeOffset ExpiresAt, string StampTag, string? DeviceTag = null)
{
    public static AnswerToken For(Visit visit, User resident, DateTimeOffset expiresAt, PushDevice? device = null) => new(
        visit.Id, resident.Id, visit.History.Count, DateTimeOffset.FromUnixTimeSeconds(expiresAt.ToUnixTimeSeconds()),
        TagOf(resident.SecurityStamp, StampBytes), device is null ? null : TagOf(device.Endpoint, DeviceBytes));

    internal const int StampBytes = 4;
    internal const int DeviceBytes = 8;

    /// <summary>Whether the token was made for this user as they are now, and (for a push) one of their phones still ringing.</summary>
    internal bool Fits(User user, IEnumerable<PushDevice> devices) =>
        user.Id == UserId && StampTag == TagOf(user.SecurityStamp, StampBytes)
        && (DeviceTag is null || devices.Any(d => d.UserId == user.Id && TagOf(d.Endpoint, DeviceBytes) == DeviceTag));

    private static string TagOf(string value, int bytes) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value))[..bytes]);
}

/// <summary>
/// Writes and reads <see cref="AnswerToken"/>s as short URL-safe strings signed with a key derived from
/// <c>Auth:OtpKey</c> (HMAC-SHA256, cut to 128 bits); no phone number or endpoint is in them. Nothing is stored: a token is single-use because it acts only
/// while the visit's change count is the one it carries, and acting moves the count on.
/// </summary>
public sealed class AnswerTokens(OtpKey key)
{
    private const byte Version = 2;
    private const int BodyLength = 1 + 16 + 16 + 2 + 4 + 4 + 8;
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
        Convert.FromHexString(token.StampTag).CopyTo(bytes.AsSpan(39, AnswerToken.StampBytes));
        if (token.DeviceTag is not null)
        {
            Convert.FromHexString(token.DeviceTag).CopyTo(bytes.AsSpan(43, AnswerToken.DeviceBytes));
        }

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

        var device = bytes.AsSpan(43, 8);
        var token = new AnswerToken(
            new Guid(bytes.AsSpan(1, 16)),
            new Guid(bytes.AsSpan(17, 16)),
            BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(33, 2)),
            DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(35, 4))),
            Convert.ToHexString(bytes.AsSpan(39, AnswerToken.StampBytes)),
            device.ContainsAnyExcept((byte)0) ? Convert.ToHexString(device) : null);
        return token.ExpiresAt > now ? token : null;
    }

    private byte[] Sign(ReadOnlySpan<byte> body) => HMACSHA256.HashData(_key, body)[..SignatureLength];
}
