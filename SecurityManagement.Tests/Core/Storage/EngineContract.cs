namespace SecurityManagement.Tests.Core.Storage;

public abstract class EngineContract(ITestStorageEngine engine) : StorageContract(engine)
{
    [Fact]
    public async Task StoreAnswersPingOnceInitialized() => Assert.True(await Storage.PingAsync(Ct));

    [Fact]
    public async Task InitializingAgainKeepsTheData()
    {
        var user = Support.Builders.AUser();
        await Storage.Users.AddAsync(user, null, Ct);

        await Storage.InitializeAsync(Ct);

        Assert.Equal(user, await Storage.Users.GetAsync(user.Id, Ct));
    }
}
