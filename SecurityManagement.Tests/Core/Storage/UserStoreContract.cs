using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Flats;
using static SecurityManagement.Tests.Support.Builders;

namespace SecurityManagement.Tests.Core.Storage;

public abstract class UserStoreContract(ITestStorageEngine engine) : StorageContract(engine)
{
    private IUserStore Users => Storage.Users;

    [Fact]
    public async Task AddedUserReadsBackUnchangedByIdAndByPhone()
    {
        var user = AUser() with { LastLoginAt = Now.AddMinutes(5) };

        await Users.AddAsync(user, null, Ct);

        Assert.Equal(user, await Users.GetAsync(user.Id, Ct));
        Assert.Equal(user, await Users.GetByPhoneAsync(user.Phone, Ct));
        Assert.Null(await Users.GetAsync(Guid.NewGuid(), Ct));
        Assert.Null(await Users.GetByPhoneAsync(NextPhone(), Ct));
    }

    [Fact]
    public async Task SecondUserWithTheSamePhoneIsRefusedAndNothingIsStored()
    {
        var first = AUser();
        await Users.AddAsync(first, null, Ct);

        var ex = await Assert.ThrowsAsync<PhoneAlreadyRegisteredException>(
            () => Users.AddAsync(AUser(Role.Guard, name: "Someone Else", phone: first.Phone), null, Ct));

        Assert.Equal(first.Phone, ex.Phone);
        Assert.Equal(1, (await Users.ListAsync(new UserFilter(), new PageRequest(0, 10), Ct)).Total);
        Assert.Equal(first, await Users.GetByPhoneAsync(first.Phone, Ct));
    }

    [Fact]
    public async Task UpdateReplacesTheStoredUserWhenTheStampIsAsExpected()
    {
        var user = AUser();
        await Users.AddAsync(user, null, Ct);
        var changed = user with
        {
            FullName = "Priya S.",
            Role = Role.Guard,
            Flat = null,
            Status = UserStatus.Deactivated,
            SecurityStamp = User.NewSecurityStamp(),
        };

        Assert.True(await Users.UpdateAsync(changed, user.SecurityStamp, null, Ct));

        Assert.Equal(changed, await Users.GetAsync(user.Id, Ct));
    }

    [Fact]
    public async Task UpdateFromAStaleStampChangesNothing()
    {
        var user = AUser();
        await Users.AddAsync(user, null, Ct);

        Assert.False(await Users.UpdateAsync(user with { Status = UserStatus.Deactivated }, User.NewSecurityStamp(), null, Ct));

        Assert.Equal(user, await Users.GetAsync(user.Id, Ct));
    }

    [Fact]
    public async Task FiftyConcurrentChangesFromOneStampExactlyOneWins()
    {
        var user = AUser();
        await Users.AddAsync(user, null, Ct);

        var results = await RaceAsync(50, i => Users.UpdateAsync(
            user with { FullName = $"Change {i}", SecurityStamp = User.NewSecurityStamp() }, user.SecurityStamp, null, Ct));

        Assert.Single(results, won => won);
    }

    [Fact]
    public async Task UpdateOfAnUnknownUserReportsFalseAndStoresNothing()
    {
        var user = AUser();

        Assert.False(await Users.UpdateAsync(user, user.SecurityStamp, null, Ct));

        Assert.Equal(0, (await Users.ListAsync(new UserFilter(), new PageRequest(0, 10), Ct)).Total);
    }

    [Fact]
    public async Task TheLanguageChosenIsKeptAndAnUpdateLeavesIt()
    {
        var user = AUser();
        await Users.AddAsync(user, null, Ct);

        Assert.True(await Users.SetLanguageAsync(user.Id, "hi", Ct));
        Assert.True(await Users.UpdateAsync(user with { FullName = "Priya S.", SecurityStamp = User.NewSecurityStamp() }, user.SecurityStamp, null, Ct));

        var stored = await Users.GetAsync(user.Id, Ct);
        Assert.Equal(("Priya S.", "hi"), (stored!.FullName, stored.Language));
        Assert.Equal("hi", (await Users.GetByPhoneAsync(user.Phone, Ct))!.Language);
        Assert.False(await Users.SetLanguageAsync(Guid.NewGuid(), "hi", Ct));
    }

    [Fact]
    public async Task AnUpdateKeepsTheSignInTimeRecordedMeanwhile()
    {
        var user = AUser();
        await Users.AddAsync(user, null, Ct);
        await Storage.Sessions.StartAsync(Session.Start(user.Id, Now.AddHours(2), TimeSpan.FromDays(7)), Audited("account.signed-in"), Ct);

        Assert.True(await Users.UpdateAsync(user with { FullName = "Priya S.", SecurityStamp = User.NewSecurityStamp() }, user.SecurityStamp, null, Ct));

        var stored = await Users.GetAsync(user.Id, Ct);
        Assert.Equal(("Priya S.", Now.AddHours(2)), (stored!.FullName, stored.LastLoginAt));
    }

    [Fact]
    public async Task ListFiltersByRoleStatusAndFlatAndOrdersByNameIgnoringCaseThenPhone()
    {
        var zara = AUser(name: "zara Khan", flat: "A-101");
        var amit2 = AUser(name: "Amit Rao", flat: "A-102", phone: PhoneNumber.Parse("9000000002"));
        var amit1 = AUser(name: "amit rao", flat: "A-101", phone: PhoneNumber.Parse("9000000001"));
        var bina = AUser(name: "Bina Das", flat: "A-101", status: UserStatus.PendingApproval);
        var guard = AUser(Role.Guard, name: "Aakash Guard");
        foreach (var user in new[] { zara, amit2, amit1, bina, guard })
        {
            await Users.AddAsync(user, null, Ct);
        }

        var everyone = await Users.ListAsync(new UserFilter(), new PageRequest(0, 10), Ct);
        var activeResidents = await Users.ListAsync(new UserFilter(Role.Resident, UserStatus.Active), new PageRequest(0, 10), Ct);
        var flatA101 = await Users.ListAsync(new UserFilter(Flat: FlatCode.Parse("A-101")), new PageRequest(0, 10), Ct);
        var pending = await Users.ListAsync(new UserFilter(Status: UserStatus.PendingApproval), new PageRequest(0, 10), Ct);

        Assert.Equal([guard.Id, amit1.Id, amit2.Id, bina.Id, zara.Id], everyone.Items.Select(u => u.Id));
        Assert.Equal([amit1.Id, amit2.Id, zara.Id], activeResidents.Items.Select(u => u.Id));
        Assert.Equal([amit1.Id, bina.Id, zara.Id], flatA101.Items.Select(u => u.Id));
        Assert.Equal([bina.Id], pending.Items.Select(u => u.Id));
        Assert.Equal((5, 3, 3, 1), (everyone.Total, activeResidents.Total, flatA101.Total, pending.Total));
    }

    [Fact]
    public async Task ListPagesKeepTheTotal()
    {
        for (var i = 0; i < 7; i++)
        {
            await Users.AddAsync(AUser(name: $"Resident {i}"), null, Ct);
        }

        var second = await Users.ListAsync(new UserFilter(), new PageRequest(3, 3), Ct);
        var last = await Users.ListAsync(new UserFilter(), new PageRequest(6, 3), Ct);
        var beyond = await Users.ListAsync(new UserFilter(), new PageRequest(9, 3), Ct);

        Assert.Equal(["Resident 3", "Resident 4", "Resident 5"], second.Items.Select(u => u.FullName));
        Assert.Equal(["Resident 6"], last.Items.Select(u => u.FullName));
        Assert.Empty(beyond.Items);
        Assert.All([second, last, beyond], p => Assert.Equal(7, p.Total));
    }

    [Fact]
    public async Task SearchMatchesNamesContainingTheTextAndPhonesStartingWithIt()
    {
        var priya = AUser(name: "Priya Sharma", phone: PhoneNumber.Parse("9000000101"));
        var rahul = AUser(name: "Rahul Sharma", phone: PhoneNumber.Parse("9000000102"));
        var neha = AUser(name: "Neha Gupta", phone: PhoneNumber.Parse("9100000101"));
        var odd = AUser(name: "50% Off_Sale", phone: PhoneNumber.Parse("9200000000"));
        foreach (var user in new[] { priya, rahul, neha, odd })
        {
            await Users.AddAsync(user, null, Ct);
        }

        async Task<IEnumerable<string>> Find(string text) =>
            (await Users.ListAsync(new UserFilter(Search: text), new PageRequest(0, 10), Ct)).Items.Select(u => u.FullName);

        Assert.Equal(["Priya Sharma", "Rahul Sharma"], await Find("sharma"));
        Assert.Equal(["Priya Sharma", "Rahul Sharma"], await Find("90000001"));
        Assert.Empty(await Find("0101"));
        Assert.Equal(["50% Off_Sale"], await Find("50%"));
        Assert.Empty(await Find("5_%"));
        Assert.Equal(["Neha Gupta"], await Find(" GUP "));
    }
}
