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

/// <summary>Reading and writing the optional fields of documents kept as plain BSON (a missing field reads as null).</summary>
internal static class MongoFields
{
    public static DateTimeOffset? Date(BsonDocument document, string field) =>
        document.GetValue(field, BsonNull.Value) is { IsBsonNull: false } value ? new DateTimeOffset(value.ToUniversalTime()) : null;

    public static Guid? Id(BsonDocument document, string field) =>
        document.GetValue(field, BsonNull.Value) is { IsBsonNull: false } value ? Guid.Parse(value.AsString) : null;

    public static string? Text(BsonDocument document, string field) =>
        document.GetValue(field, BsonNull.Value) is { IsBsonNull: false } value ? value.AsString : null;

    /// <summary>The text as a BSON value: null as BSON null.</summary>
    public static BsonValue Value(string? text) => text is null ? BsonNull.Value : text;
}
