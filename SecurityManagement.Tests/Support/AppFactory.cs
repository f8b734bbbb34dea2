using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Reach.WebPush;

namespace SecurityManagement.Tests.Support;

/// <summary>
/// The real app on its own temp SQLite file and key folder, in the environment the test names.
/// Text messages are captured (<see cref="Sms"/>), never sent; the per-client post limit is out of
/// the way unless a test sets it.
/// </summary>
public sealed class AppFactory(
    string environment = "Development",
    IReadOnlyDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? services = null,
    TimeProvider? clock = null) : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sm-tests", Guid.NewGuid().ToString("N"));

    public string StoreFile => Path.Combine(_folder, "store.db");

    /// <summary>Where the app keeps its audit checkpoints.</summary>
    public string CheckpointFolder => Path.Combine(_folder, "checkpoints");

    /// <summary>One VAPID key pair for every test app (making one costs a little).</summary>
    public static VapidKeys Vapid { get; } = VapidKeys.Create("mailto:tests@gate.test");

    public CapturingSmsSender Sms { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sqlite"] = $"Data Source={StoreFile}",
            ["Auth:KeysFolder"] = Path.Combine(_folder, "keys"),
            ["Auth:OtpKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Audit:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Audit:CheckpointFolder"] = Path.Combine(_folder, "checkpoints"),
            ["Auth:RateLimit:PostsPerMinute"] = "100000",
            ["Sms:Twilio:AccountSid"] = "AC-not-used-in-tests",
            ["Sms:Twilio:AuthToken"] = "not-used-in-tests",
            ["Sms:Twilio:From"] = "+10000000000",
            ["Reach:Vapid:PublicKey"] = Vapid.PublicKey,
            ["Reach:Vapid:PrivateKey"] = Vapid.PrivateKey,
            ["Reach:Vapid:Subject"] = Vapid.Subject,
            ["Reach:PublicUrl"] = "https://gate.test/",
            ["Reach:PushServices"] = "127.0.0.1",
            ["Reach:PostsPerMinute"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        builder.UseEnvironment(environment);
        foreach (var (key, value) in all)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(s =>
        {
            s.RemoveAll<ISmsSender>();
            s.AddSingleton<ISmsSender>(Sms);
            if (clock is not null)
            {
                s.RemoveAll<TimeProvider>();
                s.AddSingleton(clock);
            }

            services?.Invoke(s);
        });
    }

    /// <summary>Adds users (and their flats) straight to the store, e.g. in an environment without the demo seed.</summary>
    public async Task<User> AddUserAsync(Role role, UserStatus status = UserStatus.Active, string flat = "A-101")
    {
        var ct = TestContext.Current.CancellationToken;
        var flats = Services.GetRequiredService<IFlatStore>();
        if (role == Role.Resident && await flats.GetAsync(FlatCode.Parse(flat), ct) is null)
        {
            await flats.AddAsync(new Flat(FlatCode.Parse(flat), Builders.Now), null, ct);
        }

        var user = Builders.AUser(role, flat, status, name: $"Test {role}");
        await Services.GetRequiredService<IUserStore>().AddAsync(user, null, ct);
        return user;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
