using MongoDB.Driver;

namespace SecurityManagement.Core.Storage.Mongo;

/// <summary>The driver's calls with an optional session: inside a transaction when there is one, plain otherwise.</summary>
internal static class MongoSessions
{
    public static Task InsertAsync<T>(this IMongoCollection<T> collection, IClientSessionHandle? session, T document, CancellationToken ct) =>
        session is null
            ? collection.InsertOneAsync(document, cancellationToken: ct)
            : collection.InsertOneAsync(session, document, cancellationToken: ct);

    public static Task<T> FindOneAndUpdateAsync<T>(
        this IMongoCollection<T> collection, IClientSessionHandle? session, FilterDefinition<T> filter, UpdateDefinition<T> update, CancellationToken ct)
    {
        var options = new FindOneAndUpdateOptions<T> { ReturnDocument = ReturnDocument.After };
        return session is null
            ? collection.FindOneAndUpdateAsync(filter, update, options, ct)
            : collection.FindOneAndUpdateAsync(session, filter, update, options, ct);
    }

    public static Task<UpdateResult> UpdateOneAsync<T>(
        this IMongoCollection<T> collection, IClientSessionHandle? session, FilterDefinition<T> filter, UpdateDefinition<T> update, CancellationToken ct) =>
        session is null
            ? collection.UpdateOneAsync(filter, update, cancellationToken: ct)
            : collection.UpdateOneAsync(session, filter, update, cancellationToken: ct);

    public static Task<UpdateResult> UpdateManyAsync<T>(
        this IMongoCollection<T> collection, IClientSessionHandle? session, FilterDefinition<T> filter, UpdateDefinition<T> update, CancellationToken ct) =>
        session is null
            ? collection.UpdateManyAsync(filter, update, cancellationToken: ct)
            : collection.UpdateManyAsync(session, filter, update, cancellationToken: ct);

    public static Task<DeleteResult> DeleteOneAsync<T>(
        this IMongoCollection<T> collection, IClientSessionHandle? session, FilterDefinition<T> filter, CancellationToken ct) =>
        session is null
            ? collection.DeleteOneAsync(filter, ct)
            : collection.DeleteOneAsync(session, filter, cancellationToken: ct);

    public static Task<long> CountAsync<T>(
        this IMongoCollection<T> collection, IClientSessionHandle? session, FilterDefinition<T> filter, CancellationToken ct) =>
        session is null
            ? collection.CountDocumentsAsync(filter, cancellationToken: ct)
            : collection.CountDocumentsAsync(session, filter, cancellationToken: ct);

    public static IFindFluent<T, T> Find<T>(this IMongoCollection<T> collection, IClientSessionHandle? session, FilterDefinition<T> filter) =>
        session is null ? collection.Find(filter) : collection.Find(session, filter);
}
