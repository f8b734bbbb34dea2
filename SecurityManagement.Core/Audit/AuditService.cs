using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Passes;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Audit;

/// <summary>
/// The result of checking the whole trail: how many entries were checked, the first problem if any,
/// and the newest checkpoint (kept outside the store) the trail was found to match.
/// </summary>
public sealed record AuditVerification(long Checked, Problem? FirstBreak, AuditCheckpoint? Anchor)
{
    public bool Intact => FirstBreak is null;
}

/// <summary>What an entry's subject is, by kind.</summary>
public enum AuditSubjectKind
{
    User,
    Visit,
    Pass,
    Flat,
    PassCode,
    VisitLog,
    AuditTrail,
    Settings,
    Society,
    VisitorData,
    Gate,
    BlocklistEntry,
    Notice,
    Helper,

    /// <summary>A subject of no known kind: <see cref="AuditParty.Name"/> holds it as stored.</summary>
    Other,
}

/// <summary>
/// Who or what an entry names, looked up when the trail is shown: a user's name and role (no name once
/// the account is gone), a visit's or pass's flat, a flat's or code's own text.
/// </summary>
public sealed record AuditParty(AuditSubjectKind Kind, string? Name = null, Role? Role = null);

/// <summary>An audit entry with who acted (null: the system) and what it was about.</summary>
public sealed record AuditLine(AuditEntry Entry, AuditParty? Actor, AuditParty Subject);

/// <summary>What a checkpoint round did: the checkpoint it wrote (null when nothing was new), or why it would not sign one.</summary>
public sealed record CheckpointRound(AuditCheckpoint? Written, string? Problem);

/// <summary>
/// Reading and verifying the audit trail: admins only. Nothing here (or anywhere) edits an entry.
/// Entries name people and things by id; their names are looked up when the trail is shown, so the
/// permanent trail itself holds no one's name or phone.
/// </summary>
public sealed class AuditService(
    IAuditStore audit, IUserStore users, IVisitStore visits, IPassStore passes, ActingUsers acting, AuditChain chain, IAuditAnchor anchor,
    SocietyOptions society, TimeProvider clock)
{
    /// <summary>
    /// The entry that starts the keyed trail of an installation that had entries before the audit key
    /// (they stay as written, checked with the hashing of their day, and this keyed entry vouches for
    /// the last of them).
    /// </summary>
    public const string KeyedAction = "audit.keyed";

    /// <summary>The longest action filter (actions are short codes such as <c>user.deactivated</c>).</summary>
    public const int MaxActionLength = 60;

    private const int Batch = 500;

    private AuditCheckpoint? _lastCheckpoint;
    private bool _checkpointsRead;

    public async Task<Page<AuditEntry>> ListAsync(Actor actor, AuditFilter filter, PageRequest page, CancellationToken ct = default)
    {
        await RequireAdminAsync(actor, ct);
        return await audit.ListAsync(filter, page, ct);
    }

    /// <summary>A page of entries with who acted and on what, for the audit screen; <paramref name="actorPhone"/> narrows to one person.</summary>
    public async Task<Page<AuditLine>> ListLinesAsync(
        Actor actor, string? actorPhone, string? action, DateTimeOffset? from, DateTimeOffset? to, PageRequest page, CancellationToken ct = default)
    {
        await RequireAdminAsync(actor, ct);
        var errors = new InputErrors();
        Guid? actorId = null;
        if (!string.IsNullOrWhiteSpace(actorPhone) && errors.Check(() => PhoneNumber.Parse(actorPhone, "actor")) is { } phone)
        {
            actorId = (await users.GetByPhoneAsync(phone, ct))?.Id;
            if (actorId is null)
            {
                errors.Add("actor", Codes.AuditNoAccount, phone);
            }
        }

        var actionText = errors.Check(() => Text.Optional(action, "action", MaxActionLength));
        errors.ThrowIfAny();
        var entries = await audit.ListAsync(new AuditFilter(actorId, actionText, from, to), page, ct);
        var known = new Dictionary<string, AuditParty>();
        var lines = new List<AuditLine>();
        foreach (var entry in entries.Items)
        {
            var who = entry.ActorId is { } id ? await PartyAsync($"user:{id}", known, ct) : null;
            lines.Add(new AuditLine(entry, who, await PartyAsync(entry.Subject, known, ct)));
        }

        return new Page<AuditLine>(lines, entries.Total);
    }

    /// <summary>
    /// Walks the chain from the first entry, in batches, checking every link with the key and every
    /// checkpoint kept outside the store; reports the first problem: an altered, re-linked or missing
    /// entry, an entry that differs from a checkpoint, or a trail shorter than a checkpoint saw it.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(Actor actor, CancellationToken ct = default)
    {
        var admin = await RequireAdminAsync(actor, ct);
        var (checkpoints, problem) = await ReadCheckpointsAsync(ct);
        var unkeyedUpTo = await UnkeyedUpToAsync(ct);
        AuditEntry? previous = null;
        long checkedCount = 0;
        Problem? broken = null;
        while (broken is null)
        {
            var batch = await audit.ListAfterAsync(previous?.Sequence ?? 0, Batch, ct);
            if (batch.Count == 0)
            {
                break;
            }

            broken = chain.FirstBreak(batch, previous, unkeyedUpTo) ?? Differing(batch, checkpoints);
            checkedCount += batch.Count;
            previous = batch[^1];
        }

        var last = previous?.Sequence ?? 0;
        broken ??= checkpoints.Values.Where(c => c.Sequence > last).OrderBy(c => c.Sequence).Select(c =>
            new Problem(Codes.AuditEntriesDeleted, last, c.At, c.Sequence)).FirstOrDefault();
        broken ??= problem;
        var anchorHeld = broken is null ? checkpoints.Values.Where(c => c.Sequence <= last).MaxBy(c => c.Sequence) : null;
        var result = new AuditVerification(checkedCount, broken, anchorHeld);
        await audit.AppendAsync(AuditEntry.Create(admin.Id, "audit.verified", "audit",
            result.Intact ? $"{checkedCount} entries, chain intact{(anchorHeld is null ? "" : $", matching the checkpoint at entry {anchorHeld.Sequence}")}" : broken?.ToString(),
            Moment.Now(clock)), ct);
        return result;
    }

    /// <summary>
    /// The system's checkpoint: when the trail has grown since the last one, signs its head and keeps it
    /// outside the store. It first confirms that the entry the last checkpoint named is still as it was:
    /// if the trail was cut back or rewritten since, it signs nothing (a new checkpoint would vouch for
    /// the changed trail) and says why.
    /// </summary>
    public async Task<CheckpointRound> WriteCheckpointAsync(CancellationToken ct = default)
    {
        if (!_checkpointsRead)
        {
            var (kept, _) = await ReadCheckpointsAsync(ct);
            _lastCheckpoint = kept.Values.MaxBy(c => c.Sequence);
            _checkpointsRead = true;
        }

        var head = await audit.GetLastAsync(ct);
        if (_lastCheckpoint is { } last)
        {
            var named = await audit.ListAfterAsync(last.Sequence - 1, 1, ct);
            if (named.Count == 0 || named[0].Sequence != last.Sequence || named[0].Hash != last.Hash)
            {
                return new CheckpointRound(null,
                    $"Entry {last.Sequence} no longer matches the checkpoint of {Local(last.At)}: the trail was cut back or rewritten. No checkpoint is signed until this is looked into.");
            }
        }

        if (head is null || head.Sequence <= (_lastCheckpoint?.Sequence ?? 0))
        {
            return new CheckpointRound(null, null);
        }

        var checkpoint = chain.Sign(head, clock.GetUtcNow());
        await anchor.WriteAsync(checkpoint, ct);
        _lastCheckpoint = checkpoint;
        return new CheckpointRound(checkpoint, null);
    }

    /// <summary>
    /// Start-up, once after upgrading: a trail whose newest entry was hashed before the audit key gets an
    /// entry, under the key, that starts the keyed trail and vouches for the unkeyed entries before it.
    /// Returns whether it added one.
    /// </summary>
    public async Task<bool> KeyUnkeyedTrailAsync(CancellationToken ct = default)
    {
        if (await audit.GetLastAsync(ct) is not { } head || chain.HashOf(head) == head.Hash || AuditChain.UnkeyedHashOf(head) != head.Hash)
        {
            return false;
        }

        await audit.AppendAsync(AuditEntry.Create(null, KeyedAction, "audit",
            $"Entries 1 to {head.Sequence} were written before the audit key and are checked as they were written then", Moment.Now(clock)), ct);
        return true;
    }

    /// <summary>The last entry written before the trail had a key (0: all are keyed): the one before the first keyed-trail entry.</summary>
    private async Task<long> UnkeyedUpToAsync(CancellationToken ct)
    {
        // Newest first: the last listed is the first written (instances starting together may add two).
        var markers = await audit.ListAsync(new AuditFilter(Action: KeyedAction), new PageRequest(0, PageRequest.MaxTake), ct);
        return markers.Items.Count == 0 ? 0 : markers.Items[^1].Sequence - 1;
    }

    /// <summary>The genuine checkpoints by sequence, and the first one that is unreadable or not signed with the key.</summary>
    private async Task<(Dictionary<long, AuditCheckpoint> Genuine, Problem? Problem)> ReadCheckpointsAsync(CancellationToken ct)
    {
        var genuine = new Dictionary<long, AuditCheckpoint>();
        Problem? problem = null;
        foreach (var kept in await anchor.ReadAsync(ct))
        {
            if (kept.Checkpoint is { } checkpoint && chain.IsGenuine(checkpoint))
            {
                genuine[checkpoint.Sequence] = checkpoint;
            }
            else
            {
                problem ??= new Problem(Codes.AuditCheckpointUnreadable, kept.Where);
            }
        }

        return (genuine, problem);
    }

    private static Problem? Differing(IReadOnlyList<AuditEntry> batch, Dictionary<long, AuditCheckpoint> checkpoints) =>
        batch.Where(e => checkpoints.TryGetValue(e.Sequence, out var c) && c.Hash != e.Hash)
            .Select(e => new Problem(Codes.AuditEntryDiffers, e.Sequence, checkpoints[e.Sequence].At))
            .FirstOrDefault();

    /// <summary>What an entry's subject id stands for, looked up now: a person, a visit's or pass's flat.</summary>
    private async Task<AuditParty> PartyAsync(string subject, Dictionary<string, AuditParty> known, CancellationToken ct)
    {
        if (known.TryGetValue(subject, out var party))
        {
            return party;
        }

        var (kind, key) = subject.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? (subject[..colon], subject[(colon + 1)..]) : (subject, "");
        var id = Guid.TryParse(key, out var parsed) ? parsed : Guid.Empty;
        party = kind switch
        {
            "user" => await users.GetAsync(id, ct) is { } user ? new AuditParty(AuditSubjectKind.User, user.FullName, user.Role) : new AuditParty(AuditSubjectKind.User),
            "visit" => new AuditParty(AuditSubjectKind.Visit, (await visits.GetAsync(id, ct))?.Flat.Value),
            "pass" => new AuditParty(AuditSubjectKind.Pass, (await passes.GetAsync(id, ct))?.Flat.Value),
            "flat" => new AuditParty(AuditSubjectKind.Flat, key),
            "code" => new AuditParty(AuditSubjectKind.PassCode, key),
            "visits" => new AuditParty(AuditSubjectKind.VisitLog),
            "audit" => new AuditParty(AuditSubjectKind.AuditTrail),
            "settings" => new AuditParty(AuditSubjectKind.Settings),
            "society" => new AuditParty(AuditSubjectKind.Society),
            "visitor data" => new AuditParty(AuditSubjectKind.VisitorData),
            "gate" => new AuditParty(AuditSubjectKind.Gate),
            "block" => new AuditParty(AuditSubjectKind.BlocklistEntry),
            "notice" => new AuditParty(AuditSubjectKind.Notice),
            "helper" => new AuditParty(AuditSubjectKind.Helper),
            _ => new AuditParty(AuditSubjectKind.Other, subject),
        };
        return known[subject] = party;
    }

    private string Local(DateTimeOffset at) => society.Local(at, "d MMM yyyy HH:mm");

    private Task<User> RequireAdminAsync(Actor actor, CancellationToken ct) =>
        acting.RequireRoleAsync(actor, ActingUsers.Admins, Codes.AdminsOnlyAudit, ct);
}
