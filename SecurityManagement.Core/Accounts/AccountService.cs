using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;

namespace SecurityManagement.Core.Accounts;

/// <summary>
/// Sign-in by phone and one-time code, self-registration of residents, and the checks that keep a
/// session honest. The callers of sign-in and registration are anonymous by nature; everything
/// else names the acting user.
/// </summary>
public sealed class AccountService(IUserStore users, IFlatStore flats, IAuditStore audit, OtpService otp, TimeProvider clock)
{
    /// <summary>
    /// First step: the phone. An active user gets a code (or, with <paramref name="bypassOtp"/>, which
    /// the host allows only in Development, is signed in at once).
    /// </summary>
    public async Task<SignInResult> StartSignInAsync(string? phoneInput, bool bypassOtp, CancellationToken ct = default)
    {
        var phone = PhoneNumber.Parse(phoneInput);
        var user = await users.GetByPhoneAsync(phone, ct);
        var refused = Refusal(user);
        if (refused is not null)
        {
            return refused;
        }

        if (bypassOtp)
        {
            return await SignedInAsync(user!, "account.signed-in-without-code", ct);
        }

        var send = await otp.SendAsync(phone, ct);
        return new SignInResult(send.Outcome == OtpSendOutcome.Sent ? SignInStep.CodeSent : SignInStep.CodeRefused, Send: send);
    }

    /// <summary>Second step: the code. The user's status is checked again, since it may have changed meanwhile.</summary>
    public async Task<SignInResult> FinishSignInAsync(string? phoneInput, string? code, CancellationToken ct = default)
    {
        var phone = PhoneNumber.Parse(phoneInput);
        var check = await otp.CheckAsync(phone, code, ct);
        if (check.Outcome != OtpCheckOutcome.Verified)
        {
            return new SignInResult(SignInStep.CodeRefused, Code: check);
        }

        var user = await users.GetByPhoneAsync(phone, ct);
        return Refusal(user) ?? await SignedInAsync(user!, "account.signed-in", ct);
    }

    /// <summary>
    /// First step of registration: checks every field, then sends a code (or, with the development
    /// bypass, registers at once). There is no role to choose: registration makes a resident.
    /// </summary>
    public async Task<SignInResult> StartRegistrationAsync(
        string? phoneInput, string? fullName, string? flatInput, bool bypassOtp, CancellationToken ct = default)
    {
        var (phone, name, flat) = await CheckRegistrationAsync(phoneInput, fullName, flatInput, ct);
        if (bypassOtp)
        {
            return await RegisterAsync(phone, name, flat, ct);
        }

        var send = await otp.SendAsync(phone, ct);
        return new SignInResult(send.Outcome == OtpSendOutcome.Sent ? SignInStep.CodeSent : SignInStep.CodeRefused, Send: send);
    }

    /// <summary>Second step of registration: the code proves the phone; the resident then waits for an admin.</summary>
    public async Task<SignInResult> FinishRegistrationAsync(
        string? phoneInput, string? fullName, string? flatInput, string? code, CancellationToken ct = default)
    {
        var (phone, name, flat) = await CheckRegistrationAsync(phoneInput, fullName, flatInput, ct);
        var check = await otp.CheckAsync(phone, code, ct);
        return check.Outcome == OtpCheckOutcome.Verified
            ? await RegisterAsync(phone, name, flat, ct)
            : new SignInResult(SignInStep.CodeRefused, Code: check);
    }

    /// <summary>True while the session issued with this stamp may go on: the user exists, is active, and the stamp is current.</summary>
    public async Task<bool> IsSessionValidAsync(Guid userId, string securityStamp, CancellationToken ct = default)
    {
        var user = await users.GetAsync(userId, ct);
        return user is { Status: UserStatus.Active } && user.SecurityStamp == securityStamp;
    }

    /// <summary>The acting user's own account, for their profile.</summary>
    public Task<User> GetProfileAsync(Actor actor, CancellationToken ct = default) => users.RequireActiveAsync(actor, ct);

    /// <summary>
    /// Start-up: when no active super admin exists and a bootstrap phone is configured, makes that
    /// phone's user (new or existing) an active super admin. Returns the user it made, if any.
    /// </summary>
    public async Task<User?> EnsureSuperAdminAsync(string? phoneInput, string? fullName, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(phoneInput))
        {
            return null;
        }

        var active = await users.ListAsync(new UserFilter(Role.SuperAdmin, UserStatus.Active), new PageRequest(0, 1), ct);
        if (active.Total > 0)
        {
            return null;
        }

        var phone = PhoneNumber.Parse(phoneInput, "Bootstrap:SuperAdminPhone");
        var now = Moment.Now(clock);
        var existing = await users.GetByPhoneAsync(phone, ct);
        User superAdmin;
        if (existing is null)
        {
            superAdmin = User.Create(phone, string.IsNullOrWhiteSpace(fullName) ? "Super admin" : fullName, Role.SuperAdmin, null, UserStatus.Active, now);
            await users.AddAsync(superAdmin, ct);
        }
        else
        {
            superAdmin = existing with { Role = Role.SuperAdmin, Flat = null, Status = UserStatus.Active, SecurityStamp = User.NewSecurityStamp() };
            if (!await users.UpdateAsync(superAdmin, existing.SecurityStamp, ct))
            {
                throw new ConflictException("The bootstrap super admin changed during start-up; start again.");
            }
        }

        await audit.AppendAsync(AuditEntry.Create(null, "account.super-admin-bootstrapped", $"user:{superAdmin.Id}",
            $"{superAdmin.FullName} ({superAdmin.Phone}) from Bootstrap settings", now), ct);
        return superAdmin;
    }

    private static SignInResult? Refusal(User? user) => user?.Status switch
    {
        null => new SignInResult(SignInStep.UnknownPhone),
        UserStatus.PendingApproval => new SignInResult(SignInStep.PendingApproval, user),
        UserStatus.Deactivated => new SignInResult(SignInStep.Deactivated, user),
        _ => null,
    };

    private async Task<SignInResult> SignedInAsync(User user, string action, CancellationToken ct)
    {
        var now = Moment.Now(clock);
        await users.RecordLoginAsync(user.Id, now, ct);
        await audit.AppendAsync(AuditEntry.Create(user.Id, action, $"user:{user.Id}", null, now), ct);
        return new SignInResult(SignInStep.SignedIn, user with { LastLoginAt = now });
    }

    private async Task<(PhoneNumber Phone, string Name, FlatCode Flat)> CheckRegistrationAsync(
        string? phoneInput, string? fullName, string? flatInput, CancellationToken ct)
    {
        var errors = new InputErrors();
        var phone = errors.Check(() => PhoneNumber.Parse(phoneInput));
        var name = errors.Check(() => Text.Required(fullName, "fullName", "full name", User.MaxNameLength));
        var flat = errors.Check(() => FlatCode.Parse(flatInput));
        if (phone is not null && await users.GetByPhoneAsync(phone, ct) is not null)
        {
            errors.Add("phone", "This number is already registered. Sign in instead.");
        }

        if (flat is not null && await flats.GetAsync(flat, ct) is null)
        {
            errors.Add("flat", $"There is no flat {flat} in the society's directory.");
        }

        errors.ThrowIfAny();
        return (phone!, name!, flat!);
    }

    private async Task<SignInResult> RegisterAsync(PhoneNumber phone, string name, FlatCode flat, CancellationToken ct)
    {
        var now = Moment.Now(clock);
        var user = User.Create(phone, name, Role.Resident, flat, UserStatus.PendingApproval, now);
        try
        {
            await users.AddAsync(user, ct);
        }
        catch (PhoneAlreadyRegisteredException)
        {
            throw new InvalidInputException("phone", "This number is already registered. Sign in instead.");
        }

        await audit.AppendAsync(AuditEntry.Create(user.Id, "account.registered", $"user:{user.Id}", $"Resident of {flat}, awaiting approval", now), ct);
        return new SignInResult(SignInStep.PendingApproval, user);
    }
}
