using SecurityManagement.Core.Flats;

namespace SecurityManagement.Core.Accounts;

/// <summary>A person who signs in: a resident of a flat, a guard, or an admin.</summary>
public sealed record User
{
    public const int MaxNameLength = 100;

    public required Guid Id { get; init; }

    public required PhoneNumber Phone { get; init; }

    public required string FullName { get; init; }

    /// <summary>The resident's flat; null for guards and admins.</summary>
    public FlatCode? Flat { get; init; }

    public required Role Role { get; init; }

    public required UserStatus Status { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastLoginAt { get; init; }

    /// <summary>The language the user chose for the screens and their text messages (a culture name such as <c>hi</c>); null until they choose.</summary>
    public string? Language { get; init; }

    /// <summary>Changes whenever role or status changes, which revokes the user's sessions.</summary>
    public required string SecurityStamp { get; init; }

    public static User Create(PhoneNumber phone, string? fullName, Role role, FlatCode? flat, UserStatus status, DateTimeOffset now)
    {
        if (role == Role.Resident && flat is null)
        {
            throw new InvalidInputException("flat", Codes.ResidentNeedsFlat);
        }

        if (role != Role.Resident && flat is not null)
        {
            throw new InvalidInputException("flat", Codes.OnlyResidentsHaveFlat);
        }

        return new User
        {
            Id = Guid.CreateVersion7(),
            Phone = phone,
            FullName = Text.Required(fullName, "fullName", MaxNameLength),
            Flat = flat,
            Role = role,
            Status = status,
            CreatedAt = Moment.Stored(now),
            SecurityStamp = NewSecurityStamp(),
        };
    }

    public static string NewSecurityStamp() => Guid.NewGuid().ToString("N");
}
