using SecurityManagement.Core.Accounts;

namespace SecurityManagement.Core.Audit;

/// <summary>The result of checking the whole chain: how many entries were checked, and the first broken link if any.</summary>
public sealed record AuditVerification(long Checked, string? FirstBreak)
{
    public bool Intact => FirstBreak is null;
}

/// <summary>An audit entry with its actor's name (or "System").</summary>
public sealed record AuditLine(AuditEntry Entry, string Actor);

/// <summary>Reading and verifying the audit trail: admins only. Nothing here (or anywhere) edits an entry.</summary>
public sealed class AuditService(IAuditStore audit, IUserStore users, TimeProvider clock)
{
    private const int Batch = 500;

    public async Task<Page<AuditEntry>> ListAsync(Actor actor, AuditFilter filter, PageRequest page, CancellationToken ct = default)
    {
        await RequireAdminAsync(actor, ct);
        return await audit.ListAsync(filter, page, ct);
    }

    /// <summary>A page of entries with who acted, for the audit screen; <paramref name="actorPhone"/> narrows to one person.</summary>
    public async Task<Page<AuditLine>> ListLinesAsync(
        Actor actor, string? actorPhone, string? action, DateTimeOffset? from, DateTimeOffset? to, PageRequest page, CancellationToken ct = default)
    {
        await RequireAdminAsync(actor, ct);
        Guid? actorId = null;
        if (!string.IsNullOrWhiteSpace(actorPhone))
        {
            var phone = PhoneNumber.Parse(actorPhone, "actor");
            actorId = (await users.GetByPhoneAsync(phone, ct))?.Id ?? throw new InvalidInputException("actor", $"No account has the number {phone}.");
        }

        var entries = await audit.ListAsync(new AuditFilter(actorId, string.IsNullOrWhiteSpace(action) ? null : action.Trim(), from, to), page, ct);
        var names = new Dictionary<Guid, string>();
        foreach (var id in entries.Items.Select(e => e.ActorId).OfType<Guid>().Distinct())
        {
            names[id] = (await users.GetAsync(id, ct)) is { } user ? $"{user.FullName} ({user.Role})" : "Removed user";
        }

        return new Page<AuditLine>([.. entries.Items.Select(e => new AuditLine(e, e.ActorId is { } id ? names[id] : "System"))], entries.Total);
    }

    /// <summary>Walks the chain from the first entry, in batches, and reports the first broken link.</summary>
    public async Task<AuditVerification> VerifyAsync(Actor actor, CancellationToken ct = default)
    {
        var admin = await RequireAdminAsync(actor, ct);
        AuditEntry? previous = null;
        long checkedCount = 0;
        string? broken = null;
        while (broken is null)
        {
            var batch = await audit.ListAfterAsync(previous?.Sequence ?? 0, Batch, ct);
            if (batch.Count == 0)
            {
                break;
            }

            broken = AuditChain.FirstBreak(batch, previous);
            checkedCount += batch.Count;
            previous = batch[^1];
        }

        var result = new AuditVerification(checkedCount, broken);
        await audit.AppendAsync(AuditEntry.Create(admin.Id, "audit.verified", "audit",
            result.Intact ? $"{checkedCount} entries, chain intact" : broken, Moment.Now(clock)), ct);
        return result;
    }

    private Task<User> RequireAdminAsync(Actor actor, CancellationToken ct) =>
        users.RequireRoleAsync(actor, Actors.Admins, "Only admins read the audit trail.", ct);
}
