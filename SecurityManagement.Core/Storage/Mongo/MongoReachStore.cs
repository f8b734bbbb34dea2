using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Reach;

namespace SecurityManagement.Core.Storage.Mongo;

/// <summary>
/// Devices (<c>_id</c>: the endpoint), households (<c>_id</c>: the flat) and reach steps, as plain documents:
/// each is small and read whole.
/// </summary>
internal sealed class MongoReachStore(
    IMongoCollection<BsonDocument> devices, IMongoCollection<BsonDocument> households, IMongoCollection<BsonDocument> steps, MongoAudited audited)
    : IReachStore
{
    private static FilterDefinitionBuilder<BsonDocument> Filter => Builders<BsonDocument>.Filter;

    public static IEnumerable<CreateIndexModel<BsonDocument>> DeviceIndexes =>
    [
        new(Builders<BsonDocument>.IndexKeys.Ascending("userId").Ascending("createdAt"), new CreateIndexOptions { Name = "ix_user" }),
        new(Builders<BsonDocument>.IndexKeys.Ascending("sessionId"), new CreateIndexOptions { Name = "ix_session", Sparse = true }),
    ];

    public static IEnumerable<CreateIndexModel<BsonDocument>> StepIndexes =>
    [
        new(Builders<BsonDocument>.IndexKeys.Ascending("visitId").Ascending("round").Ascending("at"), new CreateIndexOptions { Name = "ix_visit" }),
        new(Builders<BsonDocument>.IndexKeys.Ascending("visitId").Ascending("round").Ascending("userId"), new CreateIndexOptions<BsonDocument>
        {
            Name = "ux_seen",
            Unique = true,
            PartialFilterExpression = Filter.Eq("kind", nameof(ReachKind.Seen)),
        }),
        new(Builders<BsonDocument>.IndexKeys.Ascending("at"), new CreateIndexOptions { Name = "ix_at" }),
    ];

    public static IEnumerable<CreateIndexModel<BsonDocument>> HouseholdIndexes => [MongoAudited.PendingIndex<BsonDocument>()];

    /// <summary>A device without a session or label leaves the field out, so the sparse session index holds only devices that have one.</summary>
    public Task SaveDeviceAsync(PushDevice device, CancellationToken ct = default)
    {
        var document = new BsonDocument
        {
            { "_id", device.Endpoint },
            { "p256dh", device.P256dh },
            { "auth", device.Auth },
            { "userId", device.UserId.ToString() },
            { "createdAt", device.CreatedAt.UtcDateTime },
        };
        if (device.SessionId is { } session)
        {
            document["sessionId"] = session.ToString();
        }

        if (device.Label is { } label)
        {
            document["label"] = label;
        }

        return devices.ReplaceOneAsync(Filter.Eq("_id", device.Endpoint), document, new ReplaceOptions { IsUpsert = true }, ct);
    }

    public async Task<PushDevice?> GetDeviceAsync(string endpoint, CancellationToken ct = default) =>
        await devices.Find(Filter.Eq("_id", endpoint)).FirstOrDefaultAsync(ct) is { } document ? ToDevice(document) : null;

    public async Task<IReadOnlyList<PushDevice>> ListDevicesAsync(IReadOnlyCollection<Guid> userIds, CancellationToken ct = default) =>
        userIds.Count == 0 ? [] : [.. (await devices.Find(Filter.In("userId", userIds.Select(u => u.ToString())))
            .Sort(Builders<BsonDocument>.Sort.Ascending("createdAt").Ascending("_id")).ToListAsync(ct)).Select(ToDevice)];

    public async Task<bool> RemoveDeviceAsync(string endpoint, Guid userId, CancellationToken ct = default) =>
        (await devices.DeleteOneAsync(Filter.Eq("_id", endpoint) & Filter.Eq("userId", userId.ToString()), ct)).DeletedCount > 0;

    public Task RemoveGoneDeviceAsync(string endpoint, CancellationToken ct = default) =>
        devices.DeleteOneAsync(Filter.Eq("_id", endpoint), ct);

    public async Task<int> RemoveDevicesOfSessionAsync(Guid sessionId, CancellationToken ct = default) =>
        (int)(await devices.DeleteManyAsync(Filter.Eq("sessionId", sessionId.ToString()), ct)).DeletedCount;

    public async Task<int> RemoveDevicesOfUserAsync(Guid userId, CancellationToken ct = default) =>
        (int)(await devices.DeleteManyAsync(Filter.Eq("userId", userId.ToString()), ct)).DeletedCount;

    public async Task<Household> GetHouseholdAsync(FlatCode flat, CancellationToken ct = default)
    {
        var document = await households.Find(Filter.Eq("_id", flat.Value)).FirstOrDefaultAsync(ct);
        return document is null ? Household.Default(flat) : new Household
        {
            Flat = flat,
            Push = document["push"].AsBoolean,
            Sms = document["sms"].AsBoolean,
            QuietFrom = Time(document.GetValue("quietFrom", BsonNull.Value)),
            QuietTo = Time(document.GetValue("quietTo", BsonNull.Value)),
            LeaveDeliveries = document.GetValue("leaveDeliveries", false).AsBoolean,
        };
    }

    public Task SaveHouseholdAsync(Household household, AuditEntry audit, CancellationToken ct = default)
    {
        var filter = Filter.Eq("_id", household.Flat.Value);
        return audited.WriteAsync(async (session, parked) =>
        {
            var update = MongoAudited.Park(Builders<BsonDocument>.Update
                .Set("push", household.Push)
                .Set("sms", household.Sms)
                .Set("quietFrom", Minutes(household.QuietFrom))
                .Set("quietTo", Minutes(household.QuietTo))
                .Set("leaveDeliveries", household.LeaveDeliveries), parked);
            var options = new UpdateOptions { IsUpsert = true };
            await (session is null
                ? households.UpdateOneAsync(filter, update, options, ct)
                : households.UpdateOneAsync(session, filter, update, options, ct));
            return true;
        }, [audit], done => done, _ => households.UpdateOneAsync(filter, MongoAudited.Unpark<BsonDocument>([audit]), cancellationToken: ct), ct);
    }

    public async Task<bool> AddStepAsync(ReachStep step, CancellationToken ct = default)
    {
        try
        {
            await steps.InsertOneAsync(new BsonDocument
            {
                { "visitId", step.VisitId.ToString() },
                { "round", step.Round },
                { "kind", step.Kind.ToString() },
                { "at", step.At.UtcDateTime },
                { "count", step.Count },
                { "userId", step.UserId is { } user ? user.ToString() : BsonNull.Value },
                { "name", step.Name is { } name ? name : BsonNull.Value },
            }, cancellationToken: ct);
            return true;
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            return false;
        }
    }

    public async Task<int> RemoveStepsBeforeAsync(DateTimeOffset cutoff, CancellationToken ct = default) =>
        (int)(await steps.DeleteManyAsync(Filter.Lt("at", cutoff.UtcDateTime), ct)).DeletedCount;

    public async Task<IReadOnlyList<ReachStep>> ListStepsAsync(IReadOnlyCollection<Guid> visitIds, CancellationToken ct = default) =>
        visitIds.Count == 0 ? [] : [.. (await steps.Find(Filter.In("visitId", visitIds.Select(v => v.ToString())))
            .Sort(Builders<BsonDocument>.Sort.Ascending("at").Ascending("_id")).ToListAsync(ct))
            .Select(d => new ReachStep(
                Guid.Parse(d["visitId"].AsString),
                d["round"].AsInt32,
                Enum.Parse<ReachKind>(d["kind"].AsString),
                Moment.Stored(new DateTimeOffset(d["at"].ToUniversalTime())),
                d["count"].AsInt32,
                d["userId"].IsBsonNull ? null : Guid.Parse(d["userId"].AsString),
                d["name"].IsBsonNull ? null : d["name"].AsString))];

    private static PushDevice ToDevice(BsonDocument d) => new()
    {
        Endpoint = d["_id"].AsString,
        P256dh = d["p256dh"].AsString,
        Auth = d["auth"].AsString,
        UserId = Guid.Parse(d["userId"].AsString),
        SessionId = d.TryGetValue("sessionId", out var session) && !session.IsBsonNull ? Guid.Parse(session.AsString) : null,
        Label = d.TryGetValue("label", out var label) && !label.IsBsonNull ? label.AsString : null,
        CreatedAt = Moment.Stored(new DateTimeOffset(d["createdAt"].ToUniversalTime())),
    };

    private static BsonValue Minutes(TimeOnly? time) => time is { } t ? (t.Hour * 60) + t.Minute : BsonNull.Value;

    private static TimeOnly? Time(BsonValue value) => value.IsBsonNull ? null : TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(value.AsInt32));
}
