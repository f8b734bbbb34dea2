using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Storage.Mongo;

internal sealed class MongoVisitStore(IMongoCollection<Visit> visits, MongoAudited audited) : IVisitStore
{
    /// <summary>
    /// Stored beside each visit: the distinct three-character pieces of the visitor's name, lower case.
    /// A name search asks for all of its own pieces through a multikey index, then checks the few
    /// documents found with a regular expression (MongoDB has no substring index of its own).
    /// </summary>
    public const string NameGramsField = "nameGrams";

    private const int BackfillBatch = 1000;

    private static FilterDefinitionBuilder<Visit> Filter => Builders<Visit>.Filter;

    /// <summary>The lower-case three-character pieces of a name (the whole name when shorter).</summary>
    public static BsonArray NameGrams(string name)
    {
        var lower = name.ToLowerInvariant();
        return lower.Length < 3 ? [lower] : new BsonArray(Enumerable.Range(0, lower.Length - 2).Select(i => lower.Substring(i, 3)).Distinct());
    }

    /// <summary>Gives visits stored before the name index their name pieces, a batch at a time.</summary>
    public async Task BackfillNameGramsAsync(CancellationToken ct)
    {
        var raw = visits.Database.GetCollection<BsonDocument>(visits.CollectionNamespace.CollectionName);
        var missing = Builders<BsonDocument>.Filter.Exists(NameGramsField, false);
        var projection = Builders<BsonDocument>.Projection.Include("_id").Include("visitorName");
        while (true)
        {
            var batch = await raw.Find(missing).Project(projection).Limit(BackfillBatch).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return;
            }

            await raw.BulkWriteAsync(batch.Select(d => new UpdateOneModel<BsonDocument>(
                Builders<BsonDocument>.Filter.Eq("_id", d["_id"]),
                Builders<BsonDocument>.Update.Set(NameGramsField, NameGrams(d.GetValue("visitorName", "").ToString()!)))), cancellationToken: ct);
        }
    }

    // Each index serves the queries listed in MongoIndexTests; every sort ends on _id, the tie-break.
    public static IEnumerable<CreateIndexModel<Visit>> Indexes =>
    [
        new(Builders<Visit>.IndexKeys.Ascending(v => v.Flat).Ascending(v => v.Status).Ascending(v => v.CreatedAt).Ascending(v => v.Id),
            new CreateIndexOptions { Name = "ix_flat_status_created" }),
        new(Builders<Visit>.IndexKeys.Ascending(v => v.Status).Ascending(v => v.StatusChangedAt).Ascending(v => v.Id),
            new CreateIndexOptions { Name = "ix_status_changed" }),
        new(Builders<Visit>.IndexKeys.Descending(v => v.CreatedAt).Descending(v => v.Id), new CreateIndexOptions { Name = "ix_created" }),
        new(Builders<Visit>.IndexKeys.Ascending(v => v.Flat).Descending(v => v.CreatedAt).Descending(v => v.Id),
            new CreateIndexOptions { Name = "ix_flat_created" }),
        new(Builders<Visit>.IndexKeys.Ascending(v => v.Status).Descending(v => v.CreatedAt).Descending(v => v.Id),
            new CreateIndexOptions { Name = "ix_status_created" }),
        new(Builders<Visit>.IndexKeys.Ascending(v => v.Purpose).Descending(v => v.CreatedAt).Descending(v => v.Id),
            new CreateIndexOptions { Name = "ix_purpose_created" }),
        new(Builders<Visit>.IndexKeys.Ascending(v => v.Gate).Descending(v => v.CreatedAt).Descending(v => v.Id),
            new CreateIndexOptions { Name = "ix_gate_created" }),
        new(Builders<Visit>.IndexKeys.Ascending(v => v.VisitorPhone).Descending(v => v.CreatedAt).Descending(v => v.Id),
            new CreateIndexOptions { Name = "ix_visitor_phone_created" }),
        new(Builders<Visit>.IndexKeys.Descending(v => v.StatusChangedAt).Descending(v => v.Id), new CreateIndexOptions { Name = "ix_status_changed_at" }),
        new(Builders<Visit>.IndexKeys.Ascending(NameGramsField).Descending(v => v.CreatedAt).Descending(v => v.Id),
            new CreateIndexOptions { Name = "ix_name_grams_created" }),
        MongoAudited.PendingIndex<Visit>(),
    ];

    public Task AddAsync(Visit visit, AuditEntry? audit, CancellationToken ct = default)
    {
        IReadOnlyList<AuditEntry> entries = audit is null ? [] : [audit];
        return audited.WriteAsync(async (session, parked) =>
        {
            await MongoDocuments.InsertAsync(visits, session, visit, parked, ct, new BsonDocument(NameGramsField, NameGrams(visit.VisitorName)));
            return true;
        }, entries, done => done, _ => visits.UpdateOneAsync(Filter.Eq(v => v.Id, visit.Id), MongoAudited.Unpark<Visit>(entries), cancellationToken: ct), ct);
    }

    public async Task<Visit?> GetAsync(Guid id, CancellationToken ct = default) =>
        await visits.Find(Filter.Eq(v => v.Id, id)).SingleOrDefaultAsync(ct);

    public Task<Visit?> TryChangeStatusAsync(Guid visitId, int seenChanges, VisitStatusChange change, AuditEntry audit, CancellationToken ct = default)
    {
        var update = Builders<Visit>.Update
            .Set(v => v.Status, change.To)
            .Set(v => v.StatusChangedAt, change.At)
            .Push(v => v.History, change);
        if (change.RoutedTo is { } flat)
        {
            update = update.Set(v => v.Flat, flat);
        }

        var filter = Filter.Eq(v => v.Id, visitId) & Filter.Eq(v => v.Status, change.From) & Filter.Size(v => v.History, seenChanges);
        return audited.WriteAsync<Visit?>(
            async (session, parked) => await visits.FindOneAndUpdateAsync(session, filter, MongoAudited.Park(update, parked), ct),
            [audit], moved => moved is not null,
            _ => visits.UpdateOneAsync(Filter.Eq(v => v.Id, visitId), MongoAudited.Unpark<Visit>([audit]), cancellationToken: ct), ct);
    }

    public async Task<IReadOnlyList<Visit>> ListPendingForFlatAsync(FlatCode flat, CancellationToken ct = default) =>
        await visits.Find(Filter.Eq(v => v.Flat, flat) & Filter.Eq(v => v.Status, VisitStatus.Pending))
            .SortBy(v => v.CreatedAt).ThenBy(v => v.Id)
            .ToListAsync(ct);

    public async Task<IReadOnlyList<Visit>> ListByStatusAsync(VisitStatus status, int limit, IReadOnlyCollection<Guid>? notAt = null, CancellationToken ct = default) =>
        await visits.Find(notAt is not { Count: > 0 }
                ? Filter.Eq(v => v.Status, status)
                : Filter.Eq(v => v.Status, status) & Filter.Nin(v => v.Gate, notAt.Select(id => (Guid?)id)))
            .SortBy(v => v.StatusChangedAt).ThenBy(v => v.Id)
            .Limit(limit)
            .ToListAsync(ct);

    public Task<Page<Visit>> ListForFlatAsync(FlatCode flat, PageRequest page, CancellationToken ct = default) =>
        NewestFirstAsync(Filter.Eq(v => v.Flat, flat), page, ct);

    public async Task<IReadOnlyList<Visit>> ListForFlatSinceAsync(FlatCode flat, DateTimeOffset since, int limit, CancellationToken ct = default) =>
        await visits.Find(Filter.Eq(v => v.Flat, flat) & Filter.Gte(v => v.CreatedAt, since))
            .SortByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id)
            .Limit(limit)
            .ToListAsync(ct);

    public Task<Page<Visit>> ListCreatedBetweenAsync(DateTimeOffset start, DateTimeOffset end, PageRequest page, CancellationToken ct = default) =>
        NewestFirstAsync(Filter.Gte(v => v.CreatedAt, start) & Filter.Lt(v => v.CreatedAt, end), page, ct);

    public async Task<GateCounts> CountAsync(DateTimeOffset since, CancellationToken ct = default)
    {
        var visitsSince = await visits.CountDocumentsAsync(Filter.Gte(v => v.CreatedAt, since), cancellationToken: ct);
        var inside = await visits.CountDocumentsAsync(Filter.Eq(v => v.Status, VisitStatus.Inside), cancellationToken: ct);
        var pending = await visits.CountDocumentsAsync(Filter.Eq(v => v.Status, VisitStatus.Pending), cancellationToken: ct);
        return new GateCounts((int)visitsSince, (int)inside, (int)pending);
    }

    public async Task<IReadOnlyList<Visit>> SearchAsync(VisitLogFilter filter, VisitCursor? after, int take, CancellationToken ct = default)
    {
        var query = LogFilter(filter);
        if (after is not null)
        {
            query &= Filter.Lt(v => v.CreatedAt, after.CreatedAt)
                | (Filter.Eq(v => v.CreatedAt, after.CreatedAt) & Filter.Lt(v => v.Id, after.Id));
        }

        return await visits.Find(query).SortByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id).Limit(take).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<VisitLogRow>> ExportAsync(VisitLogFilter filter, VisitCursor? after, int take, CancellationToken ct = default) =>
        [.. (await SearchAsync(filter, after, take, ct)).Select(VisitLogRow.Of)];

    public async Task<int> CountAsync(VisitLogFilter filter, int cap, CancellationToken ct = default) =>
        (int)await visits.CountDocumentsAsync(LogFilter(filter), new CountOptions { Limit = cap }, ct);

    private static FilterDefinition<Visit> LogFilter(VisitLogFilter filter)
    {
        var query = Filter.Empty;
        if (filter.From is { } from)
        {
            query &= Filter.Gte(v => v.CreatedAt, from);
        }

        if (filter.To is { } to)
        {
            query &= Filter.Lt(v => v.CreatedAt, to);
        }

        if (filter.Flat is { } flat)
        {
            query &= Filter.Eq(v => v.Flat, flat);
        }

        if (filter.Status is { } status)
        {
            query &= Filter.Eq(v => v.Status, status);
        }

        if (filter.Purpose is { } purpose)
        {
            query &= Filter.Eq(v => v.Purpose, purpose);
        }

        if (filter.Gate is { } gate)
        {
            query &= Filter.Eq(v => v.Gate, gate);
        }

        if (filter.SearchText is { } text && filter.SearchesPhone)
        {
            // Digits sort before ':', so the phones starting with the text are exactly [text, text + ':').
            query &= Filter.Gte("visitorPhone", text) & Filter.Lt("visitorPhone", text + ":");
        }
        else if (filter.SearchText is { } name)
        {
            query &= Filter.All(NameGramsField, NameGrams(name)) & Filter.Regex(v => v.VisitorName, new BsonRegularExpression(Regex.Escape(name), "i"));
        }

        return query;
    }

    public async Task<IReadOnlyList<HourCount>> CountByHourAsync(DateTimeOffset start, DateTimeOffset end, TimeSpan utcOffset, CancellationToken ct = default)
    {
        var hour = new BsonDocument("$floor", new BsonDocument("$divide", new BsonArray
        {
            new BsonDocument("$add", new BsonArray { new BsonDocument("$toLong", "$createdAt"), (long)utcOffset.TotalMilliseconds }),
            3_600_000L,
        }));
        var groups = await visits.Aggregate()
            .Match(Filter.Gte(v => v.CreatedAt, start) & Filter.Lt(v => v.CreatedAt, end))
            .Group(new BsonDocument { { "_id", hour }, { "visits", new BsonDocument("$sum", 1) } })
            .Sort(new BsonDocument("_id", 1))
            .ToListAsync(ct);
        return groups.Select(g => new HourCount(g["_id"].ToInt64(), g["visits"].ToInt32())).ToList();
    }

    public Task<int> ForgetVisitorsBeforeAsync(DateTimeOffset cutoff, Func<int, AuditEntry> audit, CancellationToken ct = default) =>
        MongoRetention.ForgetAsync(audited, visits,
            Filter.Lt(v => v.CreatedAt, cutoff) & Filter.In(v => v.Status, FinalStatuses) & Filter.Ne(v => v.VisitorName, Visit.ForgottenName),
            Builders<Visit>.Update
                .Set(v => v.VisitorName, Visit.ForgottenName)
                .Set(NameGramsField, NameGrams(Visit.ForgottenName))
                .Set(v => v.VisitorPhone, Visit.ForgottenPhone)
                .Set(v => v.VehicleNumber, null)
                .Set(v => v.Note, null)
                .Set("history.$[].note", BsonNull.Value),
            audit, ct);

    public async Task<Visit?> FindLatestByVisitorPhoneAsync(PhoneNumber phone, CancellationToken ct = default) =>
        await visits.Find(Filter.Eq(v => v.VisitorPhone, phone))
            .SortByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id)
            .Limit(1)
            .FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<Visit>> ListFinishedSinceAsync(DateTimeOffset since, int limit, CancellationToken ct = default) =>
        await visits.Find(Filter.In(v => v.Status, FinalStatuses) & Filter.Gte(v => v.StatusChangedAt, since))
            .SortByDescending(v => v.StatusChangedAt).ThenByDescending(v => v.Id)
            .Limit(limit)
            .ToListAsync(ct);

    private static readonly VisitStatus[] FinalStatuses = [.. Enum.GetValues<VisitStatus>().Where(VisitStatusMachine.IsFinal)];

    private async Task<Page<Visit>> NewestFirstAsync(FilterDefinition<Visit> filter, PageRequest page, CancellationToken ct)
    {
        var total = await visits.CountDocumentsAsync(filter, cancellationToken: ct);
        var items = await visits.Find(filter)
            .SortByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id)
            .Skip(page.Skip).Limit(page.Take)
            .ToListAsync(ct);
        return new Page<Visit>(items, (int)total);
    }
}
