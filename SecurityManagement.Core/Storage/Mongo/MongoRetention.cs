using MongoDB.Driver;
using SecurityManagement.Core.Audit;

namespace SecurityManagement.Core.Storage.Mongo;

internal static class MongoRetention
{
    /// <summary>
    /// Retention's bulk update with its entry: in one transaction where there are transactions; elsewhere
    /// the entry goes first (counting what will be forgotten), so a crash can leave an entry for a sweep
    /// that the next daily sweep finishes, but never forgotten data without its entry.
    /// </summary>
    public static async Task<int> ForgetAsync<T>(
        MongoAudited audited, IMongoCollection<T> collection, FilterDefinition<T> filter, UpdateDefinition<T> update,
        Func<int, AuditEntry> audit, CancellationToken ct)
    {
        if (!audited.Transactions)
        {
            var due = (int)await collection.CountDocumentsAsync(filter, cancellationToken: ct);
            if (due == 0)
            {
                return 0;
            }

            await audited.Audit.AppendAsync(audit(due), ct);
            return (int)(await collection.UpdateManyAsync(filter, update, cancellationToken: ct)).ModifiedCount;
        }

        return await audited.InTransactionAsync(async session =>
        {
            var forgotten = (int)(await collection.UpdateManyAsync(session, filter, update, ct)).ModifiedCount;
            if (forgotten > 0)
            {
                await audited.Audit.AppendAsync(session, audit(forgotten), ct);
            }

            return forgotten;
        }, ct);
    }
}
