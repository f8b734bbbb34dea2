using System.Text.Json;
using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Settings;

namespace SecurityManagement.Core.Storage.Mongo;

/// <summary>One document, <c>_id: "society"</c>, holding the settings as JSON (the same body as SQLite's) and their version.</summary>
internal sealed class MongoSettingsStore(IMongoCollection<BsonDocument> settings) : ISettingsStore
{
    private const string Id = "society";

    public async Task<SocietySettings?> GetAsync(CancellationToken ct = default)
    {
        var document = await settings.Find(new BsonDocument("_id", Id)).FirstOrDefaultAsync(ct);
        return document is null ? null : JsonSerializer.Deserialize<SocietySettings>(document["body"].AsString);
    }

    public async Task<bool> TrySaveAsync(SocietySettings value, long expectedVersion, CancellationToken ct = default)
    {
        var document = new BsonDocument { { "_id", Id }, { "body", JsonSerializer.Serialize(value) }, { "version", value.Version } };
        if (expectedVersion == 0)
        {
            try
            {
                await settings.InsertOneAsync(document, cancellationToken: ct);
                return true;
            }
            catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
            {
                return false;
            }
        }

        var result = await settings.ReplaceOneAsync(new BsonDocument { { "_id", Id }, { "version", expectedVersion } }, document, cancellationToken: ct);
        return result.MatchedCount == 1;
    }
}
