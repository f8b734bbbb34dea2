namespace SecurityManagement.Core.Accounts;

/// <summary>Port for sending a text message to a phone.</summary>
public interface ISmsSender
{
    Task SendAsync(PhoneNumber to, string message, CancellationToken ct = default);
}
