using System.Text.Json;
using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Settings;

namespace SecurityManagement.Core.Storage.Mongo;

/// <summary>One document, <c>_id: "society"</c>, holding the settings as JSON (the same body as SQLite's) and their version.</summary>
internal sealed class MongoSettingsStore(IMongoCollection<BsonDocument> settings, MongoAudited audited) : ISettingsStore
{
    private const string Id = "society";

    public async Task<SocietySettings?> GetAsync(CancellationToken ct = default)
    {
        var document = await settings.Find(new BsonDocument("_id", Id)).FirstOrDefaultAsync(ct);
        return document is null ? null : JsonSerializer.Deserialize<SocietySettings>(document["body"].AsString);
    }

    public Task<bool> TrySaveAsync(SocietySettings value, long expectedVersion, AuditEntry? audit, CancellationToken ct = default)
    {
        IReadOnlyList<AuditEntry> entries = audit is null ? [] : [audit];
        return audited.WriteAsync(async (session, parked) =>
        {
            var body = JsonSerializer.Serialize(value);
            if (expectedVersion == 0)
            {
                var document = new BsonDocument { { "_id", Id }, { "body", body }, { "version", value.Version } };
                if (parked.Count > 0)
                {
                    document[MongoAudited.PendingField] = MongoAudited.Parked(parked);
                }

                // Inside a transaction a failed insert aborts it, so look first; a racing insert then
                // surfaces as a write conflict, which the driver retries into this look.
                if (session is not null && await settings.Find(session, new BsonDocument("_id", Id)).AnyAsync(ct))
                {
                    return false;
                }

                try
                {
                    await settings.InsertAsync(session, document, ct);
                    return true;
                }
                catch (MongoWriteException ex) when (session is null && ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
                {
                    return false;
                }
            }

            var update = Builders<BsonDocument>.Update.Set("body", body).Set("version", value.Version);
            var filter = new BsonDocument { { "_id", Id }, { "version", expectedVersion } };
            return (await settings.UpdateOneAsync(session, filter, MongoAudited.Park(update, parked), ct)).MatchedCount == 1;
        }, entries, done => done, _ => settings.UpdateOneAsync(new BsonDocument("_id", Id), MongoAudited.Unpark<BsonDocument>(entries), cancellationToken: ct), ct);
    }
}
