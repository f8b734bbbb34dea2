using System.Diagnostics;

namespace SecurityManagement.Tests.Web.Browser;

/// <summary>
/// Finds a Chromium for the browser tests: <c>CHROMIUM_PATH</c>, else a system Chromium, else
/// Playwright's own installer, else <c>apt-get install chromium</c> when root on Debian/Ubuntu.
/// When all fail the tests fail with instructions; they never skip.
/// </summary>
public static class ChromiumLocator
{
    public const string Variable = "CHROMIUM_PATH";

    private static readonly string[] SystemPaths =
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
        "/usr/bin/google-chrome-stable",
        "/snap/bin/chromium",
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    ];

    /// <summary>The executable to launch, or null to let Playwright use the browser its installer fetched.</summary>
    public static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"{Variable} is '{configured}', but no file is there.");
        }

        var system = SystemPaths.FirstOrDefault(File.Exists);
        if (system is not null)
        {
            return system;
        }

        if (PlaywrightInstallerSucceeds())
        {
            return null;
        }

        if (AptInstallSucceeds())
        {
            return SystemPaths[0];
        }

        throw new InvalidOperationException(
            "The browser tests need Chromium and none was found or could be installed. Install it with " +
            "'sudo apt-get install -y chromium' (Debian/Ubuntu) or 'pwsh bin/Debug/net10.0/playwright.ps1 install chromium', " +
            $"or set {Variable} to a Chromium or Chrome executable.");
    }

    private static bool PlaywrightInstallerSucceeds()
    {
        // The installer downloads; offline it fails, so give it a bounded time.
        var install = Task.Run(() => Microsoft.Playwright.Program.Main(["install", "chromium"]));
        return install.Wait(TimeSpan.FromMinutes(2)) && install.Result == 0;
    }

    private static bool AptInstallSucceeds()
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess || !File.Exists("/usr/bin/apt-get"))
        {
            return false;
        }

        return Run("apt-get", "update") && Run("apt-get", "install -y chromium") && File.Exists(SystemPaths[0]);
    }

    private static bool Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DEBIAN_FRONTEND"] = "noninteractive" },
        });
        if (process is null)
        {
            return false;
        }

        process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEndAsync();
        return process.WaitForExit(TimeSpan.FromMinutes(5)) && process.ExitCode == 0;
    }
}
