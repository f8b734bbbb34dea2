using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Accounts;

namespace SecurityManagement.Core.Storage.Mongo;

internal sealed class MongoUserStore(IMongoCollection<User> users) : IUserStore
{
    private static readonly Collation ByName = new("en", strength: CollationStrength.Secondary);
    private static FilterDefinitionBuilder<User> Filter => Builders<User>.Filter;

    public static IEnumerable<CreateIndexModel<User>> Indexes =>
    [
        new(Builders<User>.IndexKeys.Ascending(u => u.Phone), new CreateIndexOptions { Unique = true, Name = "ux_phone" }),
        new(Builders<User>.IndexKeys.Ascending(u => u.Role).Ascending(u => u.Status).Ascending(u => u.FullName),
            new CreateIndexOptions { Name = "ix_role_status_name", Collation = ByName }),
        new(Builders<User>.IndexKeys.Ascending(u => u.Flat).Ascending(u => u.FullName),
            new CreateIndexOptions { Name = "ix_flat_name", Collation = ByName }),
    ];

    public async Task AddAsync(User user, CancellationToken ct = default)
    {
        try
        {
            await users.InsertOneAsync(user, cancellationToken: ct);
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

    public async Task<bool> UpdateAsync(User user, string expectedStamp, CancellationToken ct = default)
    {
        try
        {
            var result = await users.ReplaceOneAsync(
                Filter.Eq(u => u.Id, user.Id) & Filter.Eq(u => u.SecurityStamp, expectedStamp), user, cancellationToken: ct);
            return result.MatchedCount == 1;
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            throw new PhoneAlreadyRegisteredException(user.Phone);
        }
    }

    public Task RecordLoginAsync(Guid id, DateTimeOffset at, CancellationToken ct = default) =>
        users.UpdateOneAsync(Filter.Eq(u => u.Id, id), Builders<User>.Update.Set(u => u.LastLoginAt, at), cancellationToken: ct);

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

        var total = await users.CountDocumentsAsync(query, cancellationToken: ct);
        var items = await users.Find(query, new FindOptions { Collation = ByName })
            .SortBy(u => u.FullName).ThenBy(u => u.Phone)
            .Skip(page.Skip).Limit(page.Take)
            .ToListAsync(ct);
        return new Page<User>(items, (int)total);
    }
}
