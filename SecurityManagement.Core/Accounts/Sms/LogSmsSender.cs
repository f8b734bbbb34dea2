using Microsoft.Extensions.Logging;

namespace SecurityManagement.Core.Accounts.Sms;

/// <summary>
/// Writes each message to the log instead of sending it: the development sender. The host refuses
/// it outside Development unless <c>Sms:AllowLogSender</c> says otherwise (a staging run).
/// </summary>
public sealed partial class LogSmsSender(ILogger<LogSmsSender> logger) : ISmsSender
{
    public Task SendAsync(PhoneNumber to, string message, CancellationToken ct = default)
    {
        LogMessage(to.Value, message);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS to {Phone}: {Message}")]
    private partial void LogMessage(string phone, string message);
}
