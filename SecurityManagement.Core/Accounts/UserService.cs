using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Cluster;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Reach;

namespace SecurityManagement.Core.Accounts;

/// <summary>
/// What admins do to users. Admins manage residents and guards; super admins manage everyone.
/// Nobody deactivates or demotes themselves, and the last active super admin stays. Every role or
/// status change rotates the user's security stamp and ends their open sessions at once.
/// </summary>
public sealed class UserService(IUserStore users, ActingUsers acting, IFlatStore flats, IReachStore reach, ILiveEvents live, Leases leases, TimeProvider clock)
{
    public const int MaxReasonLength = 300;

    /// <summary>The lease a super admin's removal holds, on whichever server it runs.</summary>
    public const string SuperAdminRemovalLease = "super-admin-removal";

    /// <summary>Creates an active user. Admins create residents and guards; super admins also admins and super admins.</summary>
    public async Task<User> CreateAsync(Actor actor, string? phoneInput, string? fullName, Role role, string? flatInput, CancellationToken ct = default)
    {
        var me = await RequireAdminAsync(actor, ct);
        if (!CanGrant(me, role))
        {
            throw new NotAllowedException(Codes.SuperAdminOnlyCreate, role);
        }

        var errors = new InputErrors();
        var phone = errors.Check(() => PhoneNumber.Parse(phoneInput));
        var flat = role == Role.Resident ? errors.Check(() => FlatCode.Parse(flatInput)) : null;
        if (flat is not null && await flats.GetAsync(flat, ct) is null)
        {
            errors.Add("flat", Codes.FlatUnknown, flat);
        }

        var name = errors.Check(() => Text.Required(fullName, "fullName", User.MaxNameLength));
        errors.ThrowIfAny();
        var user = User.Create(phone!, name, role, flat, UserStatus.Active, Moment.Now(clock));
        try
        {
            await users.AddAsync(user, Entry(me, "user.created", user, $"{role}{(flat is null ? "" : $" of {flat}")}"), ct);
        }
        catch (PhoneAlreadyRegisteredException)
        {
            throw new InvalidInputException("phone", Codes.PhoneTaken);
        }

        return user;
    }

    /// <summary>Users for the admin screens, filtered and paged.</summary>
    public async Task<Page<User>> ListAsync(Actor actor, UserFilter filter, PageRequest page, CancellationToken ct = default)
    {
        await RequireAdminAsync(actor, ct);
        Text.Optional(filter.Search, "search", User.MaxNameLength);
        return await users.ListAsync(filter, page, ct);
    }

    /// <summary>Corrects a user's name and (for residents) flat. A new flat ends the resident's sessions; a new name does not.</summary>
    public async Task<User> EditAsync(Actor actor, Guid userId, string? fullName, string? flatInput, CancellationToken ct = default)
    {
        var me = await RequireAdminAsync(actor, ct);
        var target = await users.GetAsync(userId, ct) ?? throw new NotFoundException(Codes.UserNotFound);
        if (!CanGrant(me, target.Role))
        {
            throw new NotAllowedException(Codes.SuperAdminOnlyChange, target.Role);
        }

        var errors = new InputErrors();
        var name = errors.Check(() => Text.Required(fullName, "fullName", User.MaxNameLength));
        var flat = target.Role == Role.Resident ? errors.Check(() => FlatCode.Parse(flatInput)) : null;
        if (flat is not null && await flats.GetAsync(flat, ct) is null)
        {
            errors.Add("flat", Codes.FlatUnknown, flat);
        }

        errors.ThrowIfAny();

        // A new flat changes what the resident may see and answer: like a role change, it ends their sessions.
        var moved = flat != target.Flat;
        var edited = target with { FullName = name!, Flat = flat, SecurityStamp = moved ? User.NewSecurityStamp() : target.SecurityStamp };
        var details = string.Join("; ", new[] { name != target.FullName ? "name corrected" : null, moved ? $"moved to flat {flat}" : null }.OfType<string>());
        if (!await users.UpdateAsync(edited, target.SecurityStamp, Entry(me, "user.edited", edited, details.Length == 0 ? null : details), ct))
        {
            throw new ConflictException(Codes.UserChangedMeanwhile, target.FullName);
        }

        if (moved)
        {
            await live.PublishAsync(Topics.User(edited.Id), new SessionsRevoked(edited.Id));
            await reach.RemoveDevicesOfUserAsync(edited.Id, ct);
        }

        return edited;
    }

    /// <summary>
    /// The acting user's own language for the screens and their text messages. Core checks only that it
    /// is shaped like a culture name (<c>hi</c>, <c>en-IN</c>); the host offers the languages it has words for.
    /// </summary>
    public async Task SetLanguageAsync(Actor actor, string? language, CancellationToken ct = default)
    {
        var user = await acting.RequireActiveAsync(actor, ct);
        var name = language?.Trim() ?? "";
        if (!IsLanguageName(name))
        {
            throw new InvalidInputException("language", Codes.LanguageUnknown);
        }

        if (user.Language != name)
        {
            await users.SetLanguageAsync(user.Id, name, ct);
        }
    }

    private static bool IsLanguageName(string name) =>
        name.Length is >= 2 and <= 16 && name.Split('-') is var parts && parts[0].Length is 2 or 3 && parts[0].All(char.IsAsciiLetterLower)
        && parts.Skip(1).All(p => p.Length is >= 2 and <= 8 && p.All(char.IsAsciiLetterOrDigit));

    /// <summary>Lets a registered resident in.</summary>
    public async Task<User> ApproveAsync(Actor actor, Guid userId, CancellationToken ct = default)
    {
        await RequireFlatStillListedAsync(actor, userId, ct);
        return await ChangeAsync(actor, userId, "user.approved", null, (_, target) => target.Status == UserStatus.PendingApproval
            ? target with { Status = UserStatus.Active }
            : throw Stale(target, UserStatus.PendingApproval), ct);
    }

    /// <summary>Turns a registration away; the account stays, deactivated, with the reason in the audit trail.</summary>
    public Task<User> RejectAsync(Actor actor, Guid userId, string? reason, CancellationToken ct = default) =>
        ChangeAsync(actor, userId, "user.rejected", Reason(reason), (_, target) => target.Status == UserStatus.PendingApproval
            ? target with { Status = UserStatus.Deactivated }
            : throw Stale(target, UserStatus.PendingApproval), ct);

    public Task<User> DeactivateAsync(Actor actor, Guid userId, string? reason, CancellationToken ct = default) =>
        ChangeAsync(actor, userId, "user.deactivated", Reason(reason), (me, target) =>
        {
            if (target.Id == me.Id)
            {
                throw new NotAllowedException(Codes.CannotDeactivateSelf);
            }

            return target.Status == UserStatus.Active ? target with { Status = UserStatus.Deactivated } : throw Stale(target, UserStatus.Active);
        }, ct);

    public async Task<User> ReactivateAsync(Actor actor, Guid userId, CancellationToken ct = default)
    {
        await RequireFlatStillListedAsync(actor, userId, ct);
        return await ChangeAsync(actor, userId, "user.reactivated", null, (_, target) => target.Status == UserStatus.Deactivated
            ? target with { Status = UserStatus.Active }
            : throw Stale(target, UserStatus.Deactivated), ct);
    }

    /// <summary>A resident becomes active only for a flat of the directory (theirs may have been removed since).</summary>
    private async Task RequireFlatStillListedAsync(Actor actor, Guid userId, CancellationToken ct)
    {
        await RequireAdminAsync(actor, ct);
        if (await users.GetAsync(userId, ct) is { Role: Role.Resident, Flat: { } flat } resident && await flats.GetAsync(flat, ct) is null)
        {
            throw new ConflictException(Codes.ResidentFlatGone, resident.FullName, flat);
        }
    }

    /// <summary>Super admins only. A resident needs a flat from the directory; staff have none.</summary>
    public async Task<User> ChangeRoleAsync(Actor actor, Guid userId, Role role, string? flatInput, CancellationToken ct = default)
    {
        if ((await RequireAdminAsync(actor, ct)).Role != Role.SuperAdmin)
        {
            throw new NotAllowedException(Codes.SuperAdminOnlyRoles);
        }

        var flat = role == Role.Resident ? FlatCode.Parse(flatInput) : null;
        if (flat is not null && await flats.GetAsync(flat, ct) is null)
        {
            throw new InvalidInputException("flat", Codes.FlatUnknown, flat);
        }

        return await ChangeAsync(actor, userId, "user.role-changed", $"to {role}", (me, target) =>
        {
            if (target.Id == me.Id)
            {
                throw new NotAllowedException(Codes.CannotChangeOwnRole);
            }

            return target.Role == role && target.Flat == flat
                ? throw new InvalidInputException("role", Codes.AlreadyInRole, target.FullName, role)
                : target with { Role = role, Flat = flat };
        }, ct);
    }

    private static bool CanGrant(User me, Role role) => me.Role == Role.SuperAdmin || role is Role.Resident or Role.Guard;

    private static string? Reason(string? reason) => Text.Required(reason, "reason", MaxReasonLength);

    private static ConflictException Stale(User target, UserStatus expected) =>
        new(Codes.UserNoLonger, target.FullName, expected, target.Status);

    private Task<User> RequireAdminAsync(Actor actor, CancellationToken ct) =>
        acting.RequireRoleAsync(actor, ActingUsers.Admins, Codes.AdminsOnlyUsers, ct);

    /// <summary>Checks the actor and the rules, then applies the change with a new stamp.</summary>
    private async Task<User> ChangeAsync(
        Actor actor, Guid userId, string action, string? details, Func<User, User, User> change, CancellationToken ct)
    {
        var me = await RequireAdminAsync(actor, ct);
        var target = await users.GetAsync(userId, ct) ?? throw new NotFoundException(Codes.UserNotFound);
        if (!CanGrant(me, target.Role))
        {
            throw new NotAllowedException(Codes.SuperAdminOnlyChange, target.Role);
        }

        var changed = change(me, target) with { SecurityStamp = User.NewSecurityStamp() };
        if (target is not { Role: Role.SuperAdmin, Status: UserStatus.Active } || changed is { Role: Role.SuperAdmin, Status: UserStatus.Active })
        {
            return await ApplyAsync(me, target, changed, action, details, ct);
        }

        // Removing a super admin: one at a time on every server (a lease in the store), so two of them cannot
        // remove each other and leave none.
        return await leases.ExclusiveAsync(SuperAdminRemovalLease, async () =>
        {
            me = await RequireAdminAsync(actor, ct);
            var superAdmins = await users.ListAsync(new UserFilter(Role.SuperAdmin, UserStatus.Active), new PageRequest(0, 2), ct);
            if (superAdmins.Total <= 1)
            {
                throw new NotAllowedException(Codes.LastSuperAdmin);
            }

            return await ApplyAsync(me, target, changed, action, details, ct);
        }, () => throw new ConflictException(Codes.SuperAdminsBusy), ct);
    }

    /// <summary>Stores the change if the user is still as read (compare-and-set on the old stamp), audits it, and ends the user's sessions.</summary>
    private async Task<User> ApplyAsync(User me, User target, User changed, string action, string? details, CancellationToken ct)
    {
        if (!await users.UpdateAsync(changed, target.SecurityStamp, Entry(me, action, changed, details), ct))
        {
            throw new ConflictException(Codes.UserChangedMeanwhile, target.FullName);
        }

        await live.PublishAsync(Topics.User(changed.Id), new SessionsRevoked(changed.Id));
        if (changed.Status != UserStatus.Active || changed.Role != target.Role || changed.Flat != target.Flat)
        {
            // Their phones stop ringing for the flat at once (answers from a phone are refused anyway).
            await reach.RemoveDevicesOfUserAsync(changed.Id, ct);
        }

        return changed;
    }

    /// <summary>
    /// The permanent trail names the user by id only: their name and phone live on the account, and the
    /// audit screen looks them up when it shows the entry.
    /// </summary>
    private AuditEntry Entry(User me, string action, User subject, string? details) =>
        AuditEntry.Create(me.Id, action, $"user:{subject.Id}", details, Moment.Now(clock));
}
