using SecurityManagement.Core.Settings;

namespace SecurityManagement.Web;

/// <summary>
/// Keeps this server on the society's settings when another server changes them: at once when the change is
/// announced on the live hub, and every half minute from the store in case an announcement was missed (Redis
/// was down). Runs on every server.
/// </summary>
public sealed partial class SettingsFollower(IServiceProvider services, TimeProvider clock, ILogger<SettingsFollower> logger) : BackgroundService
{
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = services.GetRequiredService<SettingsService>();
        using var following = settings.FollowChanges();
        using var timer = new PeriodicTimer(Poll, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await settings.LoadAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the settings from the store; trying again in half a minute")]
    private partial void LogFailed(Exception ex);
}
