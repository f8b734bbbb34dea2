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
        var counted = new List<string>();
        foreach (var window in windows)
        {
            var filter = Builders<BsonDocument>.Filter.Eq("_id", window.Key);
            if (window.Limit is { } limit)
            {
                filter &= Builders<BsonDocument>.Filter.Lt("count", limit);
            }

            try
            {
                // Upsert: a missing window starts at 1; a full one matches nothing, so the upsert's insert hits the existing id.
                await counts.UpdateOneAsync(filter,
                    Builders<BsonDocument>.Update.Inc("count", 1).SetOnInsert("endsAt", window.EndsAt.UtcDateTime),
                    new UpdateOptions { IsUpsert = true }, ct);
                counted.Add(window.Key);
            }
            catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
            {
                // Full: give back what this send already counted.
                foreach (var key in counted)
                {
                    await counts.UpdateOneAsync(Builders<BsonDocument>.Filter.Eq("_id", key), Builders<BsonDocument>.Update.Inc("count", -1), cancellationToken: ct);
                }

                return window;
            }
        }

        return null;
    }
}
