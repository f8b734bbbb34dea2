using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Safety;

namespace SecurityManagement.Core.Storage.Mongo;

/// <summary>
/// The blocklist as plain documents (<c>_id</c>: the entry's id as a string). A live entry carries
/// <c>live: true</c>, which a unique partial index keeps to one per phone; lifting removes it. Proposals
/// carry <c>proposed: 1</c> (else 0), so the admins' list sorts them first off one index.
/// </summary>
internal sealed class MongoBlocklistStore(IMongoCollection<BsonDocument> entries, MongoAudited audited) : IBlocklistStore
{
    private const string LiveField = "live";

    private static FilterDefinitionBuilder<BsonDocument> Filter => Builders<BsonDocument>.Filter;

    private static FilterDefinition<BsonDocument> Live => Filter.Eq(LiveField, true);

    private static readonly BsonDocument LiveOrder = new() { { "proposed", -1 }, { "addedAt", -1 }, { "_id", -1 } };

    public static IEnumerable<CreateIndexModel<BsonDocument>> Indexes =>
    [
        new(Builders<BsonDocument>.IndexKeys.Ascending("phone"), new CreateIndexOptions<BsonDocument>
        {
            Name = "ux_live_phone",
            Unique = true,
            PartialFilterExpression = Live,
        }),
        new(Builders<BsonDocument>.IndexKeys.Ascending(LiveField).Descending("proposed").Descending("addedAt").Descending("_id"),
            new CreateIndexOptions { Name = "ix_live_list" }),
        MongoAudited.PendingIndex<BsonDocument>(),
    ];

    public Task AddAsync(BlockedVisitor entry, AuditEntry audit, CancellationToken ct = default) =>
        audited.WriteAsync(async (session, parked) =>
        {
            var document = new BsonDocument
            {
                { "_id", entry.Id.ToString() },
                { "phone", entry.Phone.Value },
                { "name", MongoFields.Value(entry.Name) },
                { "reason", entry.Reason },
                { "status", entry.Status.ToString() },
                { "proposed", entry.Status == BlockStatus.Proposed ? 1 : 0 },
                { "addedBy", entry.AddedBy.ToString() },
                { "addedByName", entry.AddedByName },
                { "addedAt", entry.AddedAt.UtcDateTime },
                { "confirmedBy", MongoFields.Value(entry.ConfirmedBy?.ToString()) },
                { "confirmedByName", MongoFields.Value(entry.ConfirmedByName) },
                { "confirmedAt", entry.ConfirmedAt is { } confirmed ? confirmed.UtcDateTime : BsonNull.Value },
                { LiveField, true },
            };
            if (parked.Count > 0)
            {
                document[MongoAudited.PendingField] = MongoAudited.Parked(parked);
            }

            // Inside a transaction a failed insert aborts it, so look first; a racing insert is then a write conflict, retried into this look.
            if (session is not null && await entries.Find(session, Filter.Eq("phone", entry.Phone.Value) & Live).AnyAsync(ct))
            {
                throw new PhoneAlreadyListedException();
            }

            try
            {
                await entries.InsertAsync(session, document, ct);
            }
            catch (MongoWriteException ex) when (session is null && ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
            {
                throw new PhoneAlreadyListedException();
            }

            return true;
        }, [audit], done => done, _ => entries.UpdateOneAsync(ById(entry.Id), MongoAudited.Unpark<BsonDocument>([audit]), cancellationToken: ct), ct);

    public async Task<BlockedVisitor?> GetAsync(Guid id, CancellationToken ct = default) =>
        await entries.Find(ById(id)).FirstOrDefaultAsync(ct) is { } document ? ToEntry(document) : null;

    public async Task<BlockedVisitor?> FindLiveAsync(PhoneNumber phone, CancellationToken ct = default) =>
        await entries.Find(Filter.Eq("phone", phone.Value) & Live).FirstOrDefaultAsync(ct) is { } document ? ToEntry(document) : null;

    public async Task<Page<BlockedVisitor>> ListLiveAsync(PageRequest page, CancellationToken ct = default)
    {
        var total = await entries.CountDocumentsAsync(Live, cancellationToken: ct);
        var documents = await entries.Find(Live).Sort(LiveOrder).Skip(page.Skip).Limit(page.Take).ToListAsync(ct);
        return new Page<BlockedVisitor>([.. documents.Select(ToEntry)], (int)total);
    }

    public Task<BlockedVisitor?> TryConfirmAsync(Guid id, Guid by, string name, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default) =>
        ChangeAsync(id, Live & Filter.Eq("status", nameof(BlockStatus.Proposed)), Builders<BsonDocument>.Update
            .Set("status", nameof(BlockStatus.Active)).Set("proposed", 0)
            .Set("confirmedBy", by.ToString()).Set("confirmedByName", name).Set("confirmedAt", at.UtcDateTime), audit, ct);

    public Task<BlockedVisitor?> TryLiftAsync(
        Guid id, BlockStatus from, Guid by, string name, DateTimeOffset at, string? note, AuditEntry audit, CancellationToken ct = default) =>
        ChangeAsync(id, Live & Filter.Eq("status", from.ToString()), Builders<BsonDocument>.Update
            .Set("status", nameof(BlockStatus.Lifted)).Unset(LiveField)
            .Set("liftedBy", by.ToString()).Set("liftedByName", name).Set("liftedAt", at.UtcDateTime).Set("liftNote", MongoFields.Value(note)), audit, ct);

    public Task<int> ForgetLiftedBeforeAsync(DateTimeOffset cutoff, Func<int, AuditEntry> audit, CancellationToken ct = default) =>
        MongoRetention.ForgetAsync(audited, entries,
            Filter.Lt("liftedAt", cutoff.UtcDateTime) & Filter.Ne("reason", BlockedVisitor.ForgottenReason),
            Builders<BsonDocument>.Update
                .Set("phone", BlockedVisitor.ForgottenPhone.Value).Set("name", BsonNull.Value).Set("reason", BlockedVisitor.ForgottenReason).Set("liftNote", BsonNull.Value),
            audit, ct);

    /// <summary>A compare-and-set on one entry with its audit entry; the entry as it then is, or null when the filter no longer matched.</summary>
    private Task<BlockedVisitor?> ChangeAsync(Guid id, FilterDefinition<BsonDocument> still, UpdateDefinition<BsonDocument> update, AuditEntry audit, CancellationToken ct) =>
        audited.WriteAsync<BlockedVisitor?>(
            async (session, parked) => await entries.FindOneAndUpdateAsync(session, ById(id) & still, MongoAudited.Park(update, parked), ct) is { } document
                ? ToEntry(document)
                : null,
            [audit], changed => changed is not null,
            _ => entries.UpdateOneAsync(ById(id), MongoAudited.Unpark<BsonDocument>([audit]), cancellationToken: ct), ct);

    private static FilterDefinition<BsonDocument> ById(Guid id) => Filter.Eq("_id", id.ToString());

    private static BlockedVisitor ToEntry(BsonDocument d) => new()
    {
        Id = Guid.Parse(d["_id"].AsString),
        Phone = PhoneNumber.Parse(d["phone"].AsString),
        Name = MongoFields.Text(d, "name"),
        Reason = d["reason"].AsString,
        Status = Enum.Parse<BlockStatus>(d["status"].AsString),
        AddedBy = Guid.Parse(d["addedBy"].AsString),
        AddedByName = d["addedByName"].AsString,
        AddedAt = MongoFields.Date(d, "addedAt")!.Value,
        ConfirmedBy = MongoFields.Id(d, "confirmedBy"),
        ConfirmedByName = MongoFields.Text(d, "confirmedByName"),
        ConfirmedAt = MongoFields.Date(d, "confirmedAt"),
        LiftedBy = MongoFields.Id(d, "liftedBy"),
        LiftedByName = MongoFields.Text(d, "liftedByName"),
        LiftedAt = MongoFields.Date(d, "liftedAt"),
        LiftNote = MongoFields.Text(d, "liftNote"),
    };
}
