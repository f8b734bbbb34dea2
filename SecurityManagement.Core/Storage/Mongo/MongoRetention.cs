using MongoDB.Driver;
using SecurityManagement.Core.Audit;

namespace SecurityManagement.Core.Storage.Mongo;

internal static class MongoRetention
{
    /// <summary>Retention's bulk update with its entry (see <see cref="SweepAsync"/>).</summary>
    public static Task<int> ForgetAsync<T>(
        MongoAudited audited, IMongoCollection<T> collection, FilterDefinition<T> filter, UpdateDefinition<T> update,
        Func<int, AuditEntry> audit, CancellationToken ct) =>
        SweepAsync(audited,
            async () => (int)await collection.CountDocumentsAsync(filter, cancellationToken: ct),
            async session => (int)(await collection.UpdateManyAsync(session, filter, update, ct)).ModifiedCount,
            audit, ct);

    /// <summary>
    /// A retention sweep with its entry: in one transaction where there are transactions; elsewhere the entry goes first
    /// (counting what <paramref name="due"/> says will go), so a crash can leave an entry for a sweep that the next daily
    /// sweep finishes, but never data removed without its entry. <paramref name="apply"/> gets the session (null without
    /// transactions) and returns how many it changed.
    /// </summary>
    public static async Task<int> SweepAsync(
        MongoAudited audited, Func<Task<int>> due, Func<IClientSessionHandle?, Task<int>> apply, Func<int, AuditEntry> audit, CancellationToken ct)
    {
        if (!audited.Transactions)
        {
            var count = await due();
            if (count == 0)
            {
                return 0;
            }

            await audited.Audit.AppendAsync(audit(count), ct);
            return await apply(null);
        }

        return await audited.InTransactionAsync(async session =>
        {
            var changed = await apply(session);
            if (changed > 0)
            {
                await audited.Audit.AppendAsync(session, audit(changed), ct);
            }

            return changed;
        }, ct);
    }
}
