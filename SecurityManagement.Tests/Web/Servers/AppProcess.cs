using System.Collections.Concurrent;
using System.Diagnostics;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Web.Servers;

/// <summary>
/// The built app as a server of its own (a separate process, as in production) on a fixed 127.0.0.1 port,
/// with the settings given; its log lines are kept for assertions. <see cref="KillAsync"/> is kill -9.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(30);

    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    public AppProcess(string name, IReadOnlyDictionary<string, string> settings)
    {
        Name = name;
        Port = FreePorts.OnLoopback();
        Url = new Uri($"http://127.0.0.1:{Port}/");
        _settings = settings;
    }

    public string Name { get; }

    public int Port { get; }

    public Uri Url { get; }

    /// <summary>The running process's id (it names the server in leases: <c>machine/pid/…</c>).</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException($"{Name} is not running.");

    public IReadOnlyCollection<string> Log => _log;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts the app and waits until /healthz answers.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet", [WebAssembly()])
        {
            WorkingDirectory = Path.Combine(RepositoryRoot(), "SecurityManagement.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = Url.ToString().TrimEnd('/');
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in _settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Name}.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartBudget)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited at start:\n{string.Join('\n', _log.TakeLast(40))}");
            }

            try
            {
                if ((await http.GetAsync("healthz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"{Name} did not answer /healthz within {StartBudget.TotalSeconds:0} s:\n{string.Join('\n', _log.TakeLast(40))}");
    }

    /// <summary>kill -9: the server dies at once, as in a crash, leaving its leases to run out.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>/healthz's answer: Healthy, Degraded or Unhealthy.</summary>
    public async Task<string> HealthAsync()
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        return await (await http.GetAsync("healthz")).Content.ReadAsStringAsync();
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    /// <summary>The Web project's build of the same configuration as these tests (dotnet test builds it first).</summary>
    private static string WebAssembly()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(RepositoryRoot(), "SecurityManagement.Web", "bin", configuration, "net10.0", "SecurityManagement.Web.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"No built app at {path}: build the solution first (dotnet build).");
    }

    internal static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "SecurityManagement.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository: no SecurityManagement.sln above them.");
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _log.Enqueue(line);
        }
    }
}
