using Microsoft.Extensions.Configuration;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Safety;

/// <summary>Overstays on a fake clock: marked past the purpose's limit, the flat told once per visit.</summary>
public sealed class OverstayServiceTests : IAsyncLifetime
{
    private CoreHarness _core = null!;
    private Actor _guard = null!;
    private Actor _resident = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreHarness.CreateAsync();
        _guard = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Guard));
        _resident = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Resident));
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    /// <summary>A visitor logged, approved by the flat and let in now.</summary>
    private async Task<Visit> InsideAsync(VisitPurpose purpose)
    {
        var visit = await _core.Visits.LogAsync(_guard, new VisitRequest(Builders.NextPhone().Value, $"{purpose} visitor", purpose, "A-101", null, null), Ct);
        await _core.Visits.ApproveAsync(_resident, visit.Id, Ct);
        return await _core.Visits.CheckInAsync(_guard, visit.Id, ct: Ct);
    }

    [Fact]
    public async Task ADeliveryInsidePastHalfAnHourIsMarkedAndItsFlatToldOnce()
    {
        var delivery = await InsideAsync(VisitPurpose.Delivery);

        _core.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Null(_core.Gate.OverstayOf((await _core.Storage.Visits.GetAsync(delivery.Id, Ct))!, _core.Clock.GetUtcNow()));
        Assert.Equal(0, await _core.Overstays.NotifyAsync(Ct));

        _core.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(TimeSpan.FromMinutes(31), _core.Gate.OverstayOf((await _core.Storage.Visits.GetAsync(delivery.Id, Ct))!, _core.Clock.GetUtcNow()));
        Assert.Equal(1, await _core.Overstays.NotifyAsync(Ct));
        _core.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(0, await _core.Overstays.NotifyAsync(Ct));

        Assert.Equal([delivery.Id], _core.Alerts.Overstayed.Select(v => v.Id));
        Assert.Single(_core.Live.Published, p => p is { Topic: "flat:A-101", Event: VisitOverstayed });
        Assert.Single((await _core.Storage.Audit.ListAsync(new AuditFilter(Action: "visit.overstayed"), new PageRequest(0, 5), Ct)).Items);
    }

    [Fact]
    public async Task GuestsHaveNoLimitAndAVisitorWhoLeftIsNotToldAbout()
    {
        await InsideAsync(VisitPurpose.Guest);
        var cab = await InsideAsync(VisitPurpose.Cab);
        await _core.Visits.CheckOutAsync(_guard, cab.Id, ct: Ct);

        _core.Clock.Advance(TimeSpan.FromHours(10));

        Assert.Equal(0, await _core.Overstays.NotifyAsync(Ct));
        Assert.Empty(_core.Alerts.Overstayed);
    }

    [Fact]
    public async Task EachPurposeHasItsOwnLimit()
    {
        var cab = await InsideAsync(VisitPurpose.Cab);
        var service = await InsideAsync(VisitPurpose.Service);

        _core.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(1, await _core.Overstays.NotifyAsync(Ct));
        _core.Clock.Advance(TimeSpan.FromHours(4));
        Assert.Equal(1, await _core.Overstays.NotifyAsync(Ct));

        Assert.Equal([cab.Id, service.Id], _core.Alerts.Overstayed.Select(v => v.Id));
    }

    [Fact]
    public void LimitsComeFromConfigurationPerPurposeAndZeroMeansNone()
    {
        var gate = GateOptions.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gate:MaxStayMinutes:Delivery"] = "10",
            ["Gate:MaxStayMinutes:guest"] = "480",
            ["Gate:MaxStayMinutes:Service"] = "0",
        }).Build());

        Assert.Equal(TimeSpan.FromMinutes(10), gate.MaxStay[VisitPurpose.Delivery]);
        Assert.Equal(TimeSpan.FromHours(8), gate.MaxStay[VisitPurpose.Guest]);
        Assert.Equal(TimeSpan.FromMinutes(15), gate.MaxStay[VisitPurpose.Cab]);
        Assert.False(gate.MaxStay.ContainsKey(VisitPurpose.Service));
    }

    [Theory]
    [InlineData("Gate:MaxStayMinutes:Plumber", "30", "names no purpose")]
    [InlineData("Gate:MaxStayMinutes:Delivery", "-5", "whole number of minutes")]
    [InlineData("Gate:MaxStayMinutes:Delivery", "half an hour", "whole number of minutes")]
    public void ABadLimitStopsStartSayingWhich(string key, string value, string said)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        var refused = Assert.Throws<InvalidOperationException>(() => GateOptions.From(configuration));

        Assert.Contains(key, refused.Message, StringComparison.Ordinal);
        Assert.Contains(said, refused.Message, StringComparison.Ordinal);
    }
}
