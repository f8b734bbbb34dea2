using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Web.Servers;

/// <summary>
/// Two servers of one society, as behind a load balancer: two app processes on one SQLite file (WAL), one
/// Redis started for the test, the same secrets; each its own keys folder and checkpoint folder, as on two
/// machines. Development, so the demo society is there and sign-in needs no code.
/// </summary>
public sealed class TwoServers : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sm-tests", Guid.NewGuid().ToString("N"));

    public RedisServer Redis { get; private set; } = null!;

    public AppProcess A { get; private set; } = null!;

    public AppProcess B { get; private set; } = null!;

    private string StoreFile => Path.Combine(_folder, "store.db");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        Redis = await RedisServer.StartAsync();
        var shared = new Dictionary<string, string>
        {
            ["ConnectionStrings:Sqlite"] = $"Data Source={StoreFile}",
            ["ConnectionStrings:Redis"] = Redis.ConnectionString,
            ["Auth:OtpKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Audit:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Reach:Vapid:PublicKey"] = AppFactory.Vapid.PublicKey,
            ["Reach:Vapid:PrivateKey"] = AppFactory.Vapid.PrivateKey,
            ["Reach:Vapid:Subject"] = AppFactory.Vapid.Subject,
            ["Reach:PushServices"] = "127.0.0.1",
            ["Auth:RateLimit:PostsPerMinute"] = "100000",
            ["Reach:PostsPerMinute"] = "100000",
        };
        A = new AppProcess("A", Own(shared, "a"));
        B = new AppProcess("B", Own(shared, "b"));

        // One after the other, as a deployment starts them: the first migrates the file and seeds the demo.
        await A.StartAsync();
        await B.StartAsync();
    }

    /// <summary>Starts again whatever an earlier test left stopped: Redis, either server.</summary>
    public async Task EnsureRunningAsync()
    {
        if (!Redis.IsRunning)
        {
            await Redis.StartAgainAsync();
        }

        foreach (var server in new[] { A, B })
        {
            if (!server.IsRunning)
            {
                await server.StartAsync();
            }
        }
    }

    /// <summary>Who holds the lease now, as the store says (the test shares the file).</summary>
    public async Task<string?> LeaseHolderAsync(string lease)
    {
        await using var connection = new SqliteConnection($"Data Source={StoreFile};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT holder FROM leases WHERE name = $name AND until > $now;";
        command.Parameters.AddWithValue("$name", lease);
        command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return await command.ExecuteScalarAsync() as string;
    }

    public async ValueTask DisposeAsync()
    {
        if (A is not null)
        {
            await A.DisposeAsync();
        }

        if (B is not null)
        {
            await B.DisposeAsync();
        }

        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private Dictionary<string, string> Own(Dictionary<string, string> shared, string name) => new(shared)
    {
        ["Auth:KeysFolder"] = Path.Combine(_folder, $"keys-{name}"),
        ["Audit:CheckpointFolder"] = Path.Combine(_folder, $"checkpoints-{name}"),
    };
}
