using MongoDB.Driver;
using SecurityManagement.Core.Accounts;

namespace SecurityManagement.Core.Storage.Mongo;

internal sealed class MongoOtpStore(IMongoCollection<OtpState> states) : IOtpStore
{
    private static FilterDefinitionBuilder<OtpState> Filter => Builders<OtpState>.Filter;

    public async Task<OtpState?> GetAsync(PhoneNumber phone, CancellationToken ct = default) =>
        await states.Find(Filter.Eq(s => s.Phone, phone)).SingleOrDefaultAsync(ct);

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
            Filter.Eq(s => s.Phone, state.Phone) & Filter.Eq(s => s.Version, expectedVersion), state, cancellationToken: ct);
        return result.MatchedCount == 1;
    }
}
