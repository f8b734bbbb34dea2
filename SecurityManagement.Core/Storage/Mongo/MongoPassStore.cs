using MongoDB.Driver;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Passes;

namespace SecurityManagement.Core.Storage.Mongo;

internal sealed class MongoPassStore(IMongoCollection<GuestPass> passes) : IPassStore
{
    private static FilterDefinitionBuilder<GuestPass> Filter => Builders<GuestPass>.Filter;

    public static IEnumerable<CreateIndexModel<GuestPass>> Indexes =>
    [
        new(Builders<GuestPass>.IndexKeys.Ascending(p => p.Code).Ascending(p => p.ValidUntil),
            new CreateIndexOptions { Name = "ix_code_valid_until" }),
        new(Builders<GuestPass>.IndexKeys.Ascending(p => p.Flat).Descending(p => p.CreatedAt),
            new CreateIndexOptions { Name = "ix_flat_created" }),
        new(Builders<GuestPass>.IndexKeys.Ascending(p => p.ValidUntil), new CreateIndexOptions { Name = "ix_valid_until" }),
    ];

    public Task AddAsync(GuestPass pass, CancellationToken ct = default) =>
        passes.InsertOneAsync(pass, cancellationToken: ct);

    public async Task<GuestPass?> GetAsync(Guid id, CancellationToken ct = default) =>
        await passes.Find(Filter.Eq(p => p.Id, id)).SingleOrDefaultAsync(ct);

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

    public async Task<GuestPass?> TryRecordUseAsync(Guid id, int expectedUseCount, CancellationToken ct = default) =>
        await passes.FindOneAndUpdateAsync(
            Filter.Eq(p => p.Id, id) & Filter.Eq(p => p.UseCount, expectedUseCount) & Filter.Eq(p => p.RevokedAt, null),
            Builders<GuestPass>.Update.Inc(p => p.UseCount, 1),
            new FindOneAndUpdateOptions<GuestPass> { ReturnDocument = ReturnDocument.After },
            ct);

    public async Task<int> ForgetGuestsBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default) =>
        (int)(await passes.UpdateManyAsync(
            Filter.Lt(p => p.ValidUntil, cutoff) & Filter.Ne(p => p.GuestName, GuestPass.ForgottenName),
            Builders<GuestPass>.Update.Set(p => p.GuestName, GuestPass.ForgottenName).Set(p => p.GuestPhone, null),
            cancellationToken: ct)).ModifiedCount;

    public async Task<GuestPass?> TryRevokeAsync(Guid id, DateTimeOffset at, CancellationToken ct = default) =>
        await passes.FindOneAndUpdateAsync(
            Filter.Eq(p => p.Id, id) & Filter.Eq(p => p.RevokedAt, null),
            Builders<GuestPass>.Update.Set(p => p.RevokedAt, at),
            new FindOneAndUpdateOptions<GuestPass> { ReturnDocument = ReturnDocument.After },
            ct);
}
