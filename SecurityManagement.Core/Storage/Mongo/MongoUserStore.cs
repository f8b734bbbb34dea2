using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;

namespace SecurityManagement.Core.Storage.Mongo;

internal sealed class MongoUserStore(IMongoCollection<User> users, MongoAudited audited) : IUserStore
{
    public static readonly Collation ByName = new("en", strength: CollationStrength.Secondary);
    private static FilterDefinitionBuilder<User> Filter => Builders<User>.Filter;

    public static IEnumerable<CreateIndexModel<User>> Indexes =>
    [
        new(Builders<User>.IndexKeys.Ascending(u => u.Phone), new CreateIndexOptions { Unique = true, Name = "ux_phone" }),
        new(Builders<User>.IndexKeys.Ascending(u => u.Role).Ascending(u => u.Status).Ascending(u => u.FullName).Ascending(u => u.Phone),
            new CreateIndexOptions { Name = "ix_role_status_name", Collation = ByName }),
        new(Builders<User>.IndexKeys.Ascending(u => u.Flat).Ascending(u => u.FullName).Ascending(u => u.Phone),
            new CreateIndexOptions { Name = "ix_flat_name", Collation = ByName }),
        new(Builders<User>.IndexKeys.Ascending(u => u.FullName).Ascending(u => u.Phone),
            new CreateIndexOptions { Name = "ix_name", Collation = ByName }),
        MongoAudited.PendingIndex<User>(),
    ];

    public async Task AddAsync(User user, AuditEntry? audit, CancellationToken ct = default)
    {
        IReadOnlyList<AuditEntry> entries = audit is null ? [] : [audit];
        try
        {
            await audited.WriteAsync(async (session, parked) =>
            {
                await MongoDocuments.InsertAsync(users, session, user, parked, ct);
                return true;
            }, entries, done => done, _ => users.UpdateOneAsync(Filter.Eq(u => u.Id, user.Id), MongoAudited.Unpark<User>(entries), cancellationToken: ct), ct);
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            throw new PhoneAlreadyRegisteredException(user.Phone);
        }
    }

    public async Task<User?> GetAsync(Guid id, CancellationToken ct = default) =>
        await users.Find(Filter.Eq(u => u.Id, id)).SingleOrDefaultAsync(ct);

    public async Task<User?> GetByPhoneAsync(PhoneNumber phone, CancellationToken ct = default) =>
        await users.Find(Filter.Eq(u => u.Phone, phone)).SingleOrDefaultAsync(ct);

    public Task<bool> UpdateAsync(User user, string expectedStamp, AuditEntry? audit, CancellationToken ct = default)
    {
        IReadOnlyList<AuditEntry> entries = audit is null ? [] : [audit];
        var filter = Filter.Eq(u => u.Id, user.Id) & Filter.Eq(u => u.SecurityStamp, expectedStamp);
        return audited.WriteAsync(async (session, parked) =>
        {
            var update = Builders<User>.Update
                .Set(u => u.FullName, user.FullName)
                .Set(u => u.Flat, user.Flat)
                .Set(u => u.Role, user.Role)
                .Set(u => u.Status, user.Status)
                .Set(u => u.SecurityStamp, user.SecurityStamp);
            return (await users.UpdateOneAsync(session, filter, MongoAudited.Park(update, parked), ct)).MatchedCount == 1;
        }, entries, done => done, _ => users.UpdateOneAsync(Filter.Eq(u => u.Id, user.Id), MongoAudited.Unpark<User>(entries), cancellationToken: ct), ct);
    }

    public async Task<bool> SetLanguageAsync(Guid id, string language, CancellationToken ct = default) =>
        (await users.UpdateOneAsync(Filter.Eq(u => u.Id, id), Builders<User>.Update.Set(u => u.Language, language), cancellationToken: ct)).MatchedCount == 1;

    public async Task<Page<User>> ListAsync(UserFilter filter, PageRequest page, CancellationToken ct = default)
    {
        var query = Filter.Empty;
        if (filter.Role is { } role)
        {
            query &= Filter.Eq(u => u.Role, role);
        }

        if (filter.Status is { } status)
        {
            query &= Filter.Eq(u => u.Status, status);
        }

        if (filter.Flat is { } flat)
        {
            query &= Filter.Eq(u => u.Flat, flat);
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var text = Regex.Escape(filter.Search.Trim());
            query &= Filter.Regex(u => u.FullName, new BsonRegularExpression(text, "i"))
                | Filter.Regex("phone", new BsonRegularExpression("^" + text));
        }

        // The same collation as the indexes, or MongoDB cannot use them for these string fields.
        var total = await users.CountDocumentsAsync(query, new CountOptions { Collation = ByName }, ct);
        var items = await users.Find(query, new FindOptions { Collation = ByName })
            .SortBy(u => u.FullName).ThenBy(u => u.Phone)
            .Skip(page.Skip).Limit(page.Take)
            .ToListAsync(ct);
        return new Page<User>(items, (int)total);
    }
}
