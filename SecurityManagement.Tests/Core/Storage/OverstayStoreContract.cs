using SecurityManagement.Core;
using SecurityManagement.Core.Audit;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Storage;

public abstract class OverstayStoreContract(ITestStorageEngine engine) : StorageContract(engine)
{
    [Fact]
    public async Task AVisitsFlatIsToldOnceWithItsEntryHoweverManyServersTry()
    {
        var visit = Guid.NewGuid();
        var other = Guid.NewGuid();

        var claims = await RaceAsync(4, _ => Storage.Overstays.TryClaimAsync(visit, Builders.Now, Builders.Audited("visit.overstayed"), Ct));

        Assert.Single(claims, claimed => claimed);
        Assert.Equal(1, (await Storage.Audit.ListAsync(new AuditFilter(Action: "visit.overstayed"), new PageRequest(0, 5), Ct)).Total);
        Assert.Equal([visit], await Storage.Overstays.ListClaimedAsync([visit, other], Ct));
        Assert.Empty(await Storage.Overstays.ListClaimedAsync([other], Ct));
    }
}
