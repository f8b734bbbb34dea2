using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;

namespace SecurityManagement.Core.Storage.Mongo;

/// <summary>
/// The flats directory; the code is the document id. Without transactions a removal first marks the
/// flat (<see cref="RemovingField"/>, with its entry parked) and a rename first inserts the new code
/// naming the one it replaces (<see cref="ReplacesField"/>): a crash halfway is finished by
/// <see cref="MongoStorage.CompletePendingAuditAsync"/>, and marked flats are already out of every list.
/// </summary>
internal sealed class MongoFlatStore(IMongoCollection<Flat> flats, MongoAudited audited) : IFlatStore
{
    public const string RemovingField = "removing";
    public const string ReplacesField = "replaces";

    private static FilterDefinitionBuilder<Flat> Filter => Builders<Flat>.Filter;

    private static FilterDefinition<Flat> Listed => Filter.Ne(RemovingField, true);

    public static IEnumerable<CreateIndexModel<Flat>> Indexes =>
    [
        new(Builders<Flat>.IndexKeys.Ascending(f => f.SortKey), new CreateIndexOptions { Name = "ix_sort_key" }),
        MongoAudited.PendingIndex<Flat>(),
    ];

    public async Task AddAsync(Flat flat, AuditEntry? audit, CancellationToken ct = default)
    {
        IReadOnlyList<AuditEntry> entries = audit is null ? [] : [audit];
        try
        {
            await audited.WriteAsync(async (session, parked) =>
            {
                await MongoDocuments.InsertAsync(flats, session, flat, parked, ct);
                return true;
            }, entries, done => done, _ => flats.UpdateOneAsync(ById(flat.Code), MongoAudited.Unpark<Flat>(entries), cancellationToken: ct), ct);
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            throw new FlatAlreadyExistsException(flat.Code);
        }
    }

    public async Task<Flat?> GetAsync(FlatCode code, CancellationToken ct = default) =>
        await flats.Find(ById(code) & Listed).SingleOrDefaultAsync(ct);

    public Task<bool> RemoveAsync(FlatCode code, AuditEntry audit, CancellationToken ct = default) =>
        audited.WriteAsync(async (session, parked) =>
        {
            if (session is not null)
            {
                return (await flats.DeleteOneAsync(session, ById(code), ct)).DeletedCount == 1;
            }

            var mark = Builders<Flat>.Update.Set(RemovingField, true);
            return (await flats.UpdateOneAsync(null, ById(code) & Listed, MongoAudited.Park(mark, parked), ct)).MatchedCount == 1;
        }, [audit], done => done, _ => flats.DeleteOneAsync(ById(code), ct), ct);

    public async Task<bool> RenameAsync(FlatCode code, FlatCode newCode, AuditEntry audit, CancellationToken ct = default)
    {
        try
        {
            return await audited.WriteAsync(async (session, parked) =>
            {
                if (await flats.Find(session, ById(code) & Listed).SingleOrDefaultAsync(ct) is not { } flat)
                {
                    return false;
                }

                var renamed = flat with { Code = newCode };
                if (session is not null)
                {
                    await flats.InsertAsync(session, renamed, ct);
                    return (await flats.DeleteOneAsync(session, ById(code), ct)).DeletedCount == 1;
                }

                // The id cannot change: insert the new code (naming the one it replaces), then remove the old.
                var document = renamed.ToBsonDocument();
                document[ReplacesField] = code.Value;
                document[MongoAudited.PendingField] = MongoAudited.Parked(parked);
                await flats.Database.GetCollection<BsonDocument>(flats.CollectionNamespace.CollectionName).InsertOneAsync(document, cancellationToken: ct);
                if ((await flats.DeleteOneAsync(ById(code) & Listed, ct)).DeletedCount == 1)
                {
                    return true;
                }

                // Someone removed or renamed the flat between the two steps: take the copy back, entry and all.
                await flats.DeleteOneAsync(ById(newCode), ct);
                return false;
            }, [audit], done => done, _ => flats.UpdateOneAsync(ById(newCode),
                Builders<Flat>.Update.Combine(MongoAudited.Unpark<Flat>([audit]), Builders<Flat>.Update.Unset(ReplacesField)), cancellationToken: ct), ct);
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            throw new FlatAlreadyExistsException(newCode);
        }
    }

    public async Task<IReadOnlyList<Flat>> SearchAsync(string prefix, int limit, CancellationToken ct = default) =>
        await flats.Find(Filter.Regex("_id", new BsonRegularExpression("^" + Regex.Escape(prefix.Trim().ToUpperInvariant()))) & Listed)
            .SortBy(f => f.SortKey).Limit(limit).ToListAsync(ct);

    public async Task<Page<Flat>> ListAsync(PageRequest page, CancellationToken ct = default)
    {
        var total = await flats.CountDocumentsAsync(Listed, cancellationToken: ct);
        var items = await flats.Find(Listed)
            .SortBy(f => f.SortKey).Skip(page.Skip).Limit(page.Take).ToListAsync(ct);
        return new Page<Flat>(items, (int)total);
    }

    private static FilterDefinition<Flat> ById(FlatCode code) => Filter.Eq(f => f.Code, code);
}
