using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Expected;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Storage.Mongo;

/// <summary>
/// Expected visitors as plain documents (<c>_id</c>: the id as a string). An open one carries <c>open: true</c>
/// (used or cancelled removes it), so the flat's and the gate's lists read a partial index of the open ones only.
/// </summary>
internal sealed class MongoExpectedStore(IMongoCollection<BsonDocument> expected, IMongoCollection<Visit> visits, MongoAudited audited) : IExpectedStore
{
    internal const string OpenField = "open";

    private static FilterDefinitionBuilder<BsonDocument> Filter => Builders<BsonDocument>.Filter;

    private static FilterDefinition<BsonDocument> Open => Filter.Eq(OpenField, true);

    private static readonly BsonDocument Soonest = new() { { "from", 1 }, { "_id", 1 } };

    public static IEnumerable<CreateIndexModel<BsonDocument>> Indexes =>
    [
        new(Builders<BsonDocument>.IndexKeys.Ascending("flat").Ascending("until"),
            new CreateIndexOptions<BsonDocument> { Name = "ix_open_flat", PartialFilterExpression = Open }),
        // The gate's next hour, by when they end: those that never came stay open for good, and by their start the
        // guard's list walked every one of them. (Its name is its first key's of old, kept so that a database rebuilds it.)
        new(Builders<BsonDocument>.IndexKeys.Ascending("until").Ascending("from"),
            new CreateIndexOptions<BsonDocument> { Name = "ix_open_from", PartialFilterExpression = Open }),
        MongoAudited.PendingIndex<BsonDocument>(),
    ];

    public Task AddAsync(ExpectedVisitor added, AuditEntry audit, CancellationToken ct = default) =>
        audited.WriteAsync(async (session, parked) =>
        {
            var document = new BsonDocument
            {
                { "_id", added.Id.ToString() },
                { "flat", added.Flat.Value },
                { "kind", added.Kind.ToString() },
                { "detail", MongoFields.Value(added.Detail) },
                { "from", added.From.UtcDateTime },
                { "until", added.Until.UtcDateTime },
                { "createdBy", added.CreatedBy.ToString() },
                { "createdByName", added.CreatedByName },
                { "createdAt", added.CreatedAt.UtcDateTime },
                { "usedAt", BsonNull.Value },
                { "visitId", BsonNull.Value },
                { "cancelledAt", BsonNull.Value },
                { "leaveAtGate", added.LeaveAtGate },
                { OpenField, true },
            };
            if (parked.Count > 0)
            {
                document[MongoAudited.PendingField] = MongoAudited.Parked(parked);
            }

            await expected.InsertAsync(session, document, ct);
            return true;
        }, [audit], done => done, _ => expected.UpdateOneAsync(ById(added.Id), MongoAudited.Unpark<BsonDocument>([audit]), cancellationToken: ct), ct);

    public async Task<ExpectedVisitor?> GetAsync(Guid id, CancellationToken ct = default) =>
        await expected.Find(ById(id)).FirstOrDefaultAsync(ct) is { } document ? ToExpected(document) : null;

    public async Task<IReadOnlyList<ExpectedVisitor>> ListOpenForFlatAsync(FlatCode flat, DateTimeOffset now, CancellationToken ct = default) =>
        [.. (await expected.Find(Open & Filter.Eq("flat", flat.Value) & Filter.Gt("until", now.UtcDateTime)).Sort(Soonest).ToListAsync(ct)).Select(ToExpected)];

    public async Task<IReadOnlyList<ExpectedVisitor>> ListOpenAsync(DateTimeOffset now, DateTimeOffset startsBefore, int limit, CancellationToken ct = default) =>
        [.. (await expected.Find(Open & Filter.Lt("from", startsBefore.UtcDateTime) & Filter.Gt("until", now.UtcDateTime))
            .Sort(Soonest).Limit(limit).ToListAsync(ct)).Select(ToExpected)];

    public Task<int> ForgetEndedBeforeAsync(DateTimeOffset cutoff, Func<int, AuditEntry> audit, CancellationToken ct = default) =>
        MongoRetention.ForgetAsync(audited, expected,
            Filter.Lt("until", cutoff.UtcDateTime) & Filter.Ne("detail", BsonNull.Value), Builders<BsonDocument>.Update.Set("detail", BsonNull.Value), audit, ct);

    public Task<ExpectedVisitor?> TryCancelAsync(Guid id, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default) =>
        audited.WriteAsync<ExpectedVisitor?>(
            async (session, parked) => await expected.FindOneAndUpdateAsync(session, ById(id) & Open,
                MongoAudited.Park(Builders<BsonDocument>.Update.Set("cancelledAt", at.UtcDateTime).Unset(OpenField), parked), ct) is { } document
                ? ToExpected(document)
                : null,
            [audit], cancelled => cancelled is not null,
            _ => expected.UpdateOneAsync(ById(id), MongoAudited.Unpark<BsonDocument>([audit]), cancellationToken: ct), ct);

    public async Task<ExpectedVisitor?> TryUseAsync(Guid id, Visit visit, AuditEntry used, AuditEntry logged, CancellationToken ct = default)
    {
        var use = Builders<BsonDocument>.Update.Set("usedAt", visit.CreatedAt.UtcDateTime).Set("visitId", visit.Id.ToString()).Unset(OpenField);
        var grams = new BsonDocument(MongoVisitStore.NameGramsField, MongoVisitStore.NameGrams(visit.VisitorName));
        if (audited.Transactions)
        {
            return await audited.InTransactionAsync(async session =>
            {
                if (await expected.FindOneAndUpdateAsync(session, ById(id) & Open, use, ct) is not { } document)
                {
                    return null;
                }

                await MongoDocuments.InsertAsync(visits, session, visit, [], ct, grams);
                await audited.Audit.AppendAsync(session, used, ct);
                await audited.Audit.AppendAsync(session, logged, ct);
                return ToExpected(document);
            }, ct);
        }

        // Without transactions each document parks the entry about it. The use comes first: should the visit then fail
        // (and not be stored after all: a lost reply), the use is taken back; a crash in between leaves it used with its
        // entry, and the next visitor is asked about.
        if (await expected.FindOneAndUpdateAsync(null, ById(id) & Open, MongoAudited.Park(use, [used]), ct) is not { } taken)
        {
            return null;
        }

        try
        {
            await MongoDocuments.InsertAsync(visits, null, visit, [logged], ct, grams);
        }
        catch
        {
            if (!await visits.Find(Builders<Visit>.Filter.Eq(v => v.Id, visit.Id)).AnyAsync(CancellationToken.None))
            {
                await expected.UpdateOneAsync(ById(id),
                    Builders<BsonDocument>.Update.Combine(
                        Builders<BsonDocument>.Update.Set("usedAt", BsonNull.Value).Set("visitId", BsonNull.Value).Set(OpenField, true),
                        MongoAudited.Unpark<BsonDocument>([used])),
                    cancellationToken: CancellationToken.None);
                throw;
            }
        }

        await audited.Audit.AppendOnceAsync(used, ct);
        await audited.Audit.AppendOnceAsync(logged, ct);
        await expected.UpdateOneAsync(ById(id), MongoAudited.Unpark<BsonDocument>([used]), cancellationToken: ct);
        await visits.UpdateOneAsync(Builders<Visit>.Filter.Eq(v => v.Id, visit.Id), MongoAudited.Unpark<Visit>([logged]), cancellationToken: ct);
        return ToExpected(taken);
    }

    private static FilterDefinition<BsonDocument> ById(Guid id) => Filter.Eq("_id", id.ToString());

    private static ExpectedVisitor ToExpected(BsonDocument d) => new()
    {
        Id = Guid.Parse(d["_id"].AsString),
        Flat = FlatCode.Parse(d["flat"].AsString),
        Kind = Enum.Parse<ExpectedKind>(d["kind"].AsString),
        Detail = MongoFields.Text(d, "detail"),
        From = MongoFields.Date(d, "from")!.Value,
        Until = MongoFields.Date(d, "until")!.Value,
        CreatedBy = Guid.Parse(d["createdBy"].AsString),
        CreatedByName = d["createdByName"].AsString,
        CreatedAt = MongoFields.Date(d, "createdAt")!.Value,
        UsedAt = MongoFields.Date(d, "usedAt"),
        VisitId = MongoFields.Id(d, "visitId"),
        CancelledAt = MongoFields.Date(d, "cancelledAt"),
        LeaveAtGate = d.GetValue("leaveAtGate", false).AsBoolean,
    };
}
