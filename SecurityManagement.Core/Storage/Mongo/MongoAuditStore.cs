using MongoDB.Driver;
using SecurityManagement.Core.Audit;

namespace SecurityManagement.Core.Storage.Mongo;

internal sealed class MongoAuditStore(IMongoCollection<AuditEntry> entries) : IAuditStore
{
    // Concurrent appends race for the next sequence number; the unique index lets exactly one win each round.
    private const int MaxRaces = 50;

    private static FilterDefinitionBuilder<AuditEntry> Filter => Builders<AuditEntry>.Filter;

    public static IEnumerable<CreateIndexModel<AuditEntry>> Indexes =>
    [
        new(Builders<AuditEntry>.IndexKeys.Descending(a => a.Sequence), new CreateIndexOptions { Name = "ux_sequence", Unique = true }),
        new(Builders<AuditEntry>.IndexKeys.Descending(a => a.At), new CreateIndexOptions { Name = "ix_at" }),
        new(Builders<AuditEntry>.IndexKeys.Ascending(a => a.ActorId).Descending(a => a.At), new CreateIndexOptions { Name = "ix_actor_at" }),
        new(Builders<AuditEntry>.IndexKeys.Ascending(a => a.Action).Descending(a => a.At), new CreateIndexOptions { Name = "ix_action_at" }),
    ];

    public async Task<AuditEntry> AppendAsync(AuditEntry entry, CancellationToken ct = default)
    {
        for (var race = 0; race < MaxRaces; race++)
        {
            var last = await entries.Find(Filter.Empty).SortByDescending(a => a.Sequence).Limit(1).FirstOrDefaultAsync(ct);
            var linked = AuditChain.Link(entry, last);
            try
            {
                await entries.InsertOneAsync(linked, cancellationToken: ct);
                return linked;
            }
            catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
            {
                // Another append took this sequence number: link to it and try again.
            }
        }

        throw new ConflictException("The audit trail is too busy; try again.");
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAfterAsync(long sequence, int take, CancellationToken ct = default) =>
        await entries.Find(Filter.Gt(a => a.Sequence, sequence)).SortBy(a => a.Sequence).Limit(take).ToListAsync(ct);

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
            .SortByDescending(a => a.Sequence)
            .Skip(page.Skip).Limit(page.Take)
            .ToListAsync(ct);
        return new Page<AuditEntry>(items, (int)total);
    }
}
