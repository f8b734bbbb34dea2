using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Safety;

namespace SecurityManagement.Core.Storage.Mongo;

/// <summary>One document per told visit: <c>_id</c> the visit's id, and when.</summary>
internal sealed class MongoOverstayStore(IMongoCollection<BsonDocument> overstays, MongoAudited audited) : IOverstayStore
{
    public static IEnumerable<CreateIndexModel<BsonDocument>> Indexes => [MongoAudited.PendingIndex<BsonDocument>()];

    public Task<bool> TryClaimAsync(Guid visitId, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default) =>
        audited.WriteAsync(async (session, parked) =>
        {
            var document = new BsonDocument { { "_id", visitId.ToString() }, { "notifiedAt", at.UtcDateTime } };
            if (parked.Count > 0)
            {
                document[MongoAudited.PendingField] = MongoAudited.Parked(parked);
            }

            // Inside a transaction a failed insert aborts it, so look first; a racing insert is then a write conflict, retried into this look.
            if (session is not null && await overstays.Find(session, Builders<BsonDocument>.Filter.Eq("_id", visitId.ToString())).AnyAsync(ct))
            {
                return false;
            }

            try
            {
                await overstays.InsertAsync(session, document, ct);
                return true;
            }
            catch (MongoWriteException ex) when (session is null && ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
            {
                return false;
            }
        }, [audit], done => done, _ => overstays.UpdateOneAsync(Builders<BsonDocument>.Filter.Eq("_id", visitId.ToString()), MongoAudited.Unpark<BsonDocument>([audit]), cancellationToken: ct), ct);

    public async Task<IReadOnlySet<Guid>> ListClaimedAsync(IReadOnlyCollection<Guid> visitIds, CancellationToken ct = default)
    {
        var documents = await overstays.Find(Builders<BsonDocument>.Filter.In("_id", visitIds.Select(id => id.ToString()))).ToListAsync(ct);
        return documents.Select(d => Guid.Parse(d["_id"].AsString)).ToHashSet();
    }
}
