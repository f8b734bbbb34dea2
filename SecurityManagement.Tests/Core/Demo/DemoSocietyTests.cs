using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Demo;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Core.Storage.Sqlite;

namespace SecurityManagement.Tests.Core.Demo;

public sealed class DemoSocietyTests : IAsyncLifetime
{
    private readonly SqliteTestEngine _engine = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _engine.DisposeAsync();

    [Fact]
    public async Task EmptyStoreGetsTheDemoSocietyOnceAndOnlyOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = await _engine.CreateAsync();
        var demo = new DemoSociety(storage, TimeProvider.System);

        Assert.True(await demo.SeedIfEmptyAsync(ct));
        Assert.False(await demo.SeedIfEmptyAsync(ct));

        var flats = await storage.Flats.ListAsync(new PageRequest(0, 50), ct);
        Assert.Equal(DemoSociety.FlatCodes, flats.Items.Select(f => f.Code.Value));
        foreach (var (phone, name, role, flat, status) in DemoSociety.Accounts)
        {
            var user = await storage.Users.GetByPhoneAsync(PhoneNumber.Parse(phone), ct);
            Assert.Equal((name, role, flat, status), (user!.FullName, user.Role, user.Flat?.Value, user.Status));
        }

        var visits = await storage.Visits.ListCreatedBetweenAsync(
            DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, new PageRequest(0, 50), ct);
        Assert.Equal(Enum.GetValues<VisitStatus>().Order(), visits.Items.Select(v => v.Status).Order());
        var pass = Assert.Single((await storage.Passes.ListForFlatAsync(Assert.Single(flats.Items, f => f.Code.Value == "A-101").Code,
            new PageRequest(0, 10), ct)).Items);
        Assert.True(pass.IsUsableAt(DateTimeOffset.UtcNow));
        var maid = Assert.Single(await storage.Helpers.ListInsideAsync(10, ct));
        Assert.Equal("Sunita Devi", maid.Name);
        Assert.Equal(["A-101", "B-201"], maid.Flats.Select(f => f.Flat.Value));
        Assert.Equal(maid.Id, (await storage.Helpers.FindByCodeAsync(DemoSociety.HelperCode, ct))?.Id);
        Assert.Equal("Flipkart", Assert.Single(await storage.Parcels.ListWaitingAsync(10, ct)).Company);
    }
}
