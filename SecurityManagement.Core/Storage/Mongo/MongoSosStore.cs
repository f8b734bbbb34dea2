using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Safety;

namespace SecurityManagement.Core.Storage.Mongo;

/// <summary>
/// SOS alerts as plain documents (<c>_id</c>: the alert's id as a string). An open alert carries
/// <c>open: true</c>, which a unique partial index keeps to one per flat; closing removes it.
/// </summary>
internal sealed class MongoSosStore(IMongoCollection<BsonDocument> alerts, MongoAudited audited) : ISosStore
{
    private const string OpenField = "open";

    private static FilterDefinitionBuilder<BsonDocument> Filter => Builders<BsonDocument>.Filter;

    private static FilterDefinition<BsonDocument> Open => Filter.Eq(OpenField, true);

    public static IEnumerable<CreateIndexModel<BsonDocument>> Indexes =>
    [
        new(Builders<BsonDocument>.IndexKeys.Ascending("flat"), new CreateIndexOptions<BsonDocument>
        {
            Name = "ux_open_flat",
            Unique = true,
            PartialFilterExpression = Open,
        }),
        new(Builders<BsonDocument>.IndexKeys.Ascending(OpenField).Ascending("raisedAt").Ascending("_id"), new CreateIndexOptions { Name = "ix_open_raised" }),
        new(Builders<BsonDocument>.IndexKeys.Ascending("flat").Descending("raisedAt").Descending("_id"), new CreateIndexOptions { Name = "ix_flat_raised" }),
        MongoAudited.PendingIndex<BsonDocument>(),
    ];

    public Task AddAsync(SosAlert alert, AuditEntry audit, CancellationToken ct = default) =>
        audited.WriteAsync(async (session, parked) =>
        {
            var document = new BsonDocument
            {
                { "_id", alert.Id.ToString() },
                { "flat", alert.Flat.Value },
                { "kind", alert.Kind.ToString() },
                { "raisedBy", alert.RaisedBy.ToString() },
                { "raisedByName", alert.RaisedByName },
                { "raisedByPhone", alert.RaisedByPhone.Value },
                { "raisedAt", alert.RaisedAt.UtcDateTime },
                { OpenField, true },
            };
            if (parked.Count > 0)
            {
                document[MongoAudited.PendingField] = MongoAudited.Parked(parked);
            }

            // Inside a transaction a failed insert aborts it, so look first; a racing insert is then a write conflict, retried into this look.
            if (session is not null && await alerts.Find(session, Filter.Eq("flat", alert.Flat.Value) & Open).AnyAsync(ct))
            {
                throw new SosAlreadyOpenException();
            }

            try
            {
                await alerts.InsertAsync(session, document, ct);
            }
            catch (MongoWriteException ex) when (session is null && ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
            {
                throw new SosAlreadyOpenException();
            }

            return true;
        }, [audit], done => done, _ => alerts.UpdateOneAsync(ById(alert.Id), MongoAudited.Unpark<BsonDocument>([audit]), cancellationToken: ct), ct);

    public async Task<SosAlert?> GetAsync(Guid id, CancellationToken ct = default) =>
        await alerts.Find(ById(id)).FirstOrDefaultAsync(ct) is { } document ? ToAlert(document) : null;

    public async Task<SosAlert?> GetOpenForFlatAsync(FlatCode flat, CancellationToken ct = default) =>
        await alerts.Find(Filter.Eq("flat", flat.Value) & Open).FirstOrDefaultAsync(ct) is { } document ? ToAlert(document) : null;

    public async Task<IReadOnlyList<SosAlert>> ListOpenAsync(CancellationToken ct = default) =>
        [.. (await alerts.Find(Open).Sort(new BsonDocument { { "raisedAt", 1 }, { "_id", 1 } }).ToListAsync(ct)).Select(ToAlert)];

    public async Task<IReadOnlyList<SosAlert>> ListForFlatAsync(FlatCode flat, int take, CancellationToken ct = default) =>
        [.. (await alerts.Find(Filter.Eq("flat", flat.Value)).Sort(new BsonDocument { { "raisedAt", -1 }, { "_id", -1 } }).Limit(take).ToListAsync(ct)).Select(ToAlert)];

    public Task<SosAlert?> TryAcknowledgeAsync(Guid id, Guid by, string name, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default) =>
        ChangeAsync(id, Open & Filter.Eq("acknowledgedAt", BsonNull.Value), Builders<BsonDocument>.Update
            .Set("acknowledgedBy", by.ToString()).Set("acknowledgedByName", name).Set("acknowledgedAt", at.UtcDateTime), audit, ct);

    public async Task<SosAlert?> TryCloseAsync(Guid id, Guid by, string name, DateTimeOffset at, string note, AuditEntry audit, CancellationToken ct = default)
    {
        var update = Builders<BsonDocument>.Update
            .Set("closedBy", by.ToString()).Set("closedByName", name).Set("closedAt", at.UtcDateTime).Set("closeNote", note).Unset(OpenField);

        // Closing an alert nobody acknowledged acknowledges it too, by the same person.
        var unacknowledged = await ChangeAsync(id, Open & Filter.Eq("acknowledgedAt", BsonNull.Value),
            update.Set("acknowledgedBy", by.ToString()).Set("acknowledgedByName", name).Set("acknowledgedAt", at.UtcDateTime), audit, ct);
        return unacknowledged ?? await ChangeAsync(id, Open, update, audit, ct);
    }

    public async Task<IReadOnlyList<SosAlert>> ListDueForEscalationAsync(DateTimeOffset raisedBefore, CancellationToken ct = default) =>
        [.. (await alerts.Find(Open & Filter.Lte("raisedAt", raisedBefore.UtcDateTime) & Filter.Eq("acknowledgedAt", BsonNull.Value) & Filter.Eq("escalatedAt", BsonNull.Value))
            .Sort(new BsonDocument { { "raisedAt", 1 }, { "_id", 1 } }).ToListAsync(ct)).Select(ToAlert)];

    public Task<SosAlert?> TryMarkEscalatedAsync(Guid id, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default) =>
        ChangeAsync(id, Open & Filter.Eq("acknowledgedAt", BsonNull.Value) & Filter.Eq("escalatedAt", BsonNull.Value),
            Builders<BsonDocument>.Update.Set("escalatedAt", at.UtcDateTime), audit, ct);

    /// <summary>A compare-and-set on one alert with its entry; the alert as it then is, or null when the filter no longer matched.</summary>
    private Task<SosAlert?> ChangeAsync(Guid id, FilterDefinition<BsonDocument> still, UpdateDefinition<BsonDocument> update, AuditEntry audit, CancellationToken ct) =>
        audited.WriteAsync<SosAlert?>(
            async (session, parked) => await alerts.FindOneAndUpdateAsync(session, ById(id) & still, MongoAudited.Park(update, parked), ct) is { } document
                ? ToAlert(document)
                : null,
            [audit], changed => changed is not null,
            _ => alerts.UpdateOneAsync(ById(id), MongoAudited.Unpark<BsonDocument>([audit]), cancellationToken: ct), ct);

    private static FilterDefinition<BsonDocument> ById(Guid id) => Filter.Eq("_id", id.ToString());

    private static SosAlert ToAlert(BsonDocument d) => new()
    {
        Id = Guid.Parse(d["_id"].AsString),
        Flat = FlatCode.Parse(d["flat"].AsString),
        Kind = Enum.Parse<SosKind>(d["kind"].AsString),
        RaisedBy = Guid.Parse(d["raisedBy"].AsString),
        RaisedByName = d["raisedByName"].AsString,
        RaisedByPhone = PhoneNumber.Parse(d["raisedByPhone"].AsString),
        RaisedAt = MongoFields.Date(d, "raisedAt")!.Value,
        AcknowledgedBy = MongoFields.Id(d, "acknowledgedBy"),
        AcknowledgedByName = MongoFields.Text(d, "acknowledgedByName"),
        AcknowledgedAt = MongoFields.Date(d, "acknowledgedAt"),
        EscalatedAt = MongoFields.Date(d, "escalatedAt"),
        ClosedBy = MongoFields.Id(d, "closedBy"),
        ClosedByName = MongoFields.Text(d, "closedByName"),
        ClosedAt = MongoFields.Date(d, "closedAt"),
        CloseNote = MongoFields.Text(d, "closeNote"),
    };
}
