using System.Collections.Concurrent;
using SecurityManagement.Core.Accounts;

namespace SecurityManagement.Tests.Support;

/// <summary>Keeps every text message instead of sending it, so tests can read the codes.</summary>
public sealed class CapturingSmsSender : ISmsSender
{
    private readonly ConcurrentQueue<(PhoneNumber To, string Message)> _sent = new();

    public IReadOnlyList<(PhoneNumber To, string Message)> Sent => [.. _sent];

    /// <summary>While true, sending fails as a provider outage would.</summary>
    public bool Failing { get; set; }

    public Task SendAsync(PhoneNumber to, string message, CancellationToken ct = default)
    {
        if (Failing)
        {
            throw new HttpRequestException($"SMS provider down (message was: {message})");
        }

        _sent.Enqueue((to, message));
        return Task.CompletedTask;
    }

    /// <summary>The code in the last sign-in message to this phone (it starts with the code; a visitor request does not).</summary>
    public string LastCodeFor(string phone) =>
        Sent.Last(m => m.To.Value == phone && m.Message.Length >= OtpService.CodeLength && m.Message[..OtpService.CodeLength].All(char.IsAsciiDigit))
            .Message[..OtpService.CodeLength];
}
