using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Notices;

namespace SecurityManagement.Core.Storage.Mongo;

/// <summary>
/// Notices as plain documents (<c>_id</c>: the id as a string), filed by <c>audienceKey</c>; reads in their own
/// collection, one document per resident and notice (<c>_id</c>: "user:notice").
/// </summary>
internal sealed class MongoNoticeStore(IMongoCollection<BsonDocument> notices, IMongoCollection<BsonDocument> reads, MongoAudited audited) : INoticeStore
{
    private static FilterDefinitionBuilder<BsonDocument> Filter => Builders<BsonDocument>.Filter;

    private static readonly BsonDocument NewestFirst = new() { { "postedAt", -1 }, { "_id", -1 } };

    public static IEnumerable<CreateIndexModel<BsonDocument>> Indexes =>
    [
        new(Builders<BsonDocument>.IndexKeys.Ascending("audienceKey").Descending("postedAt").Descending("_id"), new CreateIndexOptions { Name = "ix_audience_posted" }),
        new(Builders<BsonDocument>.IndexKeys.Descending("postedAt").Descending("_id"), new CreateIndexOptions { Name = "ix_posted" }),
        new(Builders<BsonDocument>.IndexKeys.Ascending("pushedAt").Ascending("postedAt"), new CreateIndexOptions { Name = "ix_unpushed" }),
        MongoAudited.PendingIndex<BsonDocument>(),
    ];

    public static IEnumerable<CreateIndexModel<BsonDocument>> ReadIndexes =>
    [
        new(Builders<BsonDocument>.IndexKeys.Ascending("user").Ascending("notice"), new CreateIndexOptions { Name = "ix_user_notice" }),
    ];

    public Task AddAsync(Notice notice, AuditEntry audit, CancellationToken ct = default) =>
        audited.WriteAsync(async (session, parked) =>
        {
            var document = new BsonDocument
            {
                { "_id", notice.Id.ToString() },
                { "title", notice.Title },
                { "body", notice.Body },
                { "audience", notice.Audience.ToString() },
                { "target", MongoFields.Value(notice.Target) },
                { "audienceKey", notice.AudienceKey },
                { "postedBy", notice.PostedBy.ToString() },
                { "postedByName", notice.PostedByName },
                { "postedAt", notice.PostedAt.UtcDateTime },
                { "expiresAt", notice.ExpiresAt is { } expires ? expires.UtcDateTime : BsonNull.Value },
                { "withdrawnAt", BsonNull.Value },
                { "pushedAt", BsonNull.Value },
            };
            if (parked.Count > 0)
            {
                document[MongoAudited.PendingField] = MongoAudited.Parked(parked);
            }

            await notices.InsertAsync(session, document, ct);
            return true;
        }, [audit], done => done, _ => notices.UpdateOneAsync(ById(notice.Id), MongoAudited.Unpark<BsonDocument>([audit]), cancellationToken: ct), ct);

    public async Task<Notice?> GetAsync(Guid id, CancellationToken ct = default) =>
        await notices.Find(ById(id)).FirstOrDefaultAsync(ct) is { } document ? ToNotice(document) : null;

    public async Task<IReadOnlyList<Notice>> ListLiveAsync(IReadOnlyCollection<string> audienceKeys, DateTimeOffset now, int take, CancellationToken ct = default) =>
        [.. (await notices.Find(Filter.In("audienceKey", audienceKeys) & Filter.Eq("withdrawnAt", BsonNull.Value)
                & (Filter.Eq("expiresAt", BsonNull.Value) | Filter.Gt("expiresAt", now.UtcDateTime)))
            .Sort(NewestFirst).Limit(take).ToListAsync(ct)).Select(ToNotice)];

    public async Task<Page<Notice>> ListAsync(PageRequest page, CancellationToken ct = default)
    {
        var total = await notices.CountDocumentsAsync(Filter.Empty, cancellationToken: ct);
        var documents = await notices.Find(Filter.Empty).Sort(NewestFirst).Skip(page.Skip).Limit(page.Take).ToListAsync(ct);
        return new Page<Notice>([.. documents.Select(ToNotice)], (int)total);
    }

    public Task<Notice?> TryWithdrawAsync(Guid id, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default) =>
        audited.WriteAsync<Notice?>(
            async (session, parked) => await notices.FindOneAndUpdateAsync(session, ById(id) & Filter.Eq("withdrawnAt", BsonNull.Value),
                MongoAudited.Park(Builders<BsonDocument>.Update.Set("withdrawnAt", at.UtcDateTime), parked), ct) is { } document
                ? ToNotice(document)
                : null,
            [audit], withdrawn => withdrawn is not null,
            _ => notices.UpdateOneAsync(ById(id), MongoAudited.Unpark<BsonDocument>([audit]), cancellationToken: ct), ct);

    public async Task MarkReadAsync(Guid userId, IReadOnlyCollection<Guid> noticeIds, DateTimeOffset at, CancellationToken ct = default)
    {
        if (noticeIds.Count == 0)
        {
            return;
        }

        await reads.BulkWriteAsync(noticeIds.Select(id => new UpdateOneModel<BsonDocument>(
            Filter.Eq("_id", $"{userId}:{id}"),
            Builders<BsonDocument>.Update.SetOnInsert("user", userId.ToString()).SetOnInsert("notice", id.ToString()).SetOnInsert("readAt", at.UtcDateTime))
        {
            IsUpsert = true,
        }), new BulkWriteOptions { IsOrdered = false }, ct);
    }

    public async Task<IReadOnlySet<Guid>> ListReadAsync(Guid userId, IReadOnlyCollection<Guid> noticeIds, CancellationToken ct = default)
    {
        var read = await reads.Find(Filter.Eq("user", userId.ToString()) & Filter.In("notice", noticeIds.Select(id => id.ToString())))
            .Project(Builders<BsonDocument>.Projection.Include("notice")).ToListAsync(ct);
        return read.Select(d => Guid.Parse(d["notice"].AsString)).ToHashSet();
    }

    public async Task<IReadOnlyList<Notice>> ListUnpushedAsync(int take, CancellationToken ct = default) =>
        [.. (await notices.Find(Filter.Eq("pushedAt", BsonNull.Value) & Filter.Eq("withdrawnAt", BsonNull.Value))
            .Sort(new BsonDocument { { "postedAt", 1 }, { "_id", 1 } }).Limit(take).ToListAsync(ct)).Select(ToNotice)];

    public async Task<bool> TryMarkPushedAsync(Guid id, DateTimeOffset at, CancellationToken ct = default) =>
        (await notices.UpdateOneAsync(ById(id) & Filter.Eq("pushedAt", BsonNull.Value) & Filter.Eq("withdrawnAt", BsonNull.Value), Builders<BsonDocument>.Update.Set("pushedAt", at.UtcDateTime),
            cancellationToken: ct)).ModifiedCount == 1;

    private static FilterDefinition<BsonDocument> ById(Guid id) => Filter.Eq("_id", id.ToString());

    private static Notice ToNotice(BsonDocument d) => new()
    {
        Id = Guid.Parse(d["_id"].AsString),
        Title = d["title"].AsString,
        Body = d["body"].AsString,
        Audience = Enum.Parse<NoticeAudience>(d["audience"].AsString),
        Target = MongoFields.Text(d, "target"),
        PostedBy = Guid.Parse(d["postedBy"].AsString),
        PostedByName = d["postedByName"].AsString,
        PostedAt = MongoFields.Date(d, "postedAt")!.Value,
        ExpiresAt = MongoFields.Date(d, "expiresAt"),
        WithdrawnAt = MongoFields.Date(d, "withdrawnAt"),
    };
}
