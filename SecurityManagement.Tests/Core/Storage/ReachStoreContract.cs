using SecurityManagement.Core;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Reach;
using static SecurityManagement.Tests.Support.Builders;

namespace SecurityManagement.Tests.Core.Storage;

public abstract class ReachStoreContract(ITestStorageEngine engine) : StorageContract(engine)
{
    private IReachStore Reach => Storage.Reach;

    private static PushDevice ADevice(Guid user, Guid? session = null, string? endpoint = null, DateTimeOffset? at = null) => new()
    {
        Endpoint = endpoint ?? $"https://push.example/{Guid.NewGuid():N}",
        P256dh = "BPublicKey",
        Auth = "secret",
        UserId = user,
        SessionId = session,
        Label = "Chrome on Android",
        CreatedAt = at ?? Now,
    };

    [Fact]
    public async Task DevicesAreKeptPerUserOldestFirstAndAnEndpointHasOneOwner()
    {
        var (priya, rahul) = (Guid.NewGuid(), Guid.NewGuid());
        var phone = ADevice(priya, at: Now);
        var tablet = ADevice(priya, at: Now.AddMinutes(1));
        await Reach.SaveDeviceAsync(tablet, Ct);
        await Reach.SaveDeviceAsync(phone, Ct);
        await Reach.SaveDeviceAsync(ADevice(Guid.NewGuid()), Ct);

        Assert.Equal([phone, tablet], await Reach.ListDevicesAsync([priya], Ct));
        Assert.Equal(phone, await Reach.GetDeviceAsync(phone.Endpoint, Ct));
        Assert.Empty(await Reach.ListDevicesAsync([], Ct));

        // Rahul signs in on Priya's browser and turns notifications on: the browser rings for him now.
        var taken = phone with { UserId = rahul, P256dh = "BOther", CreatedAt = Now.AddMinutes(2) };
        await Reach.SaveDeviceAsync(taken, Ct);
        Assert.Equal([tablet], await Reach.ListDevicesAsync([priya], Ct));
        Assert.Equal([taken], await Reach.ListDevicesAsync([rahul], Ct));
    }

    [Fact]
    public async Task DevicesGoBySessionByUserOrWhenGoneAndOnlyTheOwnerRemovesOne()
    {
        var (priya, rahul, session) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var signedIn = ADevice(priya, session);
        var other = ADevice(priya);
        var his = ADevice(rahul);
        foreach (var device in new[] { signedIn, other, his })
        {
            await Reach.SaveDeviceAsync(device, Ct);
        }

        Assert.False(await Reach.RemoveDeviceAsync(his.Endpoint, priya, Ct));
        Assert.Equal(1, await Reach.RemoveDevicesOfSessionAsync(session, Ct));
        Assert.Equal([other], await Reach.ListDevicesAsync([priya], Ct));
        Assert.True(await Reach.RemoveDeviceAsync(other.Endpoint, priya, Ct));
        await Reach.RemoveGoneDeviceAsync(his.Endpoint, Ct);
        Assert.Empty(await Reach.ListDevicesAsync([priya, rahul], Ct));

        await Reach.SaveDeviceAsync(his, Ct);
        Assert.Equal(1, await Reach.RemoveDevicesOfUserAsync(rahul, Ct));
        Assert.Null(await Reach.GetDeviceAsync(his.Endpoint, Ct));
    }

    [Fact]
    public async Task AHouseholdIsTheDefaultUntilSavedThenAsSavedWithItsEntry()
    {
        var flat = FlatCode.Parse("A-101");
        Assert.Equal(Household.Default(flat), await Reach.GetHouseholdAsync(flat, Ct));

        var night = new Household { Flat = flat, Push = true, Sms = false, QuietFrom = new TimeOnly(22, 30), QuietTo = new TimeOnly(7, 0) };
        await Reach.SaveHouseholdAsync(night, Audited("household.reach-changed"), Ct);
        Assert.Equal(night, await Reach.GetHouseholdAsync(flat, Ct));

        var day = night with { Sms = true, QuietFrom = null, QuietTo = null };
        await Reach.SaveHouseholdAsync(day, Audited("household.reach-changed"), Ct);
        Assert.Equal(day, await Reach.GetHouseholdAsync(flat, Ct));
        Assert.Equal(Household.Default(FlatCode.Parse("B-201")), await Reach.GetHouseholdAsync(FlatCode.Parse("B-201"), Ct));
        Assert.Equal(2, (await Storage.Audit.ListAsync(new AuditFilter(Action: "household.reach-changed"), new PageRequest(0, 5), Ct)).Total);
    }

    [Fact]
    public async Task StepsComeBackPerVisitInOrderAndAResidentIsSeenOncePerRound()
    {
        var (visit, other, priya) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var pushed = new ReachStep(visit, 0, ReachKind.Pushed, Now, 2);
        var seen = new ReachStep(visit, 0, ReachKind.Seen, Now.AddSeconds(4), 0, priya, "Priya Sharma");
        var texted = new ReachStep(visit, 0, ReachKind.Texted, Now.AddSeconds(20), 3);
        Assert.True(await Reach.AddStepAsync(texted, Ct));
        Assert.True(await Reach.AddStepAsync(pushed, Ct));
        Assert.True(await Reach.AddStepAsync(seen, Ct));
        Assert.False(await Reach.AddStepAsync(seen with { At = Now.AddSeconds(9) }, Ct));
        Assert.True(await Reach.AddStepAsync(seen with { Round = 2, At = Now.AddSeconds(30) }, Ct));
        Assert.True(await Reach.AddStepAsync(new ReachStep(other, 0, ReachKind.PushOff, Now), Ct));

        Assert.Equal([pushed, seen, texted, seen with { Round = 2, At = Now.AddSeconds(30) }], await Reach.ListStepsAsync([visit], Ct));
        Assert.Equal(6 - 1, (await Reach.ListStepsAsync([visit, other], Ct)).Count);
        Assert.Empty(await Reach.ListStepsAsync([], Ct));

        Assert.Equal(3, await Reach.RemoveStepsBeforeAsync(Now.AddSeconds(5), Ct));
        Assert.Equal([texted, seen with { Round = 2, At = Now.AddSeconds(30) }], await Reach.ListStepsAsync([visit, other], Ct));
    }
}
