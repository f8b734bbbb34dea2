using SecurityManagement.Core.Flats;

namespace SecurityManagement.Core.Accounts;

/// <summary>
/// Which users a list shows; a null criterion matches everyone. <see cref="Search"/> matches a name
/// containing it (any case) or a phone starting with it.
/// </summary>
public sealed record UserFilter(Role? Role = null, UserStatus? Status = null, FlatCode? Flat = null, string? Search = null);

/// <summary>Storage port for users.</summary>
public interface IUserStore
{
    /// <summary>Adds a user; throws <see cref="PhoneAlreadyRegisteredException"/> when the phone is taken.</summary>
    Task AddAsync(User user, CancellationToken ct = default);

    Task<User?> GetAsync(Guid id, CancellationToken ct = default);

    Task<User?> GetByPhoneAsync(PhoneNumber phone, CancellationToken ct = default);

    /// <summary>
    /// Compare-and-set: replaces the stored user with this one only if its security stamp is still
    /// <paramref name="expectedStamp"/> (every role or status change rotates the stamp). False when
    /// no user has the id or someone else changed it first; throws
    /// <see cref="PhoneAlreadyRegisteredException"/> when the new phone is taken.
    /// </summary>
    Task<bool> UpdateAsync(User user, string expectedStamp, CancellationToken ct = default);

    Task RecordLoginAsync(Guid id, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Users matching the filter, ordered by full name then phone.</summary>
    Task<Page<User>> ListAsync(UserFilter filter, PageRequest page, CancellationToken ct = default);
}
