using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Parcels;

namespace SecurityManagement.Core.Storage.Mongo;

/// <summary>
/// Parcels as plain documents (<c>_id</c>: the id as a string); one still waiting carries <c>waiting: true</c> (collecting
/// removes it), so the gate's board reads a partial index of the waiting ones only.
/// </summary>
internal sealed class MongoParcelStore(IMongoCollection<BsonDocument> parcels, IMongoCollection<BsonDocument> expected, MongoAudited audited) : IParcelStore
{
    private const string WaitingField = "waiting";

    private static FilterDefinitionBuilder<BsonDocument> Filter => Builders<BsonDocument>.Filter;

    private static FilterDefinition<BsonDocument> Waiting => Filter.Eq(WaitingField, true);

    public static IEnumerable<CreateIndexModel<BsonDocument>> Indexes =>
    [
        new(Builders<BsonDocument>.IndexKeys.Ascending("keptAt"), new CreateIndexOptions<BsonDocument> { Name = "ix_waiting", PartialFilterExpression = Waiting }),
        new(Builders<BsonDocument>.IndexKeys.Ascending("flat").Descending("keptAt"), new CreateIndexOptions { Name = "ix_flat_kept" }),
        new(Builders<BsonDocument>.IndexKeys.Ascending("collectedAt"), new CreateIndexOptions { Name = "ix_collected", Sparse = true }),
        MongoAudited.PendingIndex<BsonDocument>(),
    ];

    public async Task<Parcel> AddAsync(Parcel parcel, AuditEntry kept, AuditEntry used, CancellationToken ct = default)
    {
        var open = Filter.Eq(MongoExpectedStore.OpenField, true);
        var use = Builders<BsonDocument>.Update.Set("usedAt", parcel.KeptAt.UtcDateTime).Unset(MongoExpectedStore.OpenField);
        if (audited.Transactions)
        {
            return await audited.InTransactionAsync(async session =>
            {
                var stored = parcel.ExpectedId is { } id && await expected.FindOneAndUpdateAsync(session, ById(id) & open, use, ct) is not null
                    ? parcel
                    : parcel with { ExpectedId = null };
                await parcels.InsertAsync(session, ToDocument(stored, []), ct);
                await audited.Audit.AppendAsync(session, kept, ct);
                if (stored.ExpectedId is not null)
                {
                    await audited.Audit.AppendAsync(session, used, ct);
                }

                return stored;
            }, ct);
        }

        // Without transactions each document parks the entry about it. The expectation is used first: should the parcel then
        // fail (and not be stored after all), the use is taken back; a crash in between leaves it used with its entry.
        var taken = parcel.ExpectedId is { } expectedId
            && await expected.FindOneAndUpdateAsync(null, ById(expectedId) & open, MongoAudited.Park(use, [used]), ct) is not null;
        var result = taken ? parcel : parcel with { ExpectedId = null };
        try
        {
            await parcels.InsertAsync(null, ToDocument(result, [kept]), ct);
        }
        catch when (taken)
        {
            if (!await parcels.Find(ById(parcel.Id)).AnyAsync(CancellationToken.None))
            {
                await expected.UpdateOneAsync(ById(parcel.ExpectedId!.Value),
                    Builders<BsonDocument>.Update.Combine(
                        Builders<BsonDocument>.Update.Set("usedAt", BsonNull.Value).Set(MongoExpectedStore.OpenField, true), MongoAudited.Unpark<BsonDocument>([used])),
                    cancellationToken: CancellationToken.None);
                throw;
            }
        }

        await audited.Audit.AppendOnceAsync(kept, ct);
        await parcels.UpdateOneAsync(ById(parcel.Id), MongoAudited.Unpark<BsonDocument>([kept]), cancellationToken: ct);
        if (taken)
        {
            await audited.Audit.AppendOnceAsync(used, ct);
            await expected.UpdateOneAsync(ById(parcel.ExpectedId!.Value), MongoAudited.Unpark<BsonDocument>([used]), cancellationToken: ct);
        }

        return result;
    }

    public async Task<Parcel?> GetAsync(Guid id, CancellationToken ct = default) =>
        await parcels.Find(ById(id)).FirstOrDefaultAsync(ct) is { } document ? ToParcel(document) : null;

    public async Task<IReadOnlyList<Parcel>> ListWaitingAsync(int limit, CancellationToken ct = default) =>
        [.. (await parcels.Find(Waiting).Sort(new BsonDocument { { "keptAt", 1 }, { "_id", 1 } }).Limit(limit).ToListAsync(ct)).Select(ToParcel)];

    public async Task<IReadOnlyList<Parcel>> ListForFlatAsync(FlatCode flat, DateTimeOffset collectedSince, int limit, CancellationToken ct = default) =>
        [.. (await parcels.Find(Filter.Eq("flat", flat.Value) & (Waiting | Filter.Gte("collectedAt", collectedSince.UtcDateTime)))
            .Sort(new BsonDocument { { "keptAt", -1 }, { "_id", -1 } }).Limit(limit).ToListAsync(ct)).Select(ToParcel)];

    public Task<Parcel?> TryCollectAsync(Guid id, DateTimeOffset at, Guid by, string byName, AuditEntry audit, CancellationToken ct = default) =>
        audited.WriteAsync<Parcel?>(
            async (session, parked) => await parcels.FindOneAndUpdateAsync(session, ById(id) & Waiting,
                MongoAudited.Park(Builders<BsonDocument>.Update
                    .Set("collectedAt", at.UtcDateTime).Set("collectedBy", by.ToString()).Set("collectedByName", byName).Unset(WaitingField), parked), ct) is { } document
                ? ToParcel(document)
                : null,
            [audit], collected => collected is not null,
            _ => parcels.UpdateOneAsync(ById(id), MongoAudited.Unpark<BsonDocument>([audit]), cancellationToken: ct), ct);

    public Task<int> RemoveCollectedBeforeAsync(DateTimeOffset cutoff, Func<int, AuditEntry> audit, CancellationToken ct = default)
    {
        var due = Filter.Lt("collectedAt", cutoff.UtcDateTime);
        return MongoRetention.SweepAsync(audited,
            async () => (int)await parcels.CountDocumentsAsync(due, cancellationToken: ct),
            async session => (int)(session is null
                ? await parcels.DeleteManyAsync(due, ct)
                : await parcels.DeleteManyAsync(session, due, cancellationToken: ct)).DeletedCount,
            audit, ct);
    }

    private static FilterDefinition<BsonDocument> ById(Guid id) => Filter.Eq("_id", id.ToString());

    private static BsonDocument ToDocument(Parcel parcel, IReadOnlyList<AuditEntry> parked)
    {
        var document = new BsonDocument
        {
            { "_id", parcel.Id.ToString() },
            { "flat", parcel.Flat.Value },
            { "company", parcel.Company },
            { "note", MongoFields.Value(parcel.Note) },
            { "keptBy", parcel.KeptBy.ToString() },
            { "keptByName", parcel.KeptByName },
            { "keptAt", parcel.KeptAt.UtcDateTime },
            { "gate", MongoFields.Value(parcel.Gate?.ToString()) },
            { "expectedId", MongoFields.Value(parcel.ExpectedId?.ToString()) },
            { WaitingField, true },
        };
        if (parked.Count > 0)
        {
            document[MongoAudited.PendingField] = MongoAudited.Parked(parked);
        }

        return document;
    }

    private static Parcel ToParcel(BsonDocument d) => new()
    {
        Id = Guid.Parse(d["_id"].AsString),
        Flat = FlatCode.Parse(d["flat"].AsString),
        Company = d["company"].AsString,
        Note = MongoFields.Text(d, "note"),
        KeptBy = Guid.Parse(d["keptBy"].AsString),
        KeptByName = d["keptByName"].AsString,
        KeptAt = MongoFields.Date(d, "keptAt")!.Value,
        Gate = MongoFields.Id(d, "gate"),
        ExpectedId = MongoFields.Id(d, "expectedId"),
        CollectedAt = MongoFields.Date(d, "collectedAt"),
        CollectedBy = MongoFields.Id(d, "collectedBy"),
        CollectedByName = MongoFields.Text(d, "collectedByName"),
    };
}
