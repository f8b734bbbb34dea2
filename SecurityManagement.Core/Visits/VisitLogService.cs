using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;

namespace SecurityManagement.Core.Visits;

/// <summary>
/// One page of the visit log: its visits, where the next page starts (null on the last page), and how
/// many visits match: exact when <see cref="MoreThanCounted"/> is false, otherwise "more than Counted".
/// </summary>
public sealed record VisitLogPage(IReadOnlyList<Visit> Items, VisitCursor? Next, int Counted, bool MoreThanCounted);

/// <summary>Visits that arrived on one day of the society's calendar.</summary>
public sealed record DayCount(DateOnly Day, int Visits);

/// <summary>The admin overview: today at a glance, the last 14 days, and the gate's busiest hours (visits per hour of the day over those days).</summary>
public sealed record GateOverview(int VisitsToday, int InsideNow, int Waiting, int DeniedToday, IReadOnlyList<DayCount> LastDays, IReadOnlyList<int> ByHourOfDay);

/// <summary>
/// The admins' visit log: "who came to B-204 last Tuesday?" answered from the server, page by page,
/// and exported as CSV streamed in batches so that a hundred thousand rows never sit in memory.
/// </summary>
public sealed class VisitLogService(IVisitStore visits, IUserStore users, ActingUsers acting, IAuditStore audit, SocietyOptions society, GateOptions gates, TimeProvider clock)
{
    public const int ExportBatch = 1000;

    public static readonly string[] CsvHeader =
        ["Arrived", "Visitor", "Phone", "Purpose", "Flat", "Vehicle", "Note", "Status", "Answered by", "Entered", "Left", "Logged by", "Gate", "Exit gate"];

    public const int OverviewDays = 14;

    /// <summary>The log counts its matches up to this many, then says "more than"; a count never reads the whole history.</summary>
    public const int CountCap = 10_000;

    public async Task<GateOverview> GetOverviewAsync(Actor actor, CancellationToken ct = default)
    {
        await RequireAdminAsync(actor, ct);
        var now = clock.GetUtcNow();
        var today = society.StartOfDay(now);
        var counts = await visits.CountAsync(today, ct);
        var denied = await visits.CountAsync(new VisitLogFilter(From: today, Status: VisitStatus.Denied), int.MaxValue, ct);
        var first = today.AddDays(1 - OverviewDays);
        var hours = await visits.CountByHourAsync(first, today.AddDays(1), society.TimeZone.GetUtcOffset(now), ct);

        var firstDay = DateOnly.FromDateTime(first.DateTime);
        var perDay = hours.GroupBy(h => DateOnly.FromDayNumber(Epoch.DayNumber + (int)(h.Hour / 24))).ToDictionary(g => g.Key, g => g.Sum(h => h.Visits));
        var lastDays = Enumerable.Range(0, OverviewDays).Select(i => firstDay.AddDays(i)).Select(day => new DayCount(day, perDay.GetValueOrDefault(day))).ToList();
        var byHour = new int[24];
        foreach (var hour in hours)
        {
            byHour[hour.Hour % 24] += hour.Visits;
        }

        return new GateOverview(counts.VisitsSince, counts.InsideNow, counts.Pending, denied, lastDays, byHour);
    }

    private static readonly DateOnly Epoch = new(1970, 1, 1);

    /// <summary>A page of the log, newest first: the first page when <paramref name="after"/> is null, else the page after that visit.</summary>
    public async Task<VisitLogPage> SearchAsync(Actor actor, VisitLogFilter filter, VisitCursor? after, int take, CancellationToken ct = default)
    {
        await RequireAdminAsync(actor, ct);
        Checked(filter);
        if (take is < 1 or > PageRequest.MaxTake)
        {
            throw new ArgumentOutOfRangeException(nameof(take), take, $"Take must be between 1 and {PageRequest.MaxTake}.");
        }

        var items = await visits.SearchAsync(filter, after, take + 1, ct);
        var page = items.Take(take).ToList();
        var counted = await visits.CountAsync(filter, CountCap + 1, ct);
        return new VisitLogPage(page, items.Count > take ? new VisitCursor(page[^1].CreatedAt, page[^1].Id) : null, Math.Min(counted, CountCap), counted > CountCap);
    }

    /// <summary>The filter, if its search text is one an index can serve: from 3 characters to as long as a name can be.</summary>
    private static void Checked(VisitLogFilter filter)
    {
        if (filter.SearchText is { Length: < VisitLogFilter.MinTextLength })
        {
            throw new InvalidInputException("text", Codes.SearchTooShort, VisitLogFilter.MinTextLength);
        }

        Text.Optional(filter.Text, "text", Visit.MaxNameLength, "search");
    }

    /// <summary>
    /// Writes the filtered visits, newest first, as CSV. The export is audited when it starts (with its
    /// filter) and when it ends: finished, cut off (the browser went away) or failed, with the rows
    /// written by then. Returns the number of rows.
    /// </summary>
    public async Task<int> ExportCsvAsync(Actor actor, VisitLogFilter filter, TextWriter output, CancellationToken ct = default)
    {
        var admin = await RequireAdminAsync(actor, ct);
        Checked(filter);
        await audit.AppendAsync(AuditEntry.Create(admin.Id, "visits.export-started", "visits", Describe(filter), Moment.Now(clock)), ct);
        var rows = 0;
        var ending = "visits.export-failed";
        try
        {
            await WriteCsvAsync(filter, output, () => rows++, ct);
            ending = ct.IsCancellationRequested ? "visits.export-aborted" : "visits.exported";
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            ending = "visits.export-aborted";
            throw;
        }
        finally
        {
            // Whatever the request's token says now, the trail hears how it ended.
            await audit.AppendAsync(AuditEntry.Create(admin.Id, ending, "visits", $"{rows} rows written", Moment.Now(clock)), CancellationToken.None);
        }

        return rows;
    }

    /// <summary>Writes the header, then the visits in batches, calling <paramref name="written"/> after each row.</summary>
    private async Task WriteCsvAsync(VisitLogFilter filter, TextWriter output, Action written, CancellationToken ct)
    {
        // The first batch is read before anything is written: a store that does not answer fails the
        // request while it can still say so, rather than after a CSV has begun.
        var batch = await visits.ExportAsync(filter, null, ExportBatch, ct);
        var names = new Dictionary<Guid, string>();
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape };
        await using var csv = new CsvWriter(output, configuration, leaveOpen: true);
        foreach (var title in CsvHeader)
        {
            csv.WriteField(title);
        }

        await csv.NextRecordAsync();
        while (true)
        {
            foreach (var row in batch)
            {
                await WriteAsync(csv, row, names, ct);
                written();
            }

            await csv.FlushAsync();
            if (batch.Count < ExportBatch)
            {
                return;
            }

            batch = await visits.ExportAsync(filter, new VisitCursor(batch[^1].CreatedAt, batch[^1].Id), ExportBatch, ct);
        }
    }

    private async Task WriteAsync(CsvWriter csv, VisitLogRow row, Dictionary<Guid, string> names, CancellationToken ct)
    {
        csv.WriteField(Local(row.CreatedAt));
        csv.WriteField(row.VisitorName);
        csv.WriteField(row.VisitorPhone);
        csv.WriteField(row.Purpose.ToString());
        csv.WriteField(row.Flat);
        csv.WriteField(row.VehicleNumber);
        csv.WriteField(row.Note);
        csv.WriteField(row.Status.ToString());
        csv.WriteField(row.AnsweredBy is { } by ? await NameAsync(by, names, ct) : "");
        csv.WriteField(row.EnteredAt is { } entry ? Local(entry) : "");
        csv.WriteField(row.LeftAt is { } exit ? Local(exit) : "");
        csv.WriteField(await NameAsync(row.LoggedBy, names, ct));
        csv.WriteField(gates.GateName(row.Gate));
        csv.WriteField(gates.GateName(row.ExitGate));
        await csv.NextRecordAsync();
    }

    private async Task<string> NameAsync(Guid id, Dictionary<Guid, string> names, CancellationToken ct)
    {
        if (!names.TryGetValue(id, out var name))
        {
            name = names[id] = (await users.GetAsync(id, ct))?.FullName ?? "Removed user";
        }

        return name;
    }

    private string Local(DateTimeOffset at) =>
        society.Local(at, "yyyy-MM-dd HH:mm");

    private string Describe(VisitLogFilter filter)
    {
        var parts = new List<string>();
        if (filter.From is { } from)
        {
            parts.Add($"from {Local(from)}");
        }

        if (filter.To is { } to)
        {
            parts.Add($"before {Local(to)}");
        }

        if (filter.Flat is { } flat)
        {
            parts.Add($"flat {flat}");
        }

        if (filter.Status is { } status)
        {
            parts.Add($"status {status}");
        }

        if (filter.Purpose is { } purpose)
        {
            parts.Add($"purpose {purpose}");
        }

        if (filter.Gate is { } gate)
        {
            parts.Add($"gate {gates.GateName(gate) ?? gate.ToString()}");
        }

        // The trail is permanent: it says a visitor was searched for, never whom (a name or phone).
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            parts.Add("a visitor search");
        }

        return parts.Count == 0 ? "all visits" : string.Join(", ", parts);
    }

    private Task<User> RequireAdminAsync(Actor actor, CancellationToken ct) =>
        acting.RequireRoleAsync(actor, ActingUsers.Admins, Codes.AdminsOnlyVisitLog, ct);
}
