using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Flats;

namespace SecurityManagement.Core.Storage.Mongo;

internal sealed class MongoFlatStore(IMongoCollection<Flat> flats) : IFlatStore
{
    public static IEnumerable<CreateIndexModel<Flat>> Indexes =>
    [
        new(Builders<Flat>.IndexKeys.Ascending(f => f.SortKey), new CreateIndexOptions { Name = "ix_sort_key" }),
    ];

    public async Task AddAsync(Flat flat, CancellationToken ct = default)
    {
        try
        {
            await flats.InsertOneAsync(flat, cancellationToken: ct);
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            throw new FlatAlreadyExistsException(flat.Code);
        }
    }

    public async Task<Flat?> GetAsync(FlatCode code, CancellationToken ct = default) =>
        await flats.Find(Builders<Flat>.Filter.Eq(f => f.Code, code)).SingleOrDefaultAsync(ct);

    public async Task<bool> RemoveAsync(FlatCode code, CancellationToken ct = default) =>
        (await flats.DeleteOneAsync(Builders<Flat>.Filter.Eq(f => f.Code, code), ct)).DeletedCount == 1;

    /// <summary>The code is the document's id, which MongoDB cannot change: the flat is copied under the new code, then the old one removed.</summary>
    public async Task<bool> RenameAsync(FlatCode code, FlatCode newCode, CancellationToken ct = default)
    {
        if (await GetAsync(code, ct) is not { } flat)
        {
            return false;
        }

        await AddAsync(flat with { Code = newCode }, ct);
        if (await RemoveAsync(code, ct))
        {
            return true;
        }

        // Someone removed or renamed the flat between the two steps: take the copy back.
        await RemoveAsync(newCode, ct);
        return false;
    }

    public async Task<IReadOnlyList<Flat>> SearchAsync(string prefix, int limit, CancellationToken ct = default) =>
        await flats.Find(Builders<Flat>.Filter.Regex("_id", new BsonRegularExpression("^" + Regex.Escape(prefix.Trim().ToUpperInvariant()))))
            .SortBy(f => f.SortKey).Limit(limit).ToListAsync(ct);

    public async Task<Page<Flat>> ListAsync(PageRequest page, CancellationToken ct = default)
    {
        var total = await flats.CountDocumentsAsync(Builders<Flat>.Filter.Empty, cancellationToken: ct);
        var items = await flats.Find(Builders<Flat>.Filter.Empty)
            .SortBy(f => f.SortKey).Skip(page.Skip).Limit(page.Take).ToListAsync(ct);
        return new Page<Flat>(items, (int)total);
    }
}
