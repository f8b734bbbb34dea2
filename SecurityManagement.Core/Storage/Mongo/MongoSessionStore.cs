using MongoDB.Driver;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;

namespace SecurityManagement.Core.Storage.Mongo;

internal sealed class MongoSessionStore(IMongoCollection<Session> sessions, IMongoCollection<User> users, MongoAudited audited) : ISessionStore
{
    private static FilterDefinitionBuilder<Session> Filter => Builders<Session>.Filter;

    public static IEnumerable<CreateIndexModel<Session>> Indexes =>
    [
        new(Builders<Session>.IndexKeys.Ascending(s => s.ExpiresAt), new CreateIndexOptions { Name = "ix_expires_at" }),
        new(Builders<Session>.IndexKeys.Ascending(s => s.EndedAt), new CreateIndexOptions { Name = "ix_ended_at", Sparse = true }),
        MongoAudited.PendingIndex<Session>(),
    ];

    public async Task StartAsync(Session session, AuditEntry audit, CancellationToken ct = default)
    {
        await audited.WriteAsync(async (tx, parked) =>
        {
            await MongoDocuments.InsertAsync(sessions, tx, session, parked, ct);
            return true;
        }, [audit], done => done, _ => sessions.UpdateOneAsync(Filter.Eq(s => s.Id, session.Id), MongoAudited.Unpark<Session>([audit]), cancellationToken: ct), ct);

        // The last sign-in time is a convenience for the users screen, not part of the audited change.
        await users.UpdateOneAsync(Builders<User>.Filter.Eq(u => u.Id, session.UserId),
            Builders<User>.Update.Set(u => u.LastLoginAt, session.StartedAt), cancellationToken: ct);
    }

    public async Task<Session?> GetAsync(Guid id, CancellationToken ct = default) =>
        await sessions.Find(Filter.Eq(s => s.Id, id)).SingleOrDefaultAsync(ct);

    public Task<Session?> TryEndAsync(Guid id, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default) =>
        audited.WriteAsync<Session?>(
            async (tx, parked) => await sessions.FindOneAndUpdateAsync(tx, Filter.Eq(s => s.Id, id) & Filter.Eq(s => s.EndedAt, null),
                MongoAudited.Park(Builders<Session>.Update.Set(s => s.EndedAt, at), parked), ct),
            [audit], ended => ended is not null,
            _ => sessions.UpdateOneAsync(Filter.Eq(s => s.Id, id), MongoAudited.Unpark<Session>([audit]), cancellationToken: ct), ct);

    public async Task<int> RemoveEndedBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default) =>
        (int)(await sessions.DeleteManyAsync(
            (Filter.Lt(s => s.ExpiresAt, cutoff) | Filter.Lt(s => s.EndedAt, cutoff)) & Filter.Exists(MongoAudited.PendingField + ".0", false), ct)).DeletedCount;
}
