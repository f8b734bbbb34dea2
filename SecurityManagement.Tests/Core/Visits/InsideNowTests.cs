using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Visits;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Visits;

/// <summary>The evacuation list: everyone inside, for guards and admins, however many there are.</summary>
public sealed class InsideNowTests : IAsyncLifetime
{
    private CoreHarness _core = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _core = await CoreHarness.CreateAsync();

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Theory]
    [InlineData(Role.Guard)]
    [InlineData(Role.Admin)]
    [InlineData(Role.SuperAdmin)]
    public async Task GuardsAndAdminsSeeEveryoneInsideEvenPastWhatABoardShows(Role role)
    {
        var entered = Builders.Now.AddHours(-2);
        for (var i = 0; i < VisitService.BoardLimit + 20; i++)
        {
            var visit = Builders.AVisit(flat: i % 2 == 0 ? "A-101" : "B-201", createdAt: entered.AddSeconds(i), startAs: VisitStatus.Approved);
            await _core.Storage.Visits.AddAsync(visit with
            {
                Status = VisitStatus.Inside,
                History = [new VisitStatusChange(VisitStatus.Approved, VisitStatus.Inside, Guid.NewGuid(), entered.AddSeconds(i + 30), null)],
            }, null, Ct);
        }

        await _core.Storage.Visits.AddAsync(Builders.AVisit(startAs: VisitStatus.Approved), null, Ct);
        var someone = CoreHarness.ActorOf(await _core.AddUserAsync(role));

        var inside = await _core.Visits.GetInsideAsync(someone, Ct);

        Assert.Equal(VisitService.BoardLimit + 20, inside.Count);
        Assert.All(inside, v => Assert.Equal(VisitStatus.Inside, v.Status));
        Assert.Equal(inside.OrderBy(v => v.StatusChangedAt).Select(v => v.Id), inside.Select(v => v.Id));
    }

    [Fact]
    public async Task ResidentsDoNotSeeWhoIsInside()
    {
        var resident = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Resident));

        var refused = await Assert.ThrowsAsync<NotAllowedException>(() => _core.Visits.GetInsideAsync(resident, Ct));

        Assert.Equal(Codes.InsideStaffOnly, refused.Problem.Code);
    }
}
