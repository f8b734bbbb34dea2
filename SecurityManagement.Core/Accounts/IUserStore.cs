using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;

namespace SecurityManagement.Core.Accounts;

/// <summary>
/// Which users a list shows; a null criterion matches everyone. <see cref="Search"/> matches a name
/// containing it (any case) or a phone starting with it.
/// </summary>
public sealed record UserFilter(Role? Role = null, UserStatus? Status = null, FlatCode? Flat = null, string? Search = null);

/// <summary>
/// Storage port for users. Writes that carry an <see cref="AuditEntry"/> store it in the same atomic
/// step as the change: either both are kept or neither (null: a write nobody audits, such as the demo seed).
/// </summary>
public interface IUserStore
{
    /// <summary>Adds a user; throws <see cref="PhoneAlreadyRegisteredException"/> when the phone is taken.</summary>
    Task AddAsync(User user, AuditEntry? audit, CancellationToken ct = default);

    Task<User?> GetAsync(Guid id, CancellationToken ct = default);

    Task<User?> GetByPhoneAsync(PhoneNumber phone, CancellationToken ct = default);

    /// <summary>
    /// Compare-and-set: writes the user's name, flat, role, status and security stamp (nothing else,
    /// so a sign-in recorded meanwhile keeps its time) only if the stored stamp is still
    /// <paramref name="expectedStamp"/> (every role or status change rotates it). False when no user
    /// has the id or someone else changed it first.
    /// </summary>
    Task<bool> UpdateAsync(User user, string expectedStamp, AuditEntry? audit, CancellationToken ct = default);

    /// <summary>Keeps the language the user chose (a culture name such as <c>hi</c>); false when no user has the id. Not audited: a preference.</summary>
    Task<bool> SetLanguageAsync(Guid id, string language, CancellationToken ct = default);

    /// <summary>Users matching the filter, ordered by full name then phone.</summary>
    Task<Page<User>> ListAsync(UserFilter filter, PageRequest page, CancellationToken ct = default);
}
