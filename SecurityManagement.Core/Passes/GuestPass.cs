using System.Security.Cryptography;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Flats;

namespace SecurityManagement.Core.Passes;

/// <summary>A resident's invitation: the guest shows the code at the gate inside the valid window.</summary>
public sealed record GuestPass
{
    public const int CodeLength = 6;

    /// <summary>What retention leaves in place of the guest's name.</summary>
    public const string ForgottenName = "(removed)";
    public const int MaxNameLength = 100;

    public required Guid Id { get; init; }

    public required FlatCode Flat { get; init; }

    public required string GuestName { get; init; }

    public PhoneNumber? GuestPhone { get; init; }

    public required DateTimeOffset ValidFrom { get; init; }

    public required DateTimeOffset ValidUntil { get; init; }

    public required PassUsage Usage { get; init; }

    public required string Code { get; init; }

    public required Guid CreatedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public int UseCount { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>A regular's days (none: every day).</summary>
    public WeekDays Days { get; init; }

    /// <summary>A regular's hours in the society's time, minutes after midnight (both null: all day); an end before the start spans midnight.</summary>
    public int? HoursFrom { get; init; }

    public int? HoursUntil { get; init; }

    public bool IsUsableAt(DateTimeOffset now) =>
        RevokedAt is null
        && now >= ValidFrom && now < ValidUntil
        && (Usage != PassUsage.SingleUse || UseCount == 0);

    /// <summary>
    /// Whether a regular is inside their days and hours at this local time (other passes always are). Hours
    /// spanning midnight belong to the day they start on.
    /// </summary>
    public bool IsInsideHours(DateTimeOffset local)
    {
        var minute = (local.Hour * 60) + local.Minute;
        var day = local.DayOfWeek;
        if (HoursFrom is { } from && HoursUntil is { } until)
        {
            if (from < until && (minute < from || minute >= until))
            {
                return false;
            }

            if (from > until && minute >= until && minute < from)
            {
                return false;
            }

            if (from > until && minute < until)
            {
                day = local.AddDays(-1).DayOfWeek;
            }
        }

        return Days == WeekDays.None || Days.HasFlag(WeekDay.Of(day));
    }

    public static GuestPass Create(
        FlatCode flat,
        string? guestName,
        PhoneNumber? guestPhone,
        DateTimeOffset validFrom,
        DateTimeOffset validUntil,
        PassUsage usage,
        Guid createdBy,
        DateTimeOffset now)
    {
        if (validUntil <= validFrom)
        {
            throw new InvalidInputException("validUntil", Codes.PassEndsBeforeStart);
        }

        return new GuestPass
        {
            Id = Guid.CreateVersion7(),
            Flat = flat,
            GuestName = Text.Required(guestName, "guestName", MaxNameLength),
            GuestPhone = guestPhone,
            ValidFrom = Moment.Stored(validFrom),
            ValidUntil = Moment.Stored(validUntil),
            Usage = usage,
            Code = NewCode(),
            CreatedBy = createdBy,
            CreatedAt = Moment.Stored(now),
        };
    }

    /// <summary>A random 6-digit code from a CSPRNG.</summary>
    public static string NewCode() =>
        RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}
