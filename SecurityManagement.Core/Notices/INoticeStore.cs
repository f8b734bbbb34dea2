using SecurityManagement.Core.Audit;

namespace SecurityManagement.Core.Notices;

/// <summary>Storage port for notices and who has read them. Each change stores its audit entry in the same atomic step.</summary>
public interface INoticeStore
{
    Task AddAsync(Notice notice, AuditEntry audit, CancellationToken ct = default);

    Task<Notice?> GetAsync(Guid id, CancellationToken ct = default);

    /// <summary>Notices filed under any of <paramref name="audienceKeys"/> live at <paramref name="now"/>, newest first.</summary>
    Task<IReadOnlyList<Notice>> ListLiveAsync(IReadOnlyCollection<string> audienceKeys, DateTimeOffset now, int take, CancellationToken ct = default);

    /// <summary>Every notice, newest first (the admins' list).</summary>
    Task<Page<Notice>> ListAsync(PageRequest page, CancellationToken ct = default);

    /// <summary>Withdraws the notice if it was not; returns it as stored then, or null (nothing stored) when it was already withdrawn.</summary>
    Task<Notice?> TryWithdrawAsync(Guid id, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default);

    /// <summary>Marks the notices read by the user (again is harmless).</summary>
    Task MarkReadAsync(Guid userId, IReadOnlyCollection<Guid> noticeIds, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Which of <paramref name="noticeIds"/> the user has read.</summary>
    Task<IReadOnlySet<Guid>> ListReadAsync(Guid userId, IReadOnlyCollection<Guid> noticeIds, CancellationToken ct = default);

    /// <summary>Notices not yet pushed and not withdrawn, oldest first.</summary>
    Task<IReadOnlyList<Notice>> ListUnpushedAsync(int take, CancellationToken ct = default);

    /// <summary>Claims the notice's push (once); false when it was claimed already or withdrawn.</summary>
    Task<bool> TryMarkPushedAsync(Guid id, DateTimeOffset at, CancellationToken ct = default);
}
