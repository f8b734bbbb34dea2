using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Audit;

namespace SecurityManagement.Core.Storage.Mongo;

internal static class MongoDocuments
{
    /// <summary>Inserts the document; without a transaction, with its audit entries parked in it.</summary>
    public static Task InsertAsync<T>(IMongoCollection<T> collection, IClientSessionHandle? session, T document, IReadOnlyList<AuditEntry> parked, CancellationToken ct)
    {
        if (parked.Count == 0)
        {
            return collection.InsertAsync(session, document, ct);
        }

        var bson = document.ToBsonDocument();
        bson[MongoAudited.PendingField] = MongoAudited.Parked(parked);
        return collection.Database.GetCollection<BsonDocument>(collection.CollectionNamespace.CollectionName).InsertAsync(session, bson, ct);
    }
}
