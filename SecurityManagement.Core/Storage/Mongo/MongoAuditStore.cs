using MongoDB.Driver;
using SecurityManagement.Core.Audit;

namespace SecurityManagement.Core.Storage.Mongo;

internal sealed class MongoAuditStore(IMongoCollection<AuditEntry> entries) : IAuditStore
{
    private static FilterDefinitionBuilder<AuditEntry> Filter => Builders<AuditEntry>.Filter;

    public static IEnumerable<CreateIndexModel<AuditEntry>> Indexes =>
    [
        new(Builders<AuditEntry>.IndexKeys.Descending(a => a.At), new CreateIndexOptions { Name = "ix_at" }),
        new(Builders<AuditEntry>.IndexKeys.Ascending(a => a.ActorId).Descending(a => a.At), new CreateIndexOptions { Name = "ix_actor_at" }),
        new(Builders<AuditEntry>.IndexKeys.Ascending(a => a.Action).Descending(a => a.At), new CreateIndexOptions { Name = "ix_action_at" }),
    ];

    public Task AppendAsync(AuditEntry entry, CancellationToken ct = default) =>
        entries.InsertOneAsync(entry, cancellationToken: ct);

    public async Task<Page<AuditEntry>> ListAsync(AuditFilter filter, PageRequest page, CancellationToken ct = default)
    {
        var query = Filter.Empty;
        if (filter.ActorId is { } actorId)
        {
            query &= Filter.Eq(a => a.ActorId, actorId);
        }

        if (filter.Action is { } action)
        {
            query &= Filter.Eq(a => a.Action, action);
        }

        if (filter.From is { } from)
        {
            query &= Filter.Gte(a => a.At, from);
        }

        if (filter.To is { } to)
        {
            query &= Filter.Lt(a => a.At, to);
        }

        var total = await entries.CountDocumentsAsync(query, cancellationToken: ct);
        var items = await entries.Find(query)
            .SortByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip(page.Skip).Limit(page.Take)
            .ToListAsync(ct);
        return new Page<AuditEntry>(items, (int)total);
    }
}
