using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Passes;
using SecurityManagement.Core.Visits;

namespace SecurityManagement.Core.Storage.Mongo;

/// <summary>Guest passes. <see cref="LiveCodeField"/> holds the code while the pass is live, under a unique index.</summary>
internal sealed class MongoPassStore(IMongoCollection<GuestPass> passes, IMongoCollection<Visit> visits, MongoAudited audited) : IPassStore
{
    public const string LiveCodeField = "liveCode";

    private static FilterDefinitionBuilder<GuestPass> Filter => Builders<GuestPass>.Filter;

    public static IEnumerable<CreateIndexModel<GuestPass>> Indexes =>
    [
        new(Builders<GuestPass>.IndexKeys.Ascending(p => p.Code).Ascending(p => p.ValidUntil),
            new CreateIndexOptions { Name = "ix_code_valid_until" }),
        new(Builders<GuestPass>.IndexKeys.Ascending(p => p.Flat).Descending(p => p.CreatedAt).Descending(p => p.Id),
            new CreateIndexOptions { Name = "ix_flat_created" }),
        new(Builders<GuestPass>.IndexKeys.Ascending(p => p.ValidUntil), new CreateIndexOptions { Name = "ix_valid_until" }),
        new(Builders<GuestPass>.IndexKeys.Ascending(LiveCodeField), new CreateIndexOptions<GuestPass>
        {
            Name = "ux_live_code",
            Unique = true,
            PartialFilterExpression = Filter.Type(LiveCodeField, BsonType.String),
        }),
        MongoAudited.PendingIndex<GuestPass>(),
    ];

    public async Task AddAsync(GuestPass pass, DateTimeOffset now, AuditEntry? audit, CancellationToken ct = default)
    {
        IReadOnlyList<AuditEntry> entries = audit is null ? [] : [audit];
        var raw = passes.Database.GetCollection<BsonDocument>(passes.CollectionNamespace.CollectionName);
        try
        {
            await audited.WriteAsync(async (session, parked) =>
            {
                // A pass whose window ended no longer holds its code.
                await passes.UpdateManyAsync(session, Filter.Eq(LiveCodeField, pass.Code) & Filter.Lte(p => p.ValidUntil, now),
                    Builders<GuestPass>.Update.Unset(LiveCodeField), ct);
                var document = pass.ToBsonDocument();
                if (pass.RevokedAt is null && pass.ValidUntil > now)
                {
                    document[LiveCodeField] = pass.Code;
                }

                if (parked.Count > 0)
                {
                    document[MongoAudited.PendingField] = MongoAudited.Parked(parked);
                }

                await raw.InsertAsync(session, document, ct);
                return true;
            }, entries, done => done, _ => passes.UpdateOneAsync(ById(pass.Id), MongoAudited.Unpark<GuestPass>(entries), cancellationToken: ct), ct);
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            throw new PassCodeTakenException();
        }
    }

    /// <summary>
    /// Start-up: passes stored before live codes were kept (an earlier version) hold their code if still
    /// live, newest first; an older pass whose code a newer live one holds is left without it.
    /// </summary>
    public async Task HoldLiveCodesAsync(DateTimeOffset now, CancellationToken ct)
    {
        var unheld = Filter.Eq(p => p.RevokedAt, null) & Filter.Gt(p => p.ValidUntil, now) & Filter.Exists(LiveCodeField, false);
        foreach (var pass in await passes.Find(unheld).SortByDescending(p => p.CreatedAt).ToListAsync(ct))
        {
            try
            {
                await passes.UpdateOneAsync(ById(pass.Id), Builders<GuestPass>.Update.Set(LiveCodeField, pass.Code), cancellationToken: ct);
            }
            catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
            {
                // A newer live pass holds this code.
            }
        }
    }

    public async Task<GuestPass?> GetAsync(Guid id, CancellationToken ct = default) =>
        await passes.Find(ById(id)).SingleOrDefaultAsync(ct);

    public async Task<IReadOnlyList<GuestPass>> ListLiveByCodeAsync(string code, DateTimeOffset now, CancellationToken ct = default) =>
        await passes.Find(Filter.Eq(p => p.Code, code) & Filter.Gt(p => p.ValidUntil, now) & Filter.Eq(p => p.RevokedAt, null))
            .SortBy(p => p.ValidFrom).ThenBy(p => p.Id)
            .ToListAsync(ct);

    public async Task<Page<GuestPass>> ListForFlatAsync(FlatCode flat, PageRequest page, CancellationToken ct = default)
    {
        var filter = Filter.Eq(p => p.Flat, flat);
        var total = await passes.CountDocumentsAsync(filter, cancellationToken: ct);
        var items = await passes.Find(filter)
            .SortByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Skip(page.Skip).Limit(page.Take)
            .ToListAsync(ct);
        return new Page<GuestPass>(items, (int)total);
    }

    public async Task<GuestPass?> TryAdmitAsync(Guid id, int expectedUseCount, AuditEntry used, Visit visit, AuditEntry logged, CancellationToken ct = default)
    {
        var filter = ById(id) & Filter.Eq(p => p.UseCount, expectedUseCount) & Filter.Eq(p => p.RevokedAt, null);
        var use = Builders<GuestPass>.Update.Inc(p => p.UseCount, 1);
        if (audited.Transactions)
        {
            return await audited.InTransactionAsync(async session =>
            {
                var pass = await passes.FindOneAndUpdateAsync(session, filter, use, ct);
                if (pass is not null)
                {
                    await visits.InsertAsync(session, visit, ct);
                    await audited.Audit.AppendAsync(session, used, ct);
                    await audited.Audit.AppendAsync(session, logged, ct);
                }

                return pass;
            }, ct);
        }

        // Without transactions each document parks the entry about it: the use on the pass, the visit on the
        // visit. The use comes first: should the visit then fail, the use is taken back (a crash in between
        // leaves the pass spent with its entry, and the guest is called in, never let in twice).
        var admitted = await passes.FindOneAndUpdateAsync(null, filter, MongoAudited.Park(use, [used]), ct);
        if (admitted is null)
        {
            return null;
        }

        try
        {
            await MongoDocuments.InsertAsync(visits, null, visit, [logged], ct);
        }
        catch
        {
            await passes.UpdateOneAsync(ById(id) & Filter.Eq(p => p.UseCount, expectedUseCount + 1),
                Builders<GuestPass>.Update.Combine(Builders<GuestPass>.Update.Inc(p => p.UseCount, -1), MongoAudited.Unpark<GuestPass>([used])),
                cancellationToken: CancellationToken.None);
            throw;
        }

        await audited.Audit.AppendOnceAsync(used, ct);
        await audited.Audit.AppendOnceAsync(logged, ct);
        await passes.UpdateOneAsync(ById(id), MongoAudited.Unpark<GuestPass>([used]), cancellationToken: ct);
        await visits.UpdateOneAsync(Builders<Visit>.Filter.Eq(v => v.Id, visit.Id), MongoAudited.Unpark<Visit>([logged]), cancellationToken: ct);
        return admitted;
    }

    public Task<int> ForgetGuestsBeforeAsync(DateTimeOffset cutoff, Func<int, AuditEntry> audit, CancellationToken ct = default) =>
        MongoRetention.ForgetAsync(audited, passes,
            Filter.Lt(p => p.ValidUntil, cutoff) & Filter.Ne(p => p.GuestName, GuestPass.ForgottenName),
            Builders<GuestPass>.Update.Set(p => p.GuestName, GuestPass.ForgottenName).Set(p => p.GuestPhone, null),
            audit, ct);

    public Task<GuestPass?> TryRevokeAsync(Guid id, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default) =>
        audited.WriteAsync<GuestPass?>(
            async (session, parked) => await passes.FindOneAndUpdateAsync(session, ById(id) & Filter.Eq(p => p.RevokedAt, null),
                MongoAudited.Park(Builders<GuestPass>.Update.Set(p => p.RevokedAt, at).Unset(LiveCodeField), parked), ct),
            [audit], revoked => revoked is not null,
            _ => passes.UpdateOneAsync(ById(id), MongoAudited.Unpark<GuestPass>([audit]), cancellationToken: ct), ct);

    private static FilterDefinition<GuestPass> ById(Guid id) => Filter.Eq(p => p.Id, id);
}
