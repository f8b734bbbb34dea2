namespace SecurityManagement.Core.Accounts;

/// <summary>Thrown by a user store when another user already has this phone number.</summary>
public sealed class PhoneAlreadyRegisteredException(PhoneNumber phone)
    : Exception($"The phone number {phone} is already registered.")
{
    public PhoneNumber Phone { get; } = phone;
}
