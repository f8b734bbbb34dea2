using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Storage;
using SecurityManagement.Core.Storage.Mongo;
using static SecurityManagement.Tests.Support.Builders;

namespace SecurityManagement.Tests.Core.Storage.Mongo;

/// <summary>
/// MongoDB without transactions: what a crash leaves (a change stored with its entry parked in the
/// document, a removal or rename half done) is finished by the sweep, each entry appended exactly once.
/// </summary>
public sealed class MongoOutboxRecoveryTests : IAsyncLifetime
{
    private readonly MongoTestEngine _engine = new(transactions: false);
    private IStorage _storage = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _storage = await _engine.CreateAsync();

    public ValueTask DisposeAsync() => _engine.DisposeAsync();

    private IMongoCollection<BsonDocument> Collection(string name) => _engine.Database.GetCollection<BsonDocument>(name);

    private static BsonDocument Parked<T>(T value, AuditEntry entry)
    {
        var document = value.ToBsonDocument();
        document[MongoAudited.PendingField] = MongoAudited.Parked([entry]);
        return document;
    }

    [Fact]
    public async Task AParkedEntryIsAppendedOnceHoweverManySweepsRun()
    {
        var visit = AVisit();
        var entry = AnEntry(Now, action: "visit.logged", subject: $"visit:{visit.Id}");
        await Collection("visits").InsertOneAsync(Parked(visit, entry), cancellationToken: Ct);

        var sweeps = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _storage.CompletePendingAuditAsync(Now.AddMinutes(1), Ct)));
        var again = await _storage.CompletePendingAuditAsync(Now.AddMinutes(1), Ct);

        Assert.Equal((1, 0), (sweeps.Sum(), again));
        Assert.Equal(entry.Id, Assert.Single(await _storage.Audit.ListAfterAsync(0, 10, Ct)).Id);
        var stored = await Collection("visits").Find(new BsonDocument()).SingleAsync(Ct);
        Assert.Empty(stored.GetValue(MongoAudited.PendingField, new BsonArray()).AsBsonArray);
        Assert.Equal(visit.Id, (await _storage.Visits.GetAsync(visit.Id, Ct))!.Id);
    }

    [Fact]
    public async Task AWriteStillInProgressIsLeftToFinishItself()
    {
        await Collection("visits").InsertOneAsync(Parked(AVisit(), AnEntry(Now)), cancellationToken: Ct);

        Assert.Equal(0, await _storage.CompletePendingAuditAsync(Now.AddSeconds(-1), Ct));
        Assert.Empty(await _storage.Audit.ListAfterAsync(0, 10, Ct));
    }

    [Fact]
    public async Task AHalfDoneRemovalOrRenameIsFinished()
    {
        var removed = new Flat(FlatCode.Parse("A-101"), Now);
        var old = new Flat(FlatCode.Parse("B-201"), Now);
        var renamed = old with { Code = FlatCode.Parse("B-202") };
        var marked = Parked(removed, AnEntry(Now, action: "flat.removed"));
        marked[MongoFlatStore.RemovingField] = true;
        var copy = Parked(renamed, AnEntry(Now, action: "flat.renamed"));
        copy[MongoFlatStore.ReplacesField] = old.Code.Value;
        await Collection("flats").InsertManyAsync([marked, old.ToBsonDocument(), copy], cancellationToken: Ct);

        Assert.Null(await _storage.Flats.GetAsync(removed.Code, Ct));
        Assert.Equal(2, await _storage.CompletePendingAuditAsync(Now.AddMinutes(1), Ct));

        Assert.Equal([renamed.Code], (await _storage.Flats.ListAsync(new SecurityManagement.Core.PageRequest(0, 10), Ct)).Items.Select(f => f.Code));
        Assert.Equal(0, await Collection("flats").CountDocumentsAsync(new BsonDocument("_id", removed.Code.Value), cancellationToken: Ct));
        Assert.Equal(["flat.removed", "flat.renamed"], (await _storage.Audit.ListAfterAsync(0, 10, Ct)).Select(e => e.Action).Order(StringComparer.Ordinal));
    }
}
