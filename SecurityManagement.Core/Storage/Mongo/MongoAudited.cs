using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Audit;

namespace SecurityManagement.Core.Storage.Mongo;

/// <summary>
/// How an audited change reaches MongoDB so that no acknowledged change ever lacks its entry:
/// <list type="bullet">
/// <item>where the deployment has transactions (a replica set, a sharded cluster), the change and its
/// entries commit in one transaction;</item>
/// <item>elsewhere (a single server) the change parks its entries in the changed document
/// (<see cref="PendingField"/>) in the same single-document write; they are appended right after, and
/// <see cref="MongoStorage.CompletePendingAuditAsync"/> appends whatever a crash left parked. Entries are
/// appended by id, so each lands exactly once.</item>
/// </list>
/// </summary>
internal sealed class MongoAudited(IMongoClient client, MongoAuditStore audit)
{
    public MongoAuditStore Audit => audit;

    public const string PendingField = "pendingAudit";

    // Concurrent transactions race for the next audit sequence number; the loser starts again.
    private const int MaxRaces = 50;

    /// <summary>Set at start-up from what the deployment supports.</summary>
    public bool Transactions { get; set; }

    /// <summary>
    /// Runs <paramref name="change"/> and, when <paramref name="done"/> says it changed something, keeps
    /// <paramref name="entries"/> with it. The change gets the session to write in (null without transactions) and the entries to
    /// park in the document it changes (none inside a transaction); <paramref name="unpark"/> removes
    /// parked entries once they are in the trail.
    /// </summary>
    public async Task<T> WriteAsync<T>(
        Func<IClientSessionHandle?, IReadOnlyList<AuditEntry>, Task<T>> change,
        IReadOnlyList<AuditEntry> entries,
        Func<T, bool> done,
        Func<T, Task> unpark,
        CancellationToken ct)
    {
        if (!Transactions)
        {
            var result = await change(null, entries);
            if (done(result) && entries.Count > 0)
            {
                foreach (var entry in entries)
                {
                    await audit.AppendOnceAsync(entry, ct);
                }

                await unpark(result);
            }

            return result;
        }

        return await InTransactionAsync(async session =>
        {
            var result = await change(session, []);
            if (done(result))
            {
                foreach (var entry in entries)
                {
                    await audit.AppendAsync(session, entry, ct);
                }
            }

            return result;
        }, ct);
    }

    /// <summary>Runs the work in a transaction, starting again when an audit append in it lost the race for its sequence number.</summary>
    public async Task<T> InTransactionAsync<T>(Func<IClientSessionHandle, Task<T>> work, CancellationToken ct)
    {
        for (var race = 0; race < MaxRaces; race++)
        {
            using var session = await client.StartSessionAsync(cancellationToken: ct);
            try
            {
                return await session.WithTransactionAsync((s, _) => work(s), cancellationToken: ct);
            }
            catch (AuditRaceException)
            {
                // Another transaction took the sequence number: nothing of this one was kept; go again.
            }
        }

        throw new ConflictException(Codes.AuditBusy);
    }

    /// <summary>The index the sweep finds parked entries by (only documents with some are in it).</summary>
    public static CreateIndexModel<TDocument> PendingIndex<TDocument>() =>
        new(Builders<TDocument>.IndexKeys.Ascending(PendingField + ".at"), new CreateIndexOptions { Name = "ix_pending_audit", Sparse = true });

    /// <summary>The entries as the array a document parks them in.</summary>
    public static BsonArray Parked(IEnumerable<AuditEntry> entries) => new(entries.Select(e => e.ToBsonDocument()));

    /// <summary>The update that removes these parked entries from a document.</summary>
    public static UpdateDefinition<TDocument> Unpark<TDocument>(IEnumerable<AuditEntry> entries) =>
        new BsonDocument("$pull", new BsonDocument(PendingField, new BsonDocument("_id", new BsonDocument("$in",
            new BsonArray(entries.Select(e => new BsonBinaryData(e.Id, GuidRepresentation.Standard)))))));

    /// <summary>Adds the entries to an update as parked ones (nothing when there are none).</summary>
    public static UpdateDefinition<TDocument> Park<TDocument>(UpdateDefinition<TDocument> update, IReadOnlyList<AuditEntry> parked) =>
        parked.Count == 0 ? update : Builders<TDocument>.Update.Combine(update, Builders<TDocument>.Update.PushEach(PendingField, parked));

    /// <summary>Signals that an append inside a transaction lost the race for its sequence number.</summary>
    internal sealed class AuditRaceException(Exception inner) : Exception("Another append took the sequence number.", inner);
}
