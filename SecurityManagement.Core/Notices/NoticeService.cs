using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Live;

namespace SecurityManagement.Core.Notices;

/// <summary>Pushes a notice to the phones of the residents it is for (those whose flat allows pushes); returns how many phones took it.</summary>
public interface INoticeAlerts
{
    Task<int> NoticeAsync(Notice notice, CancellationToken ct = default);
}

/// <summary>
/// Notices: admins post them to everyone, a block or a flat, with an optional expiry, and withdraw them;
/// residents see their flat's on the dashboard with an unread count, live; each notice is pushed once, by a
/// background round, to the phones of the residents it is for. Posting and withdrawing are audited.
/// </summary>
public sealed class NoticeService(INoticeStore notices, IFlatStore flats, ActingUsers acting, ILiveEvents live, INoticeAlerts alerts, TimeProvider clock)
{
    /// <summary>The most notices a resident's dashboard lists.</summary>
    public const int ResidentLimit = 30;

    /// <summary>The furthest ahead a notice may expire (the end of a last day a year ahead).</summary>
    public static readonly TimeSpan LongestLife = TimeSpan.FromDays(366);

    private const int PushBatch = 10;

    public async Task<Notice> PostAsync(Actor actor, NoticeRequest request, CancellationToken ct = default)
    {
        var admin = await acting.RequireRoleAsync(actor, ActingUsers.Admins, Codes.NoticeAdminsOnly, ct);
        var now = Moment.Now(clock);
        var errors = new InputErrors();
        var title = errors.Check(() => Text.Required(request.Title, "title", Notice.MaxTitleLength));
        var body = errors.Check(() => Text.Required(request.Body, "body", Notice.MaxBodyLength));
        var target = await TargetAsync(request, errors, ct);
        if (request.ExpiresAt is { } expires && (expires <= now || expires > now + LongestLife))
        {
            errors.Add("expiresAt", Codes.NoticeExpiry);
        }

        errors.ThrowIfAny();
        var notice = new Notice
        {
            Id = Guid.CreateVersion7(),
            Title = title!,
            Body = body!,
            Audience = request.Audience!.Value,
            Target = target,
            PostedBy = admin.Id,
            PostedByName = admin.FullName,
            PostedAt = now,
            ExpiresAt = request.ExpiresAt is { } at ? Moment.Stored(at) : null,
        };
        await notices.AddAsync(notice, Entry(admin.Id, "notice.posted", notice), ct);
        await live.PublishAsync(Topics.Notices, new NoticeChanged(notice.Id, notice.AudienceKey));
        return notice;
    }

    /// <summary>Admins take a notice down: it leaves every dashboard at once.</summary>
    public async Task<Notice> WithdrawAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        var admin = await acting.RequireRoleAsync(actor, ActingUsers.Admins, Codes.NoticeAdminsOnly, ct);
        var notice = await notices.GetAsync(id, ct) ?? throw new NotFoundException(Codes.NoticeNotFound);
        var withdrawn = await notices.TryWithdrawAsync(id, Moment.Now(clock), Entry(admin.Id, "notice.withdrawn", notice), ct)
            ?? throw new ConflictException(Codes.NoticeWithdrawn);
        await live.PublishAsync(Topics.Notices, new NoticeChanged(id, notice.AudienceKey));
        return withdrawn;
    }

    /// <summary>Admins: every notice, newest first.</summary>
    public async Task<Page<Notice>> ListAsync(Actor actor, PageRequest page, CancellationToken ct = default)
    {
        await acting.RequireRoleAsync(actor, ActingUsers.Admins, Codes.NoticeAdminsOnly, ct);
        return await notices.ListAsync(page, ct);
    }

    /// <summary>Residents: the notices for their flat that are live now, newest first, with what they have read.</summary>
    public async Task<ResidentNotices> GetMineAsync(Actor actor, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        var live = await notices.ListLiveAsync(Notice.KeysFor(resident.Flat!), Moment.Now(clock), ResidentLimit, ct);
        var read = live.Count == 0 ? new HashSet<Guid>() : await notices.ListReadAsync(resident.Id, [.. live.Select(n => n.Id)], ct);
        return new ResidentNotices([.. live.Select(n => new ResidentNotice(n, read.Contains(n.Id)))], live.Count(n => !read.Contains(n.Id)));
    }

    /// <summary>Residents: the notices they have now on screen are read.</summary>
    public async Task MarkReadAsync(Actor actor, IReadOnlyCollection<Guid> noticeIds, CancellationToken ct = default)
    {
        var resident = await RequireResidentAsync(actor, ct);
        var theirs = await notices.ListLiveAsync(Notice.KeysFor(resident.Flat!), Moment.Now(clock), ResidentLimit, ct);
        var ids = theirs.Select(n => n.Id).Intersect(noticeIds).ToList();
        if (ids.Count > 0)
        {
            await notices.MarkReadAsync(resident.Id, ids, Moment.Now(clock), ct);
        }
    }

    /// <summary>
    /// The background round: each new notice is claimed (once, whichever server) and pushed, at most once: a push that
    /// fails is not tried again, and one that expired before its round (a long outage) is claimed without a push.
    /// Returns how many it pushed.
    /// </summary>
    public async Task<int> PushDueAsync(CancellationToken ct = default)
    {
        var pushed = 0;
        foreach (var notice in await notices.ListUnpushedAsync(PushBatch, ct))
        {
            if (await notices.TryMarkPushedAsync(notice.Id, Moment.Now(clock), ct) && notice.IsLiveAt(Moment.Now(clock)))
            {
                pushed++;
                await alerts.NoticeAsync(notice, ct);
            }
        }

        return pushed;
    }

    /// <summary>The block or flat the notice is for, as the directory knows it; null for everyone.</summary>
    private async Task<string?> TargetAsync(NoticeRequest request, InputErrors errors, CancellationToken ct)
    {
        switch (request.Audience)
        {
            case NoticeAudience.Everyone:
                return null;
            case NoticeAudience.Block:
                var block = request.Target?.Trim().ToUpperInvariant();
                if (string.IsNullOrEmpty(block))
                {
                    errors.Add("target", Codes.Required, new Word("target"));
                }
                else if (block.Length > FlatCode.MaxPartLength || (await flats.SearchAsync($"{block}-", 1, ct)).Count == 0)
                {
                    errors.Add("target", Codes.NoticeBlockUnknown, block);
                }

                return block;
            case NoticeAudience.Flat:
                var flat = errors.Check(() => FlatCode.Parse(request.Target, "target"));
                if (flat is not null && await flats.GetAsync(flat, ct) is null)
                {
                    errors.Add("target", Codes.FlatUnknown, flat);
                }

                return flat?.Value;
            default:
                errors.Add("audience", Codes.NoticeAudienceMissing);
                return null;
        }
    }

    private async Task<User> RequireResidentAsync(Actor actor, CancellationToken ct)
    {
        var user = await acting.RequireRoleAsync(actor, [Role.Resident], Codes.NoticeResidentsOnly, ct);
        return user.Flat is null ? throw new NotAllowedException(Codes.NoticeResidentsOnly) : user;
    }

    /// <summary>Names the notice and its audience; the text stays on the notice.</summary>
    private AuditEntry Entry(Guid actorId, string action, Notice notice) =>
        AuditEntry.Create(actorId, action, $"notice:{notice.Id}", $"for {notice.AudienceKey}", Moment.Now(clock));
}
