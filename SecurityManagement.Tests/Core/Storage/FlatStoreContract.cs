using SecurityManagement.Core;
using SecurityManagement.Core.Flats;
using static SecurityManagement.Tests.Support.Builders;

namespace SecurityManagement.Tests.Core.Storage;

public abstract class FlatStoreContract(ITestStorageEngine engine) : StorageContract(engine)
{
    private IFlatStore Flats => Storage.Flats;

    [Fact]
    public async Task AddedFlatReadsBackUnchanged()
    {
        var flat = new Flat(FlatCode.Parse("A-101"), Now);

        await Flats.AddAsync(flat, null, Ct);

        Assert.Equal(flat, await Flats.GetAsync(FlatCode.Parse("a-101"), Ct));
        Assert.Null(await Flats.GetAsync(FlatCode.Parse("A-102"), Ct));
    }

    [Fact]
    public async Task SameFlatTwiceIsRefusedAndNotDoubled()
    {
        await Flats.AddAsync(new Flat(FlatCode.Parse("A-101"), Now), null, Ct);

        var ex = await Assert.ThrowsAsync<FlatAlreadyExistsException>(
            () => Flats.AddAsync(new Flat(FlatCode.Parse("A-101"), Now.AddDays(1)), null, Ct));

        Assert.Equal("A-101", ex.Code.Value);
        var all = await Flats.ListAsync(new PageRequest(0, 10), Ct);
        Assert.Equal(1, all.Total);
        Assert.Equal(Now, all.Items.Single().CreatedAt);
    }

    [Fact]
    public async Task ListOrdersByBlockThenNumberNumericallyAndPages()
    {
        foreach (var code in new[] { "B-1", "A-10", "A-9", "A-101", "C-2" })
        {
            await Flats.AddAsync(new Flat(FlatCode.Parse(code), Now), null, Ct);
        }

        var first = await Flats.ListAsync(new PageRequest(0, 3), Ct);
        var rest = await Flats.ListAsync(new PageRequest(3, 3), Ct);

        Assert.Equal(["A-9", "A-10", "A-101"], first.Items.Select(f => f.Code.Value));
        Assert.Equal(["B-1", "C-2"], rest.Items.Select(f => f.Code.Value));
        Assert.Equal((5, 5), (first.Total, rest.Total));
    }

    [Fact]
    public async Task SearchFindsFlatsByTheStartOfTheirCodeInDirectoryOrder()
    {
        foreach (var code in new[] { "A-10", "A-9", "AB-1", "B-101", "A-101" })
        {
            await Flats.AddAsync(new Flat(FlatCode.Parse(code), Now), null, Ct);
        }

        Assert.Equal(["A-9", "A-10", "A-101", "AB-1"], (await Flats.SearchAsync("a", 10, Ct)).Select(f => f.Code.Value));
        Assert.Equal(["A-10", "A-101"], (await Flats.SearchAsync("a-1", 10, Ct)).Select(f => f.Code.Value));
        Assert.Equal(["A-9"], (await Flats.SearchAsync("A", 1, Ct)).Select(f => f.Code.Value));
        Assert.Empty(await Flats.SearchAsync("C", 10, Ct));
        Assert.Equal(5, (await Flats.SearchAsync("", 10, Ct)).Count);
    }

    [Fact]
    public async Task FlatIsRenamedAndRemoved()
    {
        await Flats.AddAsync(new Flat(FlatCode.Parse("A-9"), Now), null, Ct);
        await Flats.AddAsync(new Flat(FlatCode.Parse("A-10"), Now), null, Ct);

        Assert.True(await Flats.RenameAsync(FlatCode.Parse("A-9"), FlatCode.Parse("A-11"), Audited(), Ct));
        await Assert.ThrowsAsync<FlatAlreadyExistsException>(() => Flats.RenameAsync(FlatCode.Parse("A-11"), FlatCode.Parse("A-10"), Audited(), Ct));
        Assert.False(await Flats.RenameAsync(FlatCode.Parse("A-9"), FlatCode.Parse("A-12"), Audited(), Ct));
        Assert.Equal(["A-10", "A-11"], (await Flats.ListAsync(new PageRequest(0, 10), Ct)).Items.Select(f => f.Code.Value));

        Assert.True(await Flats.RemoveAsync(FlatCode.Parse("A-10"), Audited(), Ct));
        Assert.False(await Flats.RemoveAsync(FlatCode.Parse("A-10"), Audited(), Ct));
        Assert.Equal(["A-11"], (await Flats.ListAsync(new PageRequest(0, 10), Ct)).Items.Select(f => f.Code.Value));
    }
}
