using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace SecurityManagement.Core.Storage.Mongo;

internal static class MongoIndexes
{
    /// <summary>
    /// Creates the collection's indexes. An index of the same name whose definition has changed since
    /// an earlier version (other keys, or uniqueness) is dropped first: MongoDB refuses to create an
    /// index under a name that already stands for another. Servers starting together may each drop it;
    /// finding it already gone is what the drop wanted.
    /// </summary>
    public static async Task EnsureAsync<T>(IMongoCollection<T> collection, IEnumerable<CreateIndexModel<T>> indexes, CancellationToken ct)
    {
        var wanted = indexes.ToList();
        var existing = await (await collection.Indexes.ListAsync(ct)).ToListAsync(ct);
        var args = new RenderArgs<T>(BsonSerializer.SerializerRegistry.GetSerializer<T>(), BsonSerializer.SerializerRegistry);
        foreach (var index in wanted)
        {
            var old = existing.FirstOrDefault(e => e.GetValue("name", "").ToString() == index.Options.Name);
            if (old is not null
                && (!old["key"].AsBsonDocument.Equals(index.Keys.Render(args)) || old.GetValue("unique", false).ToBoolean() != (index.Options.Unique ?? false)))
            {
                try
                {
                    await collection.Indexes.DropOneAsync(index.Options.Name, ct);
                }
                catch (MongoCommandException ex) when (ex.CodeName == "IndexNotFound")
                {
                    // Another server dropped it first.
                }
            }
        }

        await collection.Indexes.CreateManyAsync(wanted, ct);
    }
}
