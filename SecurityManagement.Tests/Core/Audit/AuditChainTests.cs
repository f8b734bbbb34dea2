using SecurityManagement.Core.Audit;
using static SecurityManagement.Tests.Support.Builders;

namespace SecurityManagement.Tests.Core.Audit;

public class AuditChainTests
{
    private static List<AuditEntry> Chain(int length)
    {
        var chain = new List<AuditEntry>();
        for (var i = 0; i < length; i++)
        {
            chain.Add(AuditChain.Link(AnEntry(Now.AddMinutes(i), Guid.NewGuid()), chain.LastOrDefault()));
        }

        return chain;
    }

    [Fact]
    public void LinkedEntriesFormAnUnbrokenChain()
    {
        var chain = Chain(5);

        Assert.Equal([1L, 2L, 3L, 4L, 5L], chain.Select(e => e.Sequence));
        Assert.Equal("", chain[0].PreviousHash);
        Assert.All(chain.Skip(1).Zip(chain), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));
        Assert.Null(AuditChain.FirstBreak(chain, null));
    }

    [Fact]
    public void AlteredEntryIsReportedByNumber()
    {
        var chain = Chain(5);
        chain[2] = chain[2] with { Details = "nothing happened here" };

        Assert.Equal("Entry 3 was altered after it was written.", AuditChain.FirstBreak(chain, null));
    }

    [Fact]
    public void AlteredAndReHashedEntryBreaksTheNextLink()
    {
        var chain = Chain(5);
        var forged = chain[2] with { Action = "nothing" };
        chain[2] = forged with { Hash = AuditChain.HashOf(forged) };

        Assert.StartsWith("Entry 4 does not follow entry 3", AuditChain.FirstBreak(chain, null), StringComparison.Ordinal);
    }

    [Fact]
    public void DeletedEntryIsReportedAsMissing()
    {
        var chain = Chain(5);
        chain.RemoveAt(3);

        Assert.Equal("Entry 4 is missing: the trail goes from 3 to 5.", AuditChain.FirstBreak(chain, null));
    }

    [Fact]
    public void VerificationContinuesAcrossBatches()
    {
        var chain = Chain(6);

        Assert.Null(AuditChain.FirstBreak(chain.Skip(3), chain[2]));
        Assert.NotNull(AuditChain.FirstBreak(chain.Skip(4), chain[2]));
    }
}
