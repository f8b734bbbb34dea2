using MongoDB.Driver;
using SecurityManagement.Core.Audit;

namespace SecurityManagement.Core.Storage.Mongo;

internal sealed class MongoAuditStore(IMongoCollection<AuditEntry> entries, AuditChain chain) : IAuditStore
{
    // Concurrent appends race for the next sequence number; the unique index lets exactly one win each round.
    private const int MaxRaces = 50;

    private static FilterDefinitionBuilder<AuditEntry> Filter => Builders<AuditEntry>.Filter;

    public static IEnumerable<CreateIndexModel<AuditEntry>> Indexes =>
    [
        new(Builders<AuditEntry>.IndexKeys.Descending(a => a.Sequence), new CreateIndexOptions { Name = "ux_sequence", Unique = true }),
        new(Builders<AuditEntry>.IndexKeys.Descending(a => a.At), new CreateIndexOptions { Name = "ix_at" }),
        new(Builders<AuditEntry>.IndexKeys.Ascending(a => a.ActorId).Descending(a => a.Sequence), new CreateIndexOptions { Name = "ix_actor_sequence" }),
        new(Builders<AuditEntry>.IndexKeys.Ascending(a => a.Action).Descending(a => a.Sequence), new CreateIndexOptions { Name = "ix_action_sequence" }),
        new(Builders<AuditEntry>.IndexKeys.Ascending(a => a.Action).Ascending(a => a.ActorId).Descending(a => a.At),
            new CreateIndexOptions { Name = "ix_action_actor_at" }),
    ];

    public async Task<AuditEntry> AppendAsync(AuditEntry entry, CancellationToken ct = default) =>
        (await AppendAsync(entry, once: false, ct))!;

    /// <summary>Appends inside a transaction; losing the race for the sequence number aborts it (the caller starts again).</summary>
    public async Task AppendAsync(IClientSessionHandle session, AuditEntry entry, CancellationToken ct)
    {
        var linked = chain.Link(entry, await LastAsync(session, ct));
        try
        {
            await entries.InsertOneAsync(session, linked, cancellationToken: ct);
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            throw new MongoAudited.AuditRaceException(ex);
        }
    }

    /// <summary>
    /// Appends an entry that may be in the trail already (a parked one that another instance, or this
    /// one before a crash, appended): the entry's id is the document id, so it is there once at most.
    /// </summary>
    public async Task<bool> AppendOnceAsync(AuditEntry entry, CancellationToken ct) =>
        await AppendAsync(entry, once: true, ct) is not null;

    public async Task<IReadOnlyList<AuditEntry>> ListAfterAsync(long sequence, int take, CancellationToken ct = default) =>
        await entries.Find(Filter.Gt(a => a.Sequence, sequence)).SortBy(a => a.Sequence).Limit(take).ToListAsync(ct);

    public async Task<AuditEntry?> GetLastAsync(CancellationToken ct = default) => await LastAsync(null, ct);

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

    /// <summary>
    /// Links the entry to the last one and inserts it, racing concurrent appends for the sequence number;
    /// with <paramref name="once"/>, returns null (appending nothing) when the entry is already there.
    /// </summary>
    private async Task<AuditEntry?> AppendAsync(AuditEntry entry, bool once, CancellationToken ct)
    {
        for (var race = 0; race < MaxRaces; race++)
        {
            if (once && await entries.Find(Filter.Eq(a => a.Id, entry.Id)).AnyAsync(ct))
            {
                return null;
            }

            var linked = chain.Link(entry, await LastAsync(null, ct));
            try
            {
                await entries.InsertOneAsync(linked, cancellationToken: ct);
                return linked;
            }
            catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
            {
                // Another append took this sequence number (or, appending once, the entry itself): look again.
            }
        }

        throw new ConflictException(Codes.AuditBusy);
    }

    private async Task<AuditEntry?> LastAsync(IClientSessionHandle? session, CancellationToken ct) =>
        await entries.Find(session, Filter.Empty).SortByDescending(a => a.Sequence).Limit(1).FirstOrDefaultAsync(ct);
}
