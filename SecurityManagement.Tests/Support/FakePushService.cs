using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SecurityManagement.Tests.Support;

/// <summary>
/// A loopback Web Push service (RFC 8030) for tests. Each <see cref="NewSubscription"/> is an endpoint with
/// its own P-256 key pair and auth secret, like a browser's <c>PushSubscription</c>. Pushes are accepted only
/// with valid VAPID (RFC 8292, <c>vapid</c> scheme) and an <c>aes128gcm</c> body (RFC 8291 / RFC 8188) that
/// decrypts with the subscription's keys; accepted pushes are recorded decrypted.
/// </summary>
public sealed class FakePushService : IAsyncDisposable
{
    private const int MaxBodyBytes = 64 * 1024;
    private const int TagBytes = 16;
    private const int PointBytes = 65;
    private static readonly TimeSpan MaxVapidLifetime = TimeSpan.FromHours(24);
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Subscriber> _subscribers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _refused = new(StringComparer.Ordinal);
    private readonly List<ReceivedPush> _received = [];
    private readonly List<string> _rejected = [];
    private readonly List<Waiter> _waiters = [];
    private string _origin = "";
    private bool _disposed;

    private FakePushService(WebApplication app)
    {
        _app = app;
        _app.MapPost("/push/{id}", HandlePushAsync);
    }

    /// <summary>The origin the fake listens on, with a trailing slash (http://127.0.0.1:port/).</summary>
    public Uri BaseAddress => new(_origin + "/");

    /// <summary>The pushes accepted so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<ReceivedPush> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public static async Task<FakePushService> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FakePushService).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Isolated from appsettings.json and ASPNETCORE_* variables that a test run may carry (Kestrel endpoints, URLs).
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var service = new FakePushService(app);
        try
        {
            await app.StartAsync();
            var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
            service._origin = addresses.Single().TrimEnd('/');
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new push endpoint with fresh keys, as a browser would hand to the application server.</summary>
    public FakeSubscription NewSubscription()
    {
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18));
        var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var subscriber = new Subscriber(key, UncompressedPoint(key.ExportParameters(includePrivateParameters: false).Q), RandomNumberGenerator.GetBytes(16));
        lock (_gate)
        {
            if (_disposed)
            {
                key.Dispose();
                throw new ObjectDisposedException(nameof(FakePushService));
            }

            _subscribers.Add(id, subscriber);
        }

        return new FakeSubscription(EndpointFor(id), Base64Url.EncodeToString(subscriber.PublicKey), Base64Url.EncodeToString(subscriber.AuthSecret));
    }

    /// <summary>From now on, pushes to <paramref name="endpoint"/> are answered with <paramref name="statusCode"/> and not recorded.</summary>
    public void Refuse(string endpoint, int statusCode)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        lock (_gate)
        {
            _refused[endpoint] = statusCode;
        }
    }

    /// <summary>Completes with the first push, already received or still to come, that <paramref name="match"/> accepts.</summary>
    public async Task<ReceivedPush> WaitForAsync(Func<ReceivedPush, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        var waiter = new Waiter(match);
        lock (_gate)
        {
            foreach (var push in _received)
            {
                if (match(push))
                {
                    return push;
                }
            }

            _waiters.Add(waiter);
        }

        try
        {
            return await waiter.Completion.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(DescribeTimeout(timeout));
        }
        finally
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Subscriber[] subscribers;
        Waiter[] waiters;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            subscribers = [.. _subscribers.Values];
            waiters = [.. _waiters];
            _waiters.Clear();
        }

        foreach (var waiter in waiters)
        {
            waiter.Completion.TrySetException(new ObjectDisposedException(nameof(FakePushService)));
        }

        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
        }

        foreach (var subscriber in subscribers)
        {
            subscriber.Key.Dispose();
        }
    }

    private string EndpointFor(string id) => _origin + "/push/" + id;

    private async Task HandlePushAsync(HttpContext context)
    {
        var id = (string?)context.Request.RouteValues["id"] ?? "";
        var endpoint = EndpointFor(id);
        Subscriber? subscriber;
        int refusal;
        lock (_gate)
        {
            _subscribers.TryGetValue(id, out subscriber);
            if (!_refused.TryGetValue(endpoint, out refusal))
            {
                refusal = 0;
            }
        }

        if (subscriber is null)
        {
            await RejectAsync(context, endpoint, StatusCodes.Status404NotFound, "no such push subscription");
            return;
        }

        if (refusal != 0)
        {
            await RejectAsync(context, endpoint, refusal, "endpoint refused by the test");
            return;
        }

        var vapid = CheckVapid(context.Request.Headers.Authorization.ToString(), _origin);
        if (vapid.Error is not null)
        {
            await RejectAsync(context, endpoint, vapid.Status, vapid.Error);
            return;
        }

        if (!string.Equals(context.Request.Headers.ContentEncoding.ToString(), "aes128gcm", StringComparison.OrdinalIgnoreCase))
        {
            await RejectAsync(context, endpoint, StatusCodes.Status415UnsupportedMediaType, "Content-Encoding must be aes128gcm");
            return;
        }

        if (!int.TryParse(context.Request.Headers["TTL"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var ttl))
        {
            await RejectAsync(context, endpoint, StatusCodes.Status400BadRequest, "TTL header missing or not a non-negative integer");
            return;
        }

        var urgencyHeader = context.Request.Headers["Urgency"];
        string? urgency = urgencyHeader.Count == 0 ? null : urgencyHeader.ToString();
        if (urgency is not null and not ("very-low" or "low" or "normal" or "high"))
        {
            await RejectAsync(context, endpoint, StatusCodes.Status400BadRequest, "Urgency must be very-low, low, normal or high");
            return;
        }

        var topicHeader = context.Request.Headers["Topic"];
        string? topic = topicHeader.Count == 0 ? null : topicHeader.ToString();

        var body = await ReadBodyAsync(context.Request);
        if (body is null)
        {
            await RejectAsync(context, endpoint, StatusCodes.Status413PayloadTooLarge, "body too large");
            return;
        }

        var payload = Decrypt(body, subscriber, out var decryptError);
        if (payload is null)
        {
            await RejectAsync(context, endpoint, StatusCodes.Status400BadRequest, "body does not decrypt: " + decryptError);
            return;
        }

        var push = new ReceivedPush(endpoint, Stopwatch.GetTimestamp(), payload, vapid.Subject, vapid.PublicKey, ttl, urgency, topic);
        Record(push);
        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.Headers.Location = _origin + "/message/" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));
    }

    private void Record(ReceivedPush push)
    {
        lock (_gate)
        {
            _received.Add(push);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var waiter = _waiters[i];
                try
                {
                    if (!waiter.Match(push))
                    {
                        continue;
                    }

                    waiter.Completion.TrySetResult(push);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    waiter.Completion.TrySetException(ex);
                }

                _waiters.RemoveAt(i);
            }
        }
    }

    private async Task RejectAsync(HttpContext context, string endpoint, int status, string reason)
    {
        lock (_gate)
        {
            _rejected.Add(string.Create(CultureInfo.InvariantCulture, $"{status} {endpoint}: {reason}"));
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(reason);
    }

    private string DescribeTimeout(TimeSpan timeout)
    {
        var text = new StringBuilder();
        lock (_gate)
        {
            text.Append(CultureInfo.InvariantCulture, $"No matching push arrived at the fake push service within {timeout.TotalSeconds:0.###} s. ");
            text.Append(CultureInfo.InvariantCulture, $"Accepted {_received.Count} push(es)");
            foreach (var push in _received)
            {
                text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  {push.Endpoint} TTL={push.Ttl} Urgency={push.Urgency ?? "-"} Topic={push.Topic ?? "-"} sub={push.VapidSubject} payload={push.Payload}");
            }

            text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}Rejected {_rejected.Count} request(s)");
            foreach (var rejection in _rejected)
            {
                text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  {rejection}");
            }
        }

        return text.ToString();
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static VapidResult CheckVapid(string authorization, string origin)
    {
        const string scheme = "vapid ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return VapidResult.Fail(StatusCodes.Status401Unauthorized, "Authorization must use the vapid scheme (RFC 8292)");
        }

        string? token = null;
        string? key = null;
        foreach (var part in authorization[scheme.Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return VapidResult.Fail(StatusCodes.Status401Unauthorized, "malformed vapid parameter: " + part);
            }

            var name = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim().Trim('"');
            if (string.Equals(name, "t", StringComparison.OrdinalIgnoreCase))
            {
                token = value;
            }
            else if (string.Equals(name, "k", StringComparison.OrdinalIgnoreCase))
            {
                key = value;
            }
        }

        if (token is null || key is null)
        {
            return VapidResult.Fail(StatusCodes.Status401Unauthorized, "vapid needs both t and k");
        }

        var segments = token.Split('.');
        if (segments.Length != 3)
        {
            return VapidResult.Fail(StatusCodes.Status401Unauthorized, "t is not a JWS compact token");
        }

        try
        {
            var publicKey = Base64Url.DecodeFromChars(key);
            if (publicKey.Length != PointBytes || publicKey[0] != 0x04)
            {
                return VapidResult.Fail(StatusCodes.Status401Unauthorized, "k is not an uncompressed P-256 point");
            }

            using (var header = JsonDocument.Parse(Base64Url.DecodeFromChars(segments[0])))
            {
                if (header.RootElement.ValueKind != JsonValueKind.Object
                    || !header.RootElement.TryGetProperty("alg", out var alg)
                    || alg.ValueKind != JsonValueKind.String
                    || alg.GetString() != "ES256")
                {
                    return VapidResult.Fail(StatusCodes.Status401Unauthorized, "JWT alg must be ES256");
                }
            }

            using var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = PointFrom(publicKey) });
            var signature = Base64Url.DecodeFromChars(segments[2]);
            var signed = Encoding.ASCII.GetBytes(segments[0] + "." + segments[1]);
            if (signature.Length != 64
                || !ecdsa.VerifyData(signed, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                return VapidResult.Fail(StatusCodes.Status403Forbidden, "JWT signature does not verify with k");
            }

            using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(segments[1]));
            var root = claims.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return VapidResult.Fail(StatusCodes.Status401Unauthorized, "JWT claims are not an object");
            }

            var aud = root.TryGetProperty("aud", out var audElement) && audElement.ValueKind == JsonValueKind.String ? audElement.GetString() : null;
            if (!IsAudienceOf(aud, origin))
            {
                return VapidResult.Fail(StatusCodes.Status401Unauthorized, $"JWT aud '{aud}' is not the push resource's origin '{origin}'");
            }

            if (!root.TryGetProperty("exp", out var expElement) || expElement.ValueKind != JsonValueKind.Number || !expElement.TryGetInt64(out var exp))
            {
                return VapidResult.Fail(StatusCodes.Status401Unauthorized, "JWT exp missing");
            }

            var now = DateTimeOffset.UtcNow;
            var expires = DateTimeOffset.FromUnixTimeSeconds(exp);
            if (expires <= now || expires - now > MaxVapidLifetime)
            {
                return VapidResult.Fail(StatusCodes.Status401Unauthorized, "JWT exp must be in the future and at most 24 h ahead");
            }

            var sub = root.TryGetProperty("sub", out var subElement) && subElement.ValueKind == JsonValueKind.String ? subElement.GetString() : null;
            if (sub is null
                || !(sub.StartsWith("mailto:", StringComparison.Ordinal) || sub.StartsWith("https:", StringComparison.Ordinal)))
            {
                return VapidResult.Fail(StatusCodes.Status401Unauthorized, "JWT sub must be a mailto: or https: contact");
            }

            return new VapidResult(0, null, sub, key);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or CryptographicException or ArgumentException)
        {
            return VapidResult.Fail(StatusCodes.Status401Unauthorized, "malformed VAPID credentials: " + ex.Message);
        }
    }

    /// <summary>
    /// RFC 8292 wants the origin (scheme://host:port). Lib.Net.Http.WebPush builds aud as scheme + "://" + host and
    /// drops the port, harmless for real push services on default ports but not for this fake on a random one;
    /// so the port-less form of our own origin is accepted too. Any other scheme or host is still refused.
    /// </summary>
    private static bool IsAudienceOf(string? aud, string origin)
    {
        if (aud is null)
        {
            return false;
        }

        var uri = new Uri(origin);
        return string.Equals(aud, origin, StringComparison.OrdinalIgnoreCase)
            || string.Equals(aud, uri.Scheme + "://" + uri.Host, StringComparison.OrdinalIgnoreCase);
    }

    private static string? Decrypt(byte[] body, Subscriber subscriber, out string error)
    {
        // RFC 8188 header: salt(16) | rs(uint32 BE) | idlen(1) | keyid(idlen) — for RFC 8291 keyid is the sender's public key.
        const int fixedHeader = 16 + 4 + 1;
        if (body.Length < fixedHeader)
        {
            error = "shorter than the aes128gcm header";
            return null;
        }

        var salt = body.AsSpan(0, 16);
        var recordSize = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16, 4));
        int idLength = body[20];
        if (idLength != PointBytes || body.Length < fixedHeader + idLength)
        {
            error = "keyid must be the sender's 65-byte public key";
            return null;
        }

        var senderPublic = body.AsSpan(fixedHeader, idLength);
        var record = body.AsSpan(fixedHeader + idLength);
        if (recordSize < TagBytes + 2)
        {
            error = "record size too small";
            return null;
        }

        if (record.Length > recordSize)
        {
            error = "more than one record (the fake supports one)";
            return null;
        }

        if (record.Length < TagBytes + 1)
        {
            error = "record too short";
            return null;
        }

        try
        {
            using var sender = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = PointFrom(senderPublic) });
            var ecdhSecret = subscriber.Key.DeriveRawSecretAgreement(sender.PublicKey);

            var keyInfo = Concat("WebPush: info\0"u8, subscriber.PublicKey, senderPublic);
            var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, ecdhSecret, 32, subscriber.AuthSecret, keyInfo);
            var prk = HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt.ToArray());
            var cek = HKDF.Expand(HashAlgorithmName.SHA256, prk, 16, "Content-Encoding: aes128gcm\0"u8.ToArray());
            var nonce = HKDF.Expand(HashAlgorithmName.SHA256, prk, 12, "Content-Encoding: nonce\0"u8.ToArray());

            var ciphertext = record[..^TagBytes];
            var plaintext = new byte[ciphertext.Length];
            using (var aes = new AesGcm(cek, TagBytes))
            {
                aes.Decrypt(nonce, ciphertext, record[^TagBytes..], plaintext);
            }

            var end = plaintext.Length - 1;
            while (end >= 0 && plaintext[end] == 0)
            {
                end--;
            }

            if (end < 0 || plaintext[end] != 0x02)
            {
                error = "last record lacks the 0x02 padding delimiter";
                return null;
            }

            error = "";
            return StrictUtf8.GetString(plaintext, 0, end);
        }
        catch (CryptographicException ex)
        {
            error = ex.Message;
            return null;
        }
        catch (DecoderFallbackException)
        {
            error = "payload is not UTF-8";
            return null;
        }
    }

    private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c)
    {
        var result = new byte[a.Length + b.Length + c.Length];
        a.CopyTo(result);
        b.CopyTo(result.AsSpan(a.Length));
        c.CopyTo(result.AsSpan(a.Length + b.Length));
        return result;
    }

    private static ECPoint PointFrom(ReadOnlySpan<byte> uncompressed)
    {
        if (uncompressed.Length != PointBytes || uncompressed[0] != 0x04)
        {
            throw new CryptographicException("not an uncompressed P-256 point");
        }

        return new ECPoint { X = uncompressed[1..33].ToArray(), Y = uncompressed[33..].ToArray() };
    }

    private static byte[] UncompressedPoint(ECPoint point) => Concat([0x04], point.X, point.Y);

    private sealed record Subscriber(ECDiffieHellman Key, byte[] PublicKey, byte[] AuthSecret);

    private sealed class Waiter(Func<ReceivedPush, bool> match)
    {
        public Func<ReceivedPush, bool> Match { get; } = match;

        public TaskCompletionSource<ReceivedPush> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly record struct VapidResult(int Status, string? Error, string Subject, string PublicKey)
    {
        public static VapidResult Fail(int status, string error) => new(status, error, "", "");
    }
}

/// <summary>A push subscription as a browser's <c>PushSubscription.toJSON()</c> gives it; keys are base64url without padding.</summary>
public sealed record FakeSubscription(string Endpoint, string P256dh, string Auth);

/// <summary>A push the fake accepted; <see cref="ArrivedAt"/> is a <see cref="Stopwatch.GetTimestamp"/> value.</summary>
public sealed record ReceivedPush(string Endpoint, long ArrivedAt, string Payload, string VapidSubject, string VapidPublicKey, int Ttl, string? Urgency, string? Topic);
