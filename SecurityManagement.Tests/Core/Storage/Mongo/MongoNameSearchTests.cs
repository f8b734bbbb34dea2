using MongoDB.Bson;
using MongoDB.Driver;
using SecurityManagement.Core.Storage;
using SecurityManagement.Core.Storage.Mongo;
using SecurityManagement.Core.Visits;
using static SecurityManagement.Tests.Support.Builders;

namespace SecurityManagement.Tests.Core.Storage.Mongo;

/// <summary>Visits stored before the name index get their name pieces at start, and are found by name from then on.</summary>
public sealed class MongoNameSearchTests : IAsyncLifetime
{
    private readonly MongoTestEngine _engine = new();
    private IStorage _storage = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _storage = await _engine.CreateAsync();

    public ValueTask DisposeAsync() => _engine.DisposeAsync();

    [Fact]
    public async Task AVisitStoredBeforeTheNameIndexIsFoundAfterTheNextStart()
    {
        var visit = AVisit(name: "Ravi Kulkarni");
        await _storage.Visits.AddAsync(visit, null, Ct);
        var visits = _engine.Database.GetCollection<BsonDocument>("visits");
        await visits.UpdateOneAsync(new BsonDocument("_id", new BsonBinaryData(visit.Id, GuidRepresentation.Standard)),
            Builders<BsonDocument>.Update.Unset(MongoVisitStore.NameGramsField), cancellationToken: Ct);
        Assert.Empty(await _storage.Visits.SearchAsync(new VisitLogFilter(Text: "kulkarni"), null, 10, Ct));

        await _storage.InitializeAsync(Ct);

        Assert.Equal([visit.Id], (await _storage.Visits.SearchAsync(new VisitLogFilter(Text: "kulkarni"), null, 10, Ct)).Select(v => v.Id));
    }
}
