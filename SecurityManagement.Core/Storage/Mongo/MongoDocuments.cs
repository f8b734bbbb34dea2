using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Audit;

namespace SecurityManagement.Core.Storage.Mongo;

internal static class MongoDocuments
{
    /// <summary>
    /// Inserts the document, with <paramref name="stored"/> fields beside it (kept for an index, not read
    /// back); without a transaction, with its audit entries parked in it.
    /// </summary>
    public static Task InsertAsync<T>(
        IMongoCollection<T> collection, IClientSessionHandle? session, T document, IReadOnlyList<AuditEntry> parked, CancellationToken ct,
        BsonDocument? stored = null)
    {
        if (parked.Count == 0 && stored is null)
        {
            return collection.InsertAsync(session, document, ct);
        }

        var bson = document.ToBsonDocument();
        if (stored is not null)
        {
            bson.Merge(stored, overwriteExistingElements: true);
        }

        if (parked.Count > 0)
        {
            bson[MongoAudited.PendingField] = MongoAudited.Parked(parked);
        }

        return collection.Database.GetCollection<BsonDocument>(collection.CollectionNamespace.CollectionName).InsertAsync(session, bson, ct);
    }
}
