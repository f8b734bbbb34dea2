using SecurityManagement.Core;
using SecurityManagement.Core.Audit;
using static SecurityManagement.Tests.Support.Builders;

namespace SecurityManagement.Tests.Core.Audit;

public class AuditChainTests
{
    private static readonly AuditChain Chain = new(AuditKey.Random());

    private static List<AuditEntry> Linked(int length)
    {
        var chain = new List<AuditEntry>();
        for (var i = 0; i < length; i++)
        {
            chain.Add(Chain.Link(AnEntry(Now.AddMinutes(i), Guid.NewGuid()), chain.LastOrDefault()));
        }

        return chain;
    }

    [Fact]
    public void LinkedEntriesFormAnUnbrokenChain()
    {
        var chain = Linked(5);

        Assert.Equal([1L, 2L, 3L, 4L, 5L], chain.Select(e => e.Sequence));
        Assert.Equal("", chain[0].PreviousHash);
        Assert.All(chain.Skip(1).Zip(chain), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));
        Assert.Null(Chain.FirstBreak(chain, null));
    }

    [Fact]
    public void AlteredEntryIsReportedByNumber()
    {
        var chain = Linked(5);
        chain[2] = chain[2] with { Details = "nothing happened here" };

        Assert.Equal(new Problem(Codes.AuditEntryAltered, 3L), Chain.FirstBreak(chain, null));
    }

    [Fact]
    public void AlteredAndReHashedEntryBreaksTheNextLink()
    {
        var chain = Linked(5);
        var forged = chain[2] with { Action = "nothing" };
        chain[2] = forged with { Hash = Chain.HashOf(forged) };

        Assert.Equal(new Problem(Codes.AuditEntryNotFollowing, 4L, 3L), Chain.FirstBreak(chain, null));
    }

    [Fact]
    public void DeletedEntryIsReportedAsMissing()
    {
        var chain = Linked(5);
        chain.RemoveAt(3);

        Assert.Equal(new Problem(Codes.AuditEntryMissing, 4L, 3L, 5L), Chain.FirstBreak(chain, null));
    }

    [Fact]
    public void VerificationContinuesAcrossBatches()
    {
        var chain = Linked(6);

        Assert.Null(Chain.FirstBreak(chain.Skip(3), chain[2]));
        Assert.NotNull(Chain.FirstBreak(chain.Skip(4), chain[2]));
    }

    [Fact]
    public void ARewriteRelinkedWithoutTheKeyIsCaughtWhereItStarts()
    {
        var chain = Linked(5);
        var forger = new AuditChain(AuditKey.Random());
        chain[2] = forger.Link(chain[2] with { Details = "nothing happened here" }, chain[1]);
        chain[3] = forger.Link(chain[3], chain[2]);
        chain[4] = forger.Link(chain[4], chain[3]);

        Assert.Null(forger.FirstBreak(chain.Skip(2), chain[1]));
        Assert.Equal(new Problem(Codes.AuditEntryAltered, 3L), Chain.FirstBreak(chain, null));
    }

    [Fact]
    public void CheckpointsAreGenuineOnlyUnchangedAndUnderTheKey()
    {
        var head = Linked(3)[^1];
        var checkpoint = Chain.Sign(head, Now);

        Assert.Equal((3L, head.Hash), (checkpoint.Sequence, checkpoint.Hash));
        Assert.True(Chain.IsGenuine(checkpoint));
        Assert.False(Chain.IsGenuine(checkpoint with { Sequence = 2 }));
        Assert.False(Chain.IsGenuine(checkpoint with { Hash = Linked(2)[^1].Hash }));
        Assert.False(new AuditChain(AuditKey.Random()).IsGenuine(checkpoint));
    }
}
