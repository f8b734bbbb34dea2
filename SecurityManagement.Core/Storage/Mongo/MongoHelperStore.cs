using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Help;

namespace SecurityManagement.Core.Storage.Mongo;

/// <summary>
/// Helpers as plain documents (<c>_id</c>: the id as a string) with the flats that employ them inside; <c>liveCode</c> holds the
/// code until the helper is removed (unique where present). Their stays are documents of <c>helper_visits</c>; the open one
/// carries <c>open: true</c>.
/// </summary>
internal sealed class MongoHelperStore(IMongoCollection<BsonDocument> helpers, IMongoCollection<BsonDocument> visits, MongoAudited audited) : IHelperStore
{
    private const string LiveCodeField = "liveCode";
    private const string OpenField = "open";

    private static FilterDefinitionBuilder<BsonDocument> Filter => Builders<BsonDocument>.Filter;

    private static UpdateDefinitionBuilder<BsonDocument> Update => Builders<BsonDocument>.Update;

    private static FilterDefinition<BsonDocument> Live => Filter.Eq("removedAt", BsonNull.Value);

    private static readonly BsonDocument ByName = new() { { "name", 1 }, { "_id", 1 } };

    public static IEnumerable<CreateIndexModel<BsonDocument>> Indexes =>
    [
        new(Builders<BsonDocument>.IndexKeys.Ascending(LiveCodeField), new CreateIndexOptions<BsonDocument>
        {
            Name = "ux_live_code", Unique = true, PartialFilterExpression = Filter.Exists(LiveCodeField),
        }),
        new(Builders<BsonDocument>.IndexKeys.Ascending("phone"), new CreateIndexOptions { Name = "ix_phone" }),
        new(Builders<BsonDocument>.IndexKeys.Ascending("flats.flat").Ascending("name"), new CreateIndexOptions { Name = "ix_flat_name" }),
        new(Builders<BsonDocument>.IndexKeys.Ascending("insideSince"), new CreateIndexOptions { Name = "ix_inside", Sparse = true }),
        new(Builders<BsonDocument>.IndexKeys.Ascending("name"), new CreateIndexOptions { Name = "ix_name" }),
        MongoAudited.PendingIndex<BsonDocument>(),
    ];

    public static IEnumerable<CreateIndexModel<BsonDocument>> VisitIndexes =>
    [
        new(Builders<BsonDocument>.IndexKeys.Ascending("helperId").Ascending("inAt"), new CreateIndexOptions { Name = "ix_helper_in" }),
        new(Builders<BsonDocument>.IndexKeys.Ascending("helperId"), new CreateIndexOptions<BsonDocument>
        {
            Name = "ux_open", Unique = true, PartialFilterExpression = Filter.Eq(OpenField, true),
        }),
        new(Builders<BsonDocument>.IndexKeys.Ascending("outAt"), new CreateIndexOptions { Name = "ix_out", Sparse = true }),
    ];

    public async Task AddAsync(Helper helper, AuditEntry audit, CancellationToken ct = default)
    {
        try
        {
            await audited.WriteAsync(async (session, parked) =>
            {
                var document = ToDocument(helper);
                if (parked.Count > 0)
                {
                    document[MongoAudited.PendingField] = MongoAudited.Parked(parked);
                }

                await helpers.InsertAsync(session, document, ct);
                return true;
            }, [audit], done => done, _ => helpers.UpdateOneAsync(ById(helper.Id), MongoAudited.Unpark<BsonDocument>([audit]), cancellationToken: ct), ct);
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            throw new HelperCodeTakenException();
        }
    }

    public async Task<Helper?> GetAsync(Guid id, CancellationToken ct = default) =>
        await helpers.Find(ById(id)).FirstOrDefaultAsync(ct) is { } document ? ToHelper(document) : null;

    public async Task<Helper?> FindByPhoneAsync(PhoneNumber phone, CancellationToken ct = default) =>
        await helpers.Find(Filter.Eq("phone", phone.Value)).Sort(new BsonDocument { { "removedAt", 1 }, { "createdAt", -1 } }).FirstOrDefaultAsync(ct) is { } document
            ? ToHelper(document)
            : null;

    public async Task<Helper?> FindByCodeAsync(string code, CancellationToken ct = default) =>
        await helpers.Find(Filter.Eq(LiveCodeField, code)).FirstOrDefaultAsync(ct) is { } document ? ToHelper(document) : null;

    public async Task<IReadOnlyList<Helper>> SearchAsync(string text, int limit, CancellationToken ct = default)
    {
        var escaped = Regex.Escape(text);
        var filter = Live & (Filter.Regex("name", new BsonRegularExpression($"(^|\\s){escaped}", "i")) | Filter.Regex("phone", new BsonRegularExpression($"^{escaped}")));
        return [.. (await helpers.Find(filter).Sort(ByName).Limit(limit).ToListAsync(ct)).Select(ToHelper)];
    }

    public async Task<IReadOnlyList<Helper>> ListForFlatAsync(FlatCode flat, CancellationToken ct = default) =>
        [.. (await helpers.Find(Live & Filter.Eq("flats.flat", flat.Value)).Sort(ByName).ToListAsync(ct)).Select(ToHelper)];

    public async Task<IReadOnlyList<Helper>> ListInsideAsync(int limit, CancellationToken ct = default) =>
        [.. (await helpers.Find(Filter.Ne("insideSince", BsonNull.Value) & Filter.Exists("insideSince"))
            .Sort(new BsonDocument { { "insideSince", 1 }, { "_id", 1 } }).Limit(limit).ToListAsync(ct)).Select(ToHelper)];

    public async Task<Page<Helper>> ListAsync(string? search, PageRequest page, CancellationToken ct = default)
    {
        var filter = search is null
            ? Live
            : Live & (Filter.Regex("name", new BsonRegularExpression(Regex.Escape(search), "i")) | Filter.Regex("phone", new BsonRegularExpression(Regex.Escape(search))));
        var total = await helpers.CountDocumentsAsync(filter, cancellationToken: ct);
        var documents = await helpers.Find(filter).Sort(ByName).Skip(page.Skip).Limit(page.Take).ToListAsync(ct);
        return new Page<Helper>([.. documents.Select(ToHelper)], (int)total);
    }

    public Task<bool> TryLinkAsync(Guid helperId, HelperFlat link, AuditEntry audit, CancellationToken ct = default) =>
        ChangeAsync(helperId, Live & Filter.Ne("flats.flat", link.Flat.Value), Update.Push("flats", ToDocument(link)), audit, ct);

    public Task<bool> TryUnlinkAsync(Guid helperId, FlatCode flat, AuditEntry audit, CancellationToken ct = default) =>
        ChangeAsync(helperId, Filter.Eq("flats.flat", flat.Value), Update.PullFilter("flats", Filter.Eq("flat", flat.Value)), audit, ct);

    public Task<bool> TrySetNotifyAsync(Guid helperId, FlatCode flat, bool notify, AuditEntry audit, CancellationToken ct = default) =>
        ChangeAsync(helperId, Filter.Eq("flats.flat", flat.Value), Update.Set("flats.$.notify", notify), audit, ct);

    public Task<Helper?> TryRemoveAsync(Guid id, DateTimeOffset at, AuditEntry audit, CancellationToken ct = default) =>
        audited.WriteAsync<Helper?>(
            async (session, parked) => await helpers.FindOneAndUpdateAsync(session, ById(id) & Live,
                MongoAudited.Park(Update.Set("removedAt", at.UtcDateTime).Unset(LiveCodeField), parked), ct) is { } document
                ? ToHelper(document)
                : null,
            [audit], removed => removed is not null,
            _ => helpers.UpdateOneAsync(ById(id), MongoAudited.Unpark<BsonDocument>([audit]), cancellationToken: ct), ct);

    public async Task<Helper?> TryCheckInAsync(HelperVisit visit, AuditEntry audit, CancellationToken ct = default)
    {
        var filter = ById(visit.HelperId) & Live & Filter.Eq("insideSince", BsonNull.Value);
        var enter = Update.Set("insideSince", visit.InAt.UtcDateTime);
        if (audited.Transactions)
        {
            return await audited.InTransactionAsync(async session =>
            {
                if (await helpers.FindOneAndUpdateAsync(session, filter, enter, ct) is not { } document)
                {
                    return null;
                }

                await visits.InsertAsync(session, ToDocument(visit), ct);
                await audited.Audit.AppendAsync(session, audit, ct);
                return ToHelper(document);
            }, ct);
        }

        // Without transactions the helper parks the entry; should the stay then fail to be stored, they are let out again.
        if (await helpers.FindOneAndUpdateAsync(null, filter, MongoAudited.Park(enter, [audit]), ct) is not { } entered)
        {
            return null;
        }

        try
        {
            // A stay a crash left open (the helper was let out, the stay not closed) ends when they come in again.
            await visits.UpdateManyAsync(Filter.Eq("helperId", visit.HelperId.ToString()) & Filter.Eq(OpenField, true),
                Update.Set("outAt", visit.InAt.UtcDateTime).Unset(OpenField), cancellationToken: ct);
            await visits.InsertAsync(null, ToDocument(visit), ct);
        }
        catch
        {
            if (!await visits.Find(ById(visit.Id)).AnyAsync(CancellationToken.None))
            {
                await helpers.UpdateOneAsync(ById(visit.HelperId), Update.Combine(Update.Set("insideSince", BsonNull.Value), MongoAudited.Unpark<BsonDocument>([audit])),
                    cancellationToken: CancellationToken.None);
                throw;
            }
        }

        await audited.Audit.AppendOnceAsync(audit, ct);
        await helpers.UpdateOneAsync(ById(visit.HelperId), MongoAudited.Unpark<BsonDocument>([audit]), cancellationToken: ct);
        return ToHelper(entered);
    }

    public async Task<HelperVisit?> TryCheckOutAsync(Guid helperId, DateTimeOffset at, Guid by, Guid? gate, AuditEntry audit, CancellationToken ct = default)
    {
        var inside = ById(helperId) & Filter.Ne("insideSince", BsonNull.Value) & Filter.Exists("insideSince");
        var leave = Update.Set("insideSince", BsonNull.Value);
        var close = Update.Set("outAt", at.UtcDateTime).Set("outBy", by.ToString()).Set("outGate", MongoFields.Value(gate?.ToString())).Unset(OpenField);
        var open = Filter.Eq("helperId", helperId.ToString()) & Filter.Eq(OpenField, true);
        var before = new FindOneAndUpdateOptions<BsonDocument> { ReturnDocument = ReturnDocument.Before };
        var after = new FindOneAndUpdateOptions<BsonDocument> { ReturnDocument = ReturnDocument.After };

        // The stay as closed; a helper let out with no open stay (one a crash left without it) gets one from when they came in.
        HelperVisit Closed(BsonDocument helper, BsonDocument? stay) => stay is not null
            ? ToVisit(stay)
            : new HelperVisit(Guid.CreateVersion7(), helperId, MongoFields.Date(helper, "insideSince")!.Value, by, null, at, by, gate);
        if (audited.Transactions)
        {
            return await audited.InTransactionAsync(async session =>
            {
                if (await helpers.FindOneAndUpdateAsync(session, inside, leave, before, ct) is not { } helper)
                {
                    return null;
                }

                var stay = await visits.FindOneAndUpdateAsync(session, open, close, after, ct);
                await audited.Audit.AppendAsync(session, audit, ct);
                return Closed(helper, stay);
            }, ct);
        }

        // Without transactions the helper is let out first, parking the entry (the sweep appends it should a crash follow),
        // then the stay is closed; a stay a crash left open is closed by the helper's next check-in.
        if (await helpers.FindOneAndUpdateAsync(inside, MongoAudited.Park(leave, [audit]), before, ct) is not { } left)
        {
            return null;
        }

        var closed = Closed(left, await visits.FindOneAndUpdateAsync(open, close, after, ct));
        await audited.Audit.AppendOnceAsync(audit, ct);
        await helpers.UpdateOneAsync(ById(helperId), MongoAudited.Unpark<BsonDocument>([audit]), cancellationToken: ct);
        return closed;
    }

    public async Task<IReadOnlyList<HelperVisit>> ListVisitsAsync(IReadOnlyCollection<Guid> helperIds, DateTimeOffset from, DateTimeOffset until, CancellationToken ct = default) =>
        [.. (await visits.Find(Filter.In("helperId", helperIds.Select(id => id.ToString())) & Filter.Gte("inAt", from.UtcDateTime) & Filter.Lt("inAt", until.UtcDateTime))
            .Sort(new BsonDocument { { "inAt", 1 }, { "_id", 1 } }).ToListAsync(ct)).Select(ToVisit)];

    public Task<int> ForgetBeforeAsync(DateTimeOffset cutoff, Func<int, AuditEntry> audit, CancellationToken ct = default)
    {
        var ended = Filter.Lt("outAt", cutoff.UtcDateTime);
        var removed = Filter.Lt("removedAt", cutoff.UtcDateTime) & Filter.Ne("name", Helper.ForgottenName);
        var forget = Update.Set("name", Helper.ForgottenName).Set("phone", Visits.Visit.ForgottenPhone.Value);
        return MongoRetention.SweepAsync(audited,
            async () => (int)(await visits.CountDocumentsAsync(ended, cancellationToken: ct) + await helpers.CountDocumentsAsync(removed, cancellationToken: ct)),
            async session => (int)((session is null ? await visits.DeleteManyAsync(ended, ct) : await visits.DeleteManyAsync(session, ended, cancellationToken: ct)).DeletedCount
                + (await helpers.UpdateManyAsync(session, removed, forget, ct)).ModifiedCount),
            audit, ct);
    }

    /// <summary>One change to the helper's document where it matches <paramref name="filter"/>, with its entry; false when it did not match.</summary>
    private Task<bool> ChangeAsync(Guid helperId, FilterDefinition<BsonDocument> filter, UpdateDefinition<BsonDocument> update, AuditEntry audit, CancellationToken ct) =>
        audited.WriteAsync(
            async (session, parked) => (await helpers.UpdateOneAsync(session, ById(helperId) & filter, MongoAudited.Park(update, parked), ct)).ModifiedCount == 1,
            [audit], done => done,
            _ => helpers.UpdateOneAsync(ById(helperId), MongoAudited.Unpark<BsonDocument>([audit]), cancellationToken: ct), ct);

    private static FilterDefinition<BsonDocument> ById(Guid id) => Filter.Eq("_id", id.ToString());

    private static BsonDocument ToDocument(Helper helper)
    {
        var document = new BsonDocument
        {
            { "_id", helper.Id.ToString() },
            { "name", helper.Name },
            { "phone", helper.Phone.Value },
            { "kind", helper.Kind.ToString() },
            { "code", helper.Code },
            { "createdBy", helper.CreatedBy.ToString() },
            { "createdAt", helper.CreatedAt.UtcDateTime },
            { "removedAt", helper.RemovedAt is { } removed ? removed.UtcDateTime : BsonNull.Value },
            { "insideSince", helper.InsideSince is { } since ? since.UtcDateTime : BsonNull.Value },
            { "flats", new BsonArray(helper.Flats.Select(ToDocument)) },
        };
        if (helper.RemovedAt is null)
        {
            document[LiveCodeField] = helper.Code;
        }

        return document;
    }

    private static BsonDocument ToDocument(HelperFlat link) => new()
    {
        { "flat", link.Flat.Value },
        { "addedBy", link.AddedBy.ToString() },
        { "addedAt", link.AddedAt.UtcDateTime },
        { "notify", link.Notify },
    };

    private static BsonDocument ToDocument(HelperVisit visit) => new()
    {
        { "_id", visit.Id.ToString() },
        { "helperId", visit.HelperId.ToString() },
        { "inAt", visit.InAt.UtcDateTime },
        { "inBy", visit.InBy.ToString() },
        { "inGate", MongoFields.Value(visit.InGate?.ToString()) },
        { "outAt", BsonNull.Value },
        { "outBy", BsonNull.Value },
        { "outGate", BsonNull.Value },
        { OpenField, true },
    };

    private static Helper ToHelper(BsonDocument d) => new()
    {
        Id = Guid.Parse(d["_id"].AsString),
        Name = d["name"].AsString,
        Phone = PhoneNumber.Parse(d["phone"].AsString),
        Kind = Enum.Parse<HelperKind>(d["kind"].AsString),
        Code = d["code"].AsString,
        CreatedBy = Guid.Parse(d["createdBy"].AsString),
        CreatedAt = MongoFields.Date(d, "createdAt")!.Value,
        RemovedAt = MongoFields.Date(d, "removedAt"),
        InsideSince = MongoFields.Date(d, "insideSince"),
        Flats = [.. d.GetValue("flats", new BsonArray()).AsBsonArray.Select(f => f.AsBsonDocument)
            .Select(f => new HelperFlat(FlatCode.Parse(f["flat"].AsString), Guid.Parse(f["addedBy"].AsString), MongoFields.Date(f, "addedAt")!.Value, f["notify"].AsBoolean))
            .OrderBy(f => f.AddedAt).ThenBy(f => f.Flat.Value, StringComparer.Ordinal)],
    };

    private static HelperVisit ToVisit(BsonDocument d) => new(
        Guid.Parse(d["_id"].AsString), Guid.Parse(d["helperId"].AsString), MongoFields.Date(d, "inAt")!.Value, Guid.Parse(d["inBy"].AsString),
        MongoFields.Id(d, "inGate"), MongoFields.Date(d, "outAt"), MongoFields.Id(d, "outBy"), MongoFields.Id(d, "outGate"));
}
