using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Accounts;

namespace SecurityManagement.Core.Storage.Mongo;

/// <summary>One-time-code state, one document per phone and lane (id <c>phone</c> or <c>phone:lane</c>), and the society-wide send counts.</summary>
internal sealed class MongoOtpStore(IMongoCollection<OtpState> states, IMongoCollection<BsonDocument> counts) : IOtpStore
{
    private static FilterDefinitionBuilder<OtpState> Filter => Builders<OtpState>.Filter;

    public static IEnumerable<CreateIndexModel<BsonDocument>> CountIndexes =>
    [
        new(Builders<BsonDocument>.IndexKeys.Ascending("endsAt"), new CreateIndexOptions { Name = "ix_ends_at" }),
    ];

    public static string KeyOf(PhoneNumber phone, string lane) => lane.Length == 0 ? phone.Value : $"{phone.Value}:{lane}";

    public async Task<OtpState?> GetAsync(PhoneNumber phone, string lane, CancellationToken ct = default) =>
        await states.Find(Filter.Eq("_id", KeyOf(phone, lane))).SingleOrDefaultAsync(ct);

    public async Task<bool> TrySaveAsync(OtpState state, long expectedVersion, CancellationToken ct = default)
    {
        if (expectedVersion == 0)
        {
            try
            {
                await states.InsertOneAsync(state, cancellationToken: ct);
                return true;
            }
            catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
            {
                return false;
            }
        }

        var result = await states.ReplaceOneAsync(
            Filter.Eq("_id", KeyOf(state.Phone, state.Lane)) & Filter.Eq("version", expectedVersion), state, cancellationToken: ct);
        return result.MatchedCount == 1;
    }

    public async Task<SendWindow?> TryCountSendAsync(IReadOnlyList<SendWindow> windows, DateTimeOffset now, CancellationToken ct = default)
    {
        await counts.DeleteManyAsync(Builders<BsonDocument>.Filter.Lte("endsAt", now.UtcDateTime), ct);
        var counted = new List<SendWindow>();
        foreach (var window in windows)
        {
            // The window's document exists first (an upsert on the id alone, which MongoDB retries itself
            // when two race); then the count goes up only while under the limit.
            var id = Builders<BsonDocument>.Filter.Eq("_id", window.Key);
            await counts.UpdateOneAsync(id,
                Builders<BsonDocument>.Update.SetOnInsert("count", 0).SetOnInsert("endsAt", window.EndsAt.UtcDateTime),
                new UpdateOptions { IsUpsert = true }, ct);
            var underLimit = window.Limit is { } limit ? id & Builders<BsonDocument>.Filter.Lt("count", limit) : id;
            if ((await counts.UpdateOneAsync(underLimit, Builders<BsonDocument>.Update.Inc("count", 1), cancellationToken: ct)).MatchedCount == 0)
            {
                await UncountSendAsync(counted, ct);
                return window;
            }

            counted.Add(window);
        }

        return null;
    }

    public async Task UncountSendAsync(IReadOnlyList<SendWindow> windows, CancellationToken ct = default)
    {
        foreach (var window in windows)
        {
            await counts.UpdateOneAsync(Builders<BsonDocument>.Filter.Eq("_id", window.Key) & Builders<BsonDocument>.Filter.Gt("count", 0),
                Builders<BsonDocument>.Update.Inc("count", -1), cancellationToken: ct);
        }
    }
}
