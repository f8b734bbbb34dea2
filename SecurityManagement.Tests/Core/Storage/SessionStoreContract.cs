using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using static SecurityManagement.Tests.Support.Builders;

namespace SecurityManagement.Tests.Core.Storage;

public abstract class SessionStoreContract(ITestStorageEngine engine) : StorageContract(engine)
{
    private ISessionStore Sessions => Storage.Sessions;

    private async Task<User> UserAsync()
    {
        var user = AUser();
        await Storage.Users.AddAsync(user, null, Ct);
        return user;
    }

    [Fact]
    public async Task StartingStoresTheSessionRecordsTheSignInAndItsEntry()
    {
        var user = await UserAsync();
        var session = Session.Start(user.Id, Now, TimeSpan.FromDays(7));

        await Sessions.StartAsync(session, Audited("account.signed-in"), Ct);

        Assert.Equal(session, await Sessions.GetAsync(session.Id, Ct));
        Assert.Equal(Now, (await Storage.Users.GetAsync(user.Id, Ct))!.LastLoginAt);
        Assert.Equal("account.signed-in", (await Storage.Audit.GetLastAsync(Ct))!.Action);
        Assert.Null(await Sessions.GetAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task ASessionEndsOnceWithItsEntry()
    {
        var user = await UserAsync();
        var session = Session.Start(user.Id, Now, TimeSpan.FromDays(7));
        await Sessions.StartAsync(session, Audited("account.signed-in"), Ct);

        var ended = await Sessions.TryEndAsync(session.Id, Now.AddHours(1), Audited("account.signed-out"), Ct);
        var again = await Sessions.TryEndAsync(session.Id, Now.AddHours(2), Audited("account.signed-out"), Ct);

        Assert.Equal(Now.AddHours(1), ended!.EndedAt);
        Assert.Null(again);
        Assert.False((await Sessions.GetAsync(session.Id, Ct))!.IsLiveAt(Now.AddHours(1)));
        Assert.Equal(1, (await Storage.Audit.ListAsync(new AuditFilter(Action: "account.signed-out"), new PageRequest(0, 5), Ct)).Total);
    }

    [Fact]
    public async Task HousekeepingRemovesOnlySessionsLongEndedOrExpired()
    {
        var user = await UserAsync();
        var expired = Session.Start(user.Id, Now.AddDays(-10), TimeSpan.FromDays(7));
        var ended = Session.Start(user.Id, Now.AddDays(-3), TimeSpan.FromDays(7));
        var live = Session.Start(user.Id, Now.AddDays(-3), TimeSpan.FromDays(7));
        foreach (var session in new[] { expired, ended, live })
        {
            await Sessions.StartAsync(session, Audited(), Ct);
        }

        await Sessions.TryEndAsync(ended.Id, Now.AddDays(-2), Audited(), Ct);

        Assert.Equal(2, await Sessions.RemoveEndedBeforeAsync(Now.AddDays(-1), Ct));
        Assert.Null(await Sessions.GetAsync(expired.Id, Ct));
        Assert.Null(await Sessions.GetAsync(ended.Id, Ct));
        Assert.NotNull(await Sessions.GetAsync(live.Id, Ct));
    }
}
