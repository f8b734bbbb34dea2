using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SecurityManagement.Core;
using SecurityManagement.Core.Storage;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Core.Storage.Sqlite;
using SecurityManagement.Tests.Support;
using SecurityManagement.Web.Components.Pages;
using static SecurityManagement.Tests.Support.Builders;

namespace SecurityManagement.Tests.Web.Components;

public sealed class HomeTests : BunitContext, IAsyncLifetime
{
    private readonly SqliteTestEngine _engine = new();
    private IStorage _storage = null!;

    public async ValueTask InitializeAsync()
    {
        _storage = await _engine.CreateAsync();
        var society = new SocietyOptions("Test Society", TimeZoneInfo.Utc);
        this.AddTestServices();
        Services.AddSingleton(society);
        Services.AddSingleton(new GateSummaryService(_storage.Visits, society, new FakeTimeProvider(Now)));
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await _engine.DisposeAsync();
    }

    [Fact]
    public async Task ShowsTodaysVisitsAndWhoIsInsideOrWaitingNow()
    {
        var ct = Xunit.TestContext.Current.CancellationToken;
        var yesterday = AVisit(createdAt: Now.AddDays(-1));
        var waiting = AVisit(createdAt: Now.AddHours(-1));
        var inside = AVisit(createdAt: Now.AddHours(-2), startAs: VisitStatus.Approved);
        foreach (var visit in new[] { yesterday, waiting, inside })
        {
            await _storage.Visits.AddAsync(visit, null, ct);
        }

        await _storage.Visits.TryChangeStatusAsync(inside.Id, 0,
            VisitStatusChange.Create(VisitStatus.Approved, VisitStatus.Inside, Guid.NewGuid(), Now.AddMinutes(-90)), Audited(), ct);

        var cut = Render<Home>();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("2", cut.Find("[data-testid=count-visits-today] .count-value").TextContent);
            Assert.Equal("1", cut.Find("[data-testid=count-inside-now] .count-value").TextContent);
            // Waiting counts every unanswered visit, yesterday's included.
            Assert.Equal("2", cut.Find("[data-testid=count-pending] .count-value").TextContent);
        });
        Assert.Equal("Today at the gate", cut.Find("h1").TextContent);
    }

    [Fact]
    public void EmptyGateShowsZeros()
    {
        var cut = Render<Home>();

        cut.WaitForAssertion(() => Assert.Equal(["0", "0", "0"], cut.FindAll(".count-value").Select(e => e.TextContent)));
    }
}
