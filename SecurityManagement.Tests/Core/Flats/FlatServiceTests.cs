using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Flats;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Flats;

public sealed class FlatServiceTests : IAsyncLifetime
{
    private CoreHarness _core = null!;
    private FlatService _flats = null!;
    private Actor _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreHarness.CreateAsync();
        _flats = new FlatService(_core.Storage.Flats, _core.Storage.Users, _core.Acting, _core.Storage.Visits, _core.Clock);
        _admin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin));
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    private async Task<IReadOnlyList<string>> DirectoryAsync() =>
        [.. (await _core.Storage.Flats.ListAsync(new PageRequest(0, 100), Ct)).Items.Select(f => f.Code.Value)];

    [Fact]
    public async Task AddingAFlatTwiceIsRefusedBesideTheField()
    {
        await _flats.AddAsync(_admin, "c-301", Ct);

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => _flats.AddAsync(_admin, "C-301", Ct));

        Assert.Equal(("flat", "C-301 is already in the directory."), (ex.Field, _core.English(ex.Errors["flat"])));
        Assert.Single(await DirectoryAsync(), c => c == "C-301");
    }

    [Fact]
    public async Task RangeIsPreviewedThenAddedAndDuplicatesAreReportedNotDoubled()
    {
        await _flats.AddAsync(_admin, "C-103", Ct);

        var preview = await _flats.PreviewRangeAsync(_admin, "C-101..C-105", Ct);
        var before = await DirectoryAsync();
        var added = await _flats.AddRangeAsync(_admin, "C-101..C-105", Ct);
        var again = await _flats.AddRangeAsync(_admin, "C-101..C-105", Ct);

        Assert.Equal(["C-101", "C-102", "C-104", "C-105"], preview.New.Select(c => c.Value));
        Assert.Equal(["C-103"], preview.Existing.Select(c => c.Value));
        Assert.DoesNotContain("C-101", before);
        Assert.Equal(preview.New, added.New);
        Assert.Empty(again.New);
        Assert.Equal(5, (await DirectoryAsync()).Count(c => c.StartsWith("C-", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("C-101", "first..last")]
    [InlineData("C-101..D-110", "first..last")]
    [InlineData("C-110..C-101", "C-101 comes before C-110.")]
    [InlineData("C-1..C-1000", "at most 500")]
    [InlineData("C-10A..C-11A", "first..last")]
    public void BadRangesAreRefusedForTheField(string range, string message)
    {
        var ex = Assert.Throws<InvalidInputException>(() => FlatService.ParseRange(range));

        Assert.Equal("range", ex.Field);
        Assert.Contains(message, _core.English(ex.Problem), StringComparison.Ordinal);
    }

    [Fact]
    public void RangeKeepsLeadingZeros() =>
        Assert.Equal(["T1-008", "T1-009", "T1-010"], FlatService.ParseRange("t1-008..T1-010").Select(c => c.Value));

    [Fact]
    public async Task FlatWithActiveResidentsIsNeitherRemovedNorRenamed()
    {
        await _core.AddUserAsync(Role.Resident, flat: "A-101");

        var remove = await Assert.ThrowsAsync<ConflictException>(() => _flats.RemoveAsync(_admin, "A-101", Ct));
        await Assert.ThrowsAsync<ConflictException>(() => _flats.RenameAsync(_admin, "A-101", "A-111", Ct));

        Assert.Contains("1 active resident(s)", _core.English(remove.Problem), StringComparison.Ordinal);
        Assert.Contains("A-101", await DirectoryAsync());
    }

    [Fact]
    public async Task FlatWithAnOpenVisitIsNotRemoved()
    {
        var guard = await _core.AddUserAsync(Role.Guard);
        await _core.LogVisitAsync(guard, "A-102");

        var ex = await Assert.ThrowsAsync<ConflictException>(() => _flats.RemoveAsync(_admin, "A-102", Ct));

        Assert.Contains("still open at the gate (Waiting)", _core.English(ex.Problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyFlatIsRenamedAndRemoved()
    {
        var renamed = await _flats.RenameAsync(_admin, "b-201", "B-210", Ct);
        var taken = await Assert.ThrowsAsync<InvalidInputException>(() => _flats.RenameAsync(_admin, "B-210", "A-101", Ct));
        await _flats.RemoveAsync(_admin, "B-210", Ct);

        Assert.Equal("B-210", renamed.Code.Value);
        Assert.Equal("newCode", taken.Field);
        Assert.DoesNotContain("B-201", await DirectoryAsync());
        Assert.DoesNotContain("B-210", await DirectoryAsync());
        await Assert.ThrowsAsync<NotFoundException>(() => _flats.RemoveAsync(_admin, "B-210", Ct));
    }

    [Fact]
    public async Task DirectoryListsEachFlatsResidents()
    {
        var priya = await _core.AddUserAsync(Role.Resident, flat: "A-101");

        var page = await _flats.ListAsync(_admin, new PageRequest(0, 10), Ct);

        Assert.Equal(["A-101", "A-102", "B-201"], page.Items.Select(f => f.Flat.Code.Value));
        Assert.Equal([priya.Id], page.Items[0].Residents.Select(r => r.Id));
    }

    [Theory]
    [InlineData(Role.Resident)]
    [InlineData(Role.Guard)]
    public async Task OnlyAdminsKeepTheDirectory(Role role)
    {
        var other = CoreHarness.ActorOf(await _core.AddUserAsync(role));

        await Assert.ThrowsAsync<NotAllowedException>(() => _flats.AddAsync(other, "C-1", Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _flats.RemoveAsync(other, "B-201", Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _flats.RenameAsync(other, "B-201", "B-202", Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _flats.AddRangeAsync(other, "C-1..C-2", Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _flats.ListAsync(other, new PageRequest(0, 5), Ct));
    }
}
