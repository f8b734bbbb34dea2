using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Reach;

namespace SecurityManagement.Core.Accounts;

/// <summary>
/// Sign-in by phone and one-time code, self-registration of residents, sign-out, and the checks that
/// keep a session honest. The callers of sign-in and registration are anonymous by nature; everything
/// else names the acting user.
/// </summary>
/// <remarks>
/// The first step of sign-in and of registration answers every number alike: it sends the number a
/// code, whether or not an account has it. What differs (no account, waiting for approval,
/// deactivated, already registered) is said only after the right code, to whoever has the phone.
/// </remarks>
public sealed class AccountService(
    IUserStore users,
    ISessionStore sessions,
    ActingUsers acting,
    IFlatStore flats,
    IReachStore reach,
    ILiveEvents live,
    OtpService otp,
    SessionLimits limits,
    TimeProvider clock)
{
    // Start-up instances racing to make the bootstrap super admin retry this often before giving up.
    private const int MaxBootstrapRaces = 5;

    /// <summary>
    /// First step: the phone, which gets a code whatever account it has or lacks. With
    /// <paramref name="bypassOtp"/> (which the host allows only in Development) an active user is signed in at once.
    /// </summary>
    public async Task<SignInResult> StartSignInAsync(string? phoneInput, SignInClient client, bool bypassOtp, CancellationToken ct = default)
    {
        var phone = PhoneNumber.Parse(phoneInput);
        if (bypassOtp)
        {
            var user = await users.GetByPhoneAsync(phone, ct);
            return Refusal(user) ?? await SignedInAsync(user!, client.Device, "account.signed-in-without-code", ct);
        }

        // The code goes in the language its owner chose, if they have an account that chose one, else the page's.
        var language = (await users.GetByPhoneAsync(phone, ct))?.Language ?? client.Language;
        return CodeStep(await otp.SendAsync(phone, client.Device, client.Address, language, ct));
    }

    /// <summary>Second step: the code. Only now is it said whether the number can sign in, and why not.</summary>
    public async Task<SignInResult> FinishSignInAsync(string? phoneInput, string? code, SignInClient client, CancellationToken ct = default)
    {
        var phone = PhoneNumber.Parse(phoneInput);
        var check = await otp.CheckAsync(phone, code, client.Device, ct);
        if (check.Outcome != OtpCheckOutcome.Verified)
        {
            return new SignInResult(SignInStep.CodeRefused, Code: check);
        }

        var user = await users.GetByPhoneAsync(phone, ct);
        return Refusal(user) ?? await SignedInAsync(user!, client.Device, "account.signed-in", ct);
    }

    /// <summary>
    /// First step of registration: checks the name and the flat, then sends a code (or, with the
    /// development bypass, registers at once). There is no role to choose: registration makes a resident.
    /// </summary>
    public async Task<SignInResult> StartRegistrationAsync(
        string? phoneInput, string? fullName, string? flatInput, SignInClient client, bool bypassOtp, CancellationToken ct = default)
    {
        var (phone, name, flat) = await CheckRegistrationAsync(phoneInput, fullName, flatInput, ct);
        return bypassOtp ? await RegisterAsync(phone, name, flat, ct) : CodeStep(await otp.SendAsync(phone, client.Device, client.Address, client.Language, ct));
    }

    /// <summary>Second step of registration: the code proves the phone; the resident then waits for an admin.</summary>
    public async Task<SignInResult> FinishRegistrationAsync(
        string? phoneInput, string? fullName, string? flatInput, string? code, SignInClient client, CancellationToken ct = default)
    {
        var (phone, name, flat) = await CheckRegistrationAsync(phoneInput, fullName, flatInput, ct);
        var check = await otp.CheckAsync(phone, code, client.Device, ct);
        return check.Outcome == OtpCheckOutcome.Verified
            ? await RegisterAsync(phone, name, flat, ct)
            : new SignInResult(SignInStep.CodeRefused, Code: check);
    }

    /// <summary>Ends the actor's sign-in session on the server (its cookie opens nothing after this) and closes its open screens.</summary>
    public async Task SignOutAsync(Actor actor, CancellationToken ct = default)
    {
        if (actor.SessionId is not { } sessionId || await sessions.GetAsync(sessionId, ct) is not { } session || session.UserId != actor.UserId)
        {
            return;
        }

        var now = Moment.Now(clock);
        if (await sessions.TryEndAsync(sessionId, now, AuditEntry.Create(actor.UserId, "account.signed-out", $"user:{actor.UserId}", null, now), ct) is not null)
        {
            await live.PublishAsync(Topics.User(actor.UserId), new SessionEnded(actor.UserId, sessionId));
        }

        // The device signed out on stops ringing for this person.
        await reach.RemoveDevicesOfSessionAsync(sessionId, ct);
    }

    /// <summary>True while the session may go on: the user exists and is active, the stamp is current, and the sign-in session is live.</summary>
    public async Task<bool> IsSessionValidAsync(Actor actor, CancellationToken ct = default) =>
        await acting.ActiveAsync(actor, ct) is not null;

    /// <summary>Whether a session that is no longer valid ended because the user's access changed (gone, deactivated, new role or stamp), not the session itself.</summary>
    public async Task<bool> WasRevokedAsync(Actor actor, CancellationToken ct = default) =>
        await users.GetAsync(actor.UserId, ct) is not { Status: UserStatus.Active } user || user.SecurityStamp != actor.SecurityStamp;

    /// <summary>The acting user's own account, for their profile.</summary>
    public Task<User> GetProfileAsync(Actor actor, CancellationToken ct = default) => acting.RequireActiveAsync(actor, ct);

    /// <summary>
    /// Start-up: when no active super admin exists and a bootstrap phone is configured, makes that
    /// phone's user (new or existing) an active super admin. Returns the user it made, if any. Several
    /// instances starting at once make one: the others find it made.
    /// </summary>
    public async Task<User?> EnsureSuperAdminAsync(string? phoneInput, string? fullName, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(phoneInput))
        {
            return null;
        }

        var phone = PhoneNumber.Parse(phoneInput, "Bootstrap:SuperAdminPhone");
        for (var race = 0; race < MaxBootstrapRaces; race++)
        {
            if ((await users.ListAsync(new UserFilter(Role.SuperAdmin, UserStatus.Active), new PageRequest(0, 1), ct)).Total > 0)
            {
                return null;
            }

            var now = Moment.Now(clock);
            var existing = await users.GetByPhoneAsync(phone, ct);
            if (existing is { Role: Role.SuperAdmin, Status: UserStatus.Active })
            {
                // Another instance made them a moment after the look above.
                return null;
            }

            var superAdmin = existing is null
                ? User.Create(phone, string.IsNullOrWhiteSpace(fullName) ? "Super admin" : fullName, Role.SuperAdmin, null, UserStatus.Active, now)
                : existing with { Role = Role.SuperAdmin, Flat = null, Status = UserStatus.Active, SecurityStamp = User.NewSecurityStamp() };
            var entry = AuditEntry.Create(null, "account.super-admin-bootstrapped", $"user:{superAdmin.Id}", "from the Bootstrap settings", now);
            try
            {
                if (existing is null)
                {
                    await users.AddAsync(superAdmin, entry, ct);
                    return superAdmin;
                }

                if (await users.UpdateAsync(superAdmin, existing.SecurityStamp, entry, ct))
                {
                    return superAdmin;
                }
            }
            catch (PhoneAlreadyRegisteredException)
            {
                // Another instance made the same user a moment ago: look again.
            }
        }

        throw new ConflictException(Codes.BootstrapChanging);
    }

    private static SignInResult CodeStep(OtpSendResult send) =>
        new(send.Outcome == OtpSendOutcome.Sent ? SignInStep.CodeSent : SignInStep.CodeRefused, Send: send);

    private static SignInResult? Refusal(User? user) => user?.Status switch
    {
        null => new SignInResult(SignInStep.UnknownPhone),
        UserStatus.PendingApproval => new SignInResult(SignInStep.PendingApproval, user),
        UserStatus.Deactivated => new SignInResult(SignInStep.Deactivated, user),
        _ => null,
    };

    private async Task<SignInResult> SignedInAsync(User user, string? device, string action, CancellationToken ct)
    {
        // The device first: should that fail, no session is left behind without a cookie to use it.
        var trusted = await otp.TrustDeviceAsync(user.Phone, device, ct);
        var now = Moment.Now(clock);
        var session = Session.Start(user.Id, now, limits.For(user.Role));
        await sessions.StartAsync(session, AuditEntry.Create(user.Id, action, $"user:{user.Id}", null, now), ct);
        return new SignInResult(SignInStep.SignedIn, user with { LastLoginAt = now }, Session: session, Device: trusted);
    }

    private async Task<(PhoneNumber Phone, string Name, FlatCode Flat)> CheckRegistrationAsync(
        string? phoneInput, string? fullName, string? flatInput, CancellationToken ct)
    {
        var errors = new InputErrors();
        var phone = errors.Check(() => PhoneNumber.Parse(phoneInput));
        var name = errors.Check(() => Text.Required(fullName, "fullName", User.MaxNameLength));
        var flat = errors.Check(() => FlatCode.Parse(flatInput));
        if (flat is not null && await flats.GetAsync(flat, ct) is null)
        {
            errors.Add("flat", Codes.FlatUnknown, flat);
        }

        errors.ThrowIfAny();
        return (phone!, name!, flat!);
    }

    /// <summary>Registers the proven phone; one that already has an account is told so (only its owner gets this far).</summary>
    private async Task<SignInResult> RegisterAsync(PhoneNumber phone, string name, FlatCode flat, CancellationToken ct)
    {
        var now = Moment.Now(clock);
        var user = User.Create(phone, name, Role.Resident, flat, UserStatus.PendingApproval, now);
        try
        {
            await users.AddAsync(user, AuditEntry.Create(user.Id, "account.registered", $"user:{user.Id}", $"Resident of {flat}, awaiting approval", now), ct);
        }
        catch (PhoneAlreadyRegisteredException)
        {
            throw new InvalidInputException("phone", Codes.AlreadyRegistered);
        }

        return new SignInResult(SignInStep.PendingApproval, user);
    }
}
