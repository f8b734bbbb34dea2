using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Cluster;

namespace SecurityManagement.Core.Storage.Mongo;

/// <summary>One document per lease: <c>_id</c> its name, its holder and until when.</summary>
internal sealed class MongoLeaseStore(IMongoCollection<BsonDocument> leases) : ILeaseStore
{
    public async Task<bool> TryTakeAsync(string name, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken ct = default)
    {
        var filter = new BsonDocument
        {
            { "_id", name },
            { "$or", new BsonArray { new BsonDocument("holder", holder), new BsonDocument("until", new BsonDocument("$lte", now.UtcDateTime)) } },
        };
        var update = new BsonDocument("$set", new BsonDocument { { "holder", holder }, { "until", until.UtcDateTime } });
        try
        {
            // Upserting a held lease's name would insert a second document with its _id: the duplicate key says "held".
            await leases.UpdateOneAsync(filter, update, new UpdateOptions { IsUpsert = true }, ct);
            return true;
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            return false;
        }
    }

    public Task ReleaseAsync(string name, string holder, CancellationToken ct = default) =>
        leases.DeleteOneAsync(new BsonDocument { { "_id", name }, { "holder", holder } }, ct);
}

/// <summary>One document per key: <c>_id</c> its name, and its (encrypted) XML.</summary>
internal sealed class MongoKeyRingStore(IMongoCollection<BsonDocument> keys) : IKeyRingStore
{
    public async Task<IReadOnlyList<KeyRingEntry>> ListAsync(CancellationToken ct = default)
    {
        var documents = await keys.Find(FilterDefinition<BsonDocument>.Empty).Sort(new BsonDocument("_id", 1)).ToListAsync(ct);
        return [.. documents.Select(d => new KeyRingEntry(d["_id"].AsString, d["xml"].AsString))];
    }

    public async Task AddAsync(KeyRingEntry entry, CancellationToken ct = default)
    {
        try
        {
            await keys.InsertOneAsync(new BsonDocument { { "_id", entry.Name }, { "xml", entry.Xml } }, cancellationToken: ct);
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            // Added already.
        }
    }
}
