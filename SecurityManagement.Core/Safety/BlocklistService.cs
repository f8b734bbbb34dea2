using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;

namespace SecurityManagement.Core.Safety;

/// <summary>
/// The society's blocklist: admins list a visitor's phone with a reason, and lift it; guards propose
/// entries for an admin to confirm or decline. The gate checks it before a flat is asked: a guard typing
/// a listed phone is warned, and logging or admitting that visitor is refused (and audited) until an admin lifts it.
/// </summary>
public sealed class BlocklistService(IBlocklistStore blocklist, IAuditStore audit, ActingUsers acting, TimeProvider clock)
{
    private static readonly Role[] Staff = [Role.Guard, Role.Admin, Role.SuperAdmin];

    /// <summary>Admins: the phone is refused at the gate from now on.</summary>
    public async Task<BlockedVisitor> AddAsync(Actor actor, BlockRequest request, CancellationToken ct = default)
    {
        var admin = await acting.RequireRoleAsync(actor, ActingUsers.Admins, Codes.BlocklistAdminsOnly, ct);
        return await AddAsync(admin, request, BlockStatus.Active, "blocklist.added", ct);
    }

    /// <summary>Guards (and admins): a proposal an admin confirms or declines; until then it only warns.</summary>
    public async Task<BlockedVisitor> ProposeAsync(Actor actor, BlockRequest request, CancellationToken ct = default)
    {
        var staff = await acting.RequireRoleAsync(actor, Staff, Codes.BlocklistStaffOnly, ct);
        return await AddAsync(staff, request, BlockStatus.Proposed, "blocklist.proposed", ct);
    }

    /// <summary>Admins confirm a guard's proposal: the block is active.</summary>
    public async Task<BlockedVisitor> ConfirmAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        var admin = await acting.RequireRoleAsync(actor, ActingUsers.Admins, Codes.BlocklistAdminsOnly, ct);
        var entry = await blocklist.GetAsync(id, ct) ?? throw new NotFoundException(Codes.BlocklistNotFound);
        return await blocklist.TryConfirmAsync(id, admin.Id, admin.FullName, Moment.Now(clock), Entry(admin.Id, "blocklist.confirmed", entry), ct)
            ?? throw new ConflictException(Codes.BlocklistChanged);
    }

    /// <summary>Admins lift a block, or decline a proposal, with an optional note; the visitor is asked about as anyone else from now on.</summary>
    public async Task<BlockedVisitor> LiftAsync(Actor actor, Guid id, string? note, CancellationToken ct = default)
    {
        var admin = await acting.RequireRoleAsync(actor, ActingUsers.Admins, Codes.BlocklistAdminsOnly, ct);
        var text = Text.Optional(note, "liftNote", BlockedVisitor.MaxReasonLength);
        var entry = await blocklist.GetAsync(id, ct) ?? throw new NotFoundException(Codes.BlocklistNotFound);
        var action = entry.Status == BlockStatus.Proposed ? "blocklist.declined" : "blocklist.lifted";
        return await blocklist.TryLiftAsync(id, entry.Status, admin.Id, admin.FullName, Moment.Now(clock), text, Entry(admin.Id, action, entry), ct)
            ?? throw new ConflictException(Codes.BlocklistChanged);
    }

    /// <summary>Admins: the live entries, proposals first.</summary>
    public async Task<Page<BlockedVisitor>> ListAsync(Actor actor, PageRequest page, CancellationToken ct = default)
    {
        await acting.RequireRoleAsync(actor, ActingUsers.Admins, Codes.BlocklistAdminsOnly, ct);
        return await blocklist.ListLiveAsync(page, ct);
    }

    /// <summary>Guards and admins: the phone's live entry, for the warning as the guard types it; null for a phone not listed (or not yet a phone).</summary>
    public async Task<BlockedVisitor?> CheckAsync(Actor actor, string? phoneInput, CancellationToken ct = default)
    {
        await acting.RequireRoleAsync(actor, Staff, Codes.BlocklistStaffOnly, ct);
        return PhoneNumber.TryParse(phoneInput, out var phone, out _) ? await blocklist.FindLiveAsync(phone, ct) : null;
    }

    /// <summary>
    /// The gate's check before a visit is logged or a pass admits: an actively blocked phone is refused beside
    /// <paramref name="field"/>, and the attempt is audited (naming the entry, not the visitor). Returns a guard's
    /// proposal for the phone, if there is one (it only warns: the flat is asked, never skipped).
    /// </summary>
    internal async Task<BlockedVisitor?> RefuseIfBlockedAsync(User guard, PhoneNumber phone, string field, CancellationToken ct)
    {
        var listed = await blocklist.FindLiveAsync(phone, ct);
        if (listed is { Status: BlockStatus.Active })
        {
            await audit.AppendAsync(Entry(guard.Id, "blocklist.refused", listed), ct);
            throw new InvalidInputException(field, Codes.VisitorBlocked, listed.Reason);
        }

        return listed;
    }

    private async Task<BlockedVisitor> AddAsync(User by, BlockRequest request, BlockStatus status, string action, CancellationToken ct)
    {
        var errors = new InputErrors();
        var phone = errors.Check(() => PhoneNumber.Parse(request.Phone));
        var name = errors.Check(() => Text.Optional(request.Name, "visitorName", BlockedVisitor.MaxNameLength));
        var reason = errors.Check(() => Text.Required(request.Reason, "reason", BlockedVisitor.MaxReasonLength));
        errors.ThrowIfAny();

        var now = Moment.Now(clock);
        var entry = new BlockedVisitor
        {
            Id = Guid.CreateVersion7(),
            Phone = phone!,
            Name = name,
            Reason = reason!,
            Status = status,
            AddedBy = by.Id,
            AddedByName = by.FullName,
            AddedAt = now,
            ConfirmedBy = status == BlockStatus.Active ? by.Id : null,
            ConfirmedByName = status == BlockStatus.Active ? by.FullName : null,
            ConfirmedAt = status == BlockStatus.Active ? now : null,
        };
        try
        {
            await blocklist.AddAsync(entry, Entry(by.Id, action, entry), ct);
        }
        catch (PhoneAlreadyListedException)
        {
            var listed = await blocklist.FindLiveAsync(entry.Phone, ct);
            throw new InvalidInputException("phone", listed?.Status == BlockStatus.Proposed ? Codes.BlocklistAlreadyProposed : Codes.BlocklistAlreadyListed);
        }

        return entry;
    }

    /// <summary>
    /// The trail is permanent: it names the entry and the status it was in, never the visitor's phone or name, nor the
    /// free text (reason, lift note) that may hold them; those stay on the entry.
    /// </summary>
    private AuditEntry Entry(Guid actorId, string action, BlockedVisitor entry) =>
        AuditEntry.Create(actorId, action, $"block:{entry.Id}", $"was {entry.Status}", Moment.Now(clock));
}

/// <summary>What an admin or guard types to list a visitor: the phone, optionally the name, and why.</summary>
public sealed record BlockRequest(string? Phone, string? Name, string? Reason);
