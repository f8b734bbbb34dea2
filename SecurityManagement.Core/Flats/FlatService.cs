using System.Globalization;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Flats;

/// <summary>A flat of the directory with the people registered to it.</summary>
public sealed record FlatSummary(Flat Flat, IReadOnlyList<User> Residents);

/// <summary>What adding a range would do: flats that would be new, and flats already in the directory (left alone).</summary>
public sealed record FlatRange(IReadOnlyList<FlatCode> New, IReadOnlyList<FlatCode> Existing);

/// <summary>
/// The flats directory, kept by admins. A flat with active residents or a visit still open at the
/// gate is neither removed nor renamed; ranges such as <c>A-101..A-110</c> are previewed before they
/// are added, and flats already there are reported, never doubled.
/// </summary>
public sealed class FlatService(IFlatStore flats, IUserStore users, ActingUsers acting, IVisitStore visits, TimeProvider clock)
{
    public const int MaxRange = 500;

    private static readonly VisitStatus[] OpenStatuses = [VisitStatus.Pending, VisitStatus.Returned, VisitStatus.Approved, VisitStatus.Inside];

    public async Task<Page<FlatSummary>> ListAsync(Actor actor, PageRequest page, CancellationToken ct = default)
    {
        await RequireAdminAsync(actor, ct);
        var list = await flats.ListAsync(page, ct);
        var summaries = new List<FlatSummary>();
        foreach (var flat in list.Items)
        {
            var residents = await users.ListAsync(new UserFilter(Role.Resident, Flat: flat.Code), new PageRequest(0, 50), ct);
            summaries.Add(new FlatSummary(flat, residents.Items));
        }

        return new Page<FlatSummary>(summaries, list.Total);
    }

    public async Task<Flat> AddAsync(Actor actor, string? codeInput, CancellationToken ct = default)
    {
        var admin = await RequireAdminAsync(actor, ct);
        var flat = new Flat(FlatCode.Parse(codeInput), Moment.Now(clock));
        try
        {
            await flats.AddAsync(flat, Entry(admin, "flat.added", flat.Code, null), ct);
        }
        catch (FlatAlreadyExistsException)
        {
            throw new InvalidInputException("flat", Codes.FlatExists, flat.Code);
        }

        return flat;
    }

    public async Task RemoveAsync(Actor actor, string? codeInput, CancellationToken ct = default)
    {
        var admin = await RequireAdminAsync(actor, ct);
        var code = FlatCode.Parse(codeInput);
        await RequireUnusedAsync(code, renaming: false, ct);
        if (!await flats.RemoveAsync(code, Entry(admin, "flat.removed", code, null), ct))
        {
            throw new NotFoundException(Codes.FlatUnknown, code);
        }
    }

    public async Task<Flat> RenameAsync(Actor actor, string? codeInput, string? newCodeInput, CancellationToken ct = default)
    {
        var admin = await RequireAdminAsync(actor, ct);
        var code = FlatCode.Parse(codeInput);
        var newCode = FlatCode.Parse(newCodeInput, "newCode");
        if (newCode == code)
        {
            throw new InvalidInputException("newCode", Codes.FlatSameCode);
        }

        // Residents keep the code they registered with, whatever their status: a rename would strand them.
        await RequireUnusedAsync(code, renaming: true, ct);
        try
        {
            if (!await flats.RenameAsync(code, newCode, Entry(admin, "flat.renamed", code, $"to {newCode}"), ct))
            {
                throw new NotFoundException(Codes.FlatUnknown, code);
            }
        }
        catch (FlatAlreadyExistsException)
        {
            throw new InvalidInputException("newCode", Codes.FlatExists, newCode);
        }
        return (await flats.GetAsync(newCode, ct))!;
    }

    /// <summary>What <see cref="AddRangeAsync"/> would do with this range, without doing it.</summary>
    public async Task<FlatRange> PreviewRangeAsync(Actor actor, string? range, CancellationToken ct = default)
    {
        await RequireAdminAsync(actor, ct);
        return await SplitAsync(ParseRange(range), ct);
    }

    /// <summary>
    /// Adds the range's new flats, each with its own entry in the trail (a flat added is a flat added,
    /// whatever happens to the rest); the ones already there are reported in <see cref="FlatRange.Existing"/>.
    /// </summary>
    public async Task<FlatRange> AddRangeAsync(Actor actor, string? range, CancellationToken ct = default)
    {
        var admin = await RequireAdminAsync(actor, ct);
        var codes = ParseRange(range);
        var inRange = $"in range {codes[0]}..{codes[^1]}";
        var added = new List<FlatCode>();
        var existing = new List<FlatCode>();
        var now = Moment.Now(clock);
        foreach (var code in codes)
        {
            try
            {
                await flats.AddAsync(new Flat(code, now), Entry(admin, "flat.added", code, inRange), ct);
                added.Add(code);
            }
            catch (FlatAlreadyExistsException)
            {
                existing.Add(code);
            }
        }

        return new FlatRange(added, existing);
    }

    /// <summary>Parses <c>A-101..A-110</c>: one block, numbers counted up (keeping leading zeros), at most <see cref="MaxRange"/> flats.</summary>
    public static IReadOnlyList<FlatCode> ParseRange(string? range)
    {
        var parts = (range ?? "").Split("..", StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !FlatCode.TryParse(parts[0], out var first, out _) || !FlatCode.TryParse(parts[1], out var last, out _))
        {
            throw new InvalidInputException("range", Codes.FlatRangeFormat);
        }

        if (first.Block != last.Block || !int.TryParse(first.Number, NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            || !int.TryParse(last.Number, NumberStyles.None, CultureInfo.InvariantCulture, out var to))
        {
            throw new InvalidInputException("range", Codes.FlatRangeFormat);
        }

        if (to < from)
        {
            throw new InvalidInputException("range", Codes.FlatRangeBackwards, last, first);
        }

        if (to - from + 1 > MaxRange)
        {
            throw new InvalidInputException("range", Codes.FlatRangeTooBig, MaxRange);
        }

        var width = first.Number.Length;
        return [.. Enumerable.Range(from, to - from + 1)
            .Select(n => FlatCode.Parse($"{first.Block}-{n.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0')}"))];
    }

    private async Task<FlatRange> SplitAsync(IReadOnlyList<FlatCode> codes, CancellationToken ct)
    {
        var added = new List<FlatCode>();
        var existing = new List<FlatCode>();
        foreach (var code in codes)
        {
            (await flats.GetAsync(code, ct) is null ? added : existing).Add(code);
        }

        return new FlatRange(added, existing);
    }

    /// <summary>A flat is removed only without active residents, renamed only without any registered ones; neither with a visit open at the gate.</summary>
    private async Task RequireUnusedAsync(FlatCode code, bool renaming, CancellationToken ct)
    {
        var residents = await users.ListAsync(new UserFilter(Role.Resident, renaming ? null : UserStatus.Active, code), new PageRequest(0, 1), ct);
        if (residents.Total > 0)
        {
            throw new ConflictException(renaming ? Codes.FlatRenameHasResidents : Codes.FlatRemoveHasResidents, code, residents.Total);
        }

        foreach (var status in OpenStatuses)
        {
            if (await visits.CountAsync(new VisitLogFilter(Flat: code, Status: status), 1, ct) > 0)
            {
                throw new ConflictException(renaming ? Codes.FlatRenameOpenVisit : Codes.FlatRemoveOpenVisit, code, status);
            }
        }
    }

    private Task<User> RequireAdminAsync(Actor actor, CancellationToken ct) =>
        acting.RequireRoleAsync(actor, ActingUsers.Admins, Codes.AdminsOnlyFlats, ct);

    private AuditEntry Entry(User admin, string action, FlatCode flat, string? details) =>
        AuditEntry.Create(admin.Id, action, $"flat:{flat}", details, Moment.Now(clock));
}
