using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Safety;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Storage;

public abstract class BlocklistStoreContract(ITestStorageEngine engine) : StorageContract(engine)
{
    private static readonly DateTimeOffset Now = Builders.Now;

    private static BlockedVisitor AnEntry(string phone, BlockStatus status = BlockStatus.Active, int minutes = 0, string? name = "Suspicious Seller") => new()
    {
        Id = Guid.CreateVersion7(),
        Phone = PhoneNumber.Parse(phone),
        Name = name,
        Reason = "Tried to enter flats selling door to door",
        Status = status,
        AddedBy = Guid.NewGuid(),
        AddedByName = "Arjun Mehta",
        AddedAt = Now.AddMinutes(minutes),
        ConfirmedBy = status == BlockStatus.Active ? Guid.NewGuid() : null,
        ConfirmedByName = status == BlockStatus.Active ? "Arjun Mehta" : null,
        ConfirmedAt = status == BlockStatus.Active ? Now.AddMinutes(minutes) : null,
    };

    private async Task<int> EntriesAsync(string action) =>
        (await Storage.Audit.ListAsync(new AuditFilter(Action: action), new PageRequest(0, 10), Ct)).Total;

    [Fact]
    public async Task AnEntryIsStoredWholeWithItsAuditAndAPhoneHasOneLiveEntry()
    {
        var entry = AnEntry("9876500001");
        await Storage.Blocklist.AddAsync(entry, Builders.Audited("blocklist.added"), Ct);

        Assert.Equal(entry, await Storage.Blocklist.GetAsync(entry.Id, Ct));
        Assert.Equal(entry, await Storage.Blocklist.FindLiveAsync(entry.Phone, Ct));
        await Assert.ThrowsAsync<PhoneAlreadyListedException>(() =>
            Storage.Blocklist.AddAsync(AnEntry("9876500001", BlockStatus.Proposed), Builders.Audited("blocklist.proposed"), Ct));
        Assert.Equal((1, 0), (await EntriesAsync("blocklist.added"), await EntriesAsync("blocklist.proposed")));
        Assert.Null(await Storage.Blocklist.FindLiveAsync(PhoneNumber.Parse("9876500002"), Ct));
        Assert.Null(await Storage.Blocklist.GetAsync(Guid.NewGuid(), Ct));
        var nameless = AnEntry("9876500003", name: null);
        await Storage.Blocklist.AddAsync(nameless, Builders.Audited("blocklist.added"), Ct);
        Assert.Equal(nameless, await Storage.Blocklist.GetAsync(nameless.Id, Ct));
    }

    [Fact]
    public async Task ConfirmingAndLiftingAreCompareAndSetAndALiftedPhoneMayBeListedAgain()
    {
        var proposal = AnEntry("9876500011", BlockStatus.Proposed);
        await Storage.Blocklist.AddAsync(proposal, Builders.Audited("blocklist.proposed"), Ct);
        var admin = Guid.NewGuid();

        var confirmed = await Storage.Blocklist.TryConfirmAsync(proposal.Id, admin, "Sunita Rao", Now.AddMinutes(1), Builders.Audited("blocklist.confirmed"), Ct);
        Assert.Null(await Storage.Blocklist.TryConfirmAsync(proposal.Id, admin, "Sunita Rao", Now.AddMinutes(2), Builders.Audited("blocklist.confirmed"), Ct));
        Assert.Null(await Storage.Blocklist.TryLiftAsync(proposal.Id, BlockStatus.Proposed, admin, "Sunita Rao", Now.AddMinutes(2), null, Builders.Audited("blocklist.declined"), Ct));
        var lifted = await Storage.Blocklist.TryLiftAsync(proposal.Id, BlockStatus.Active, admin, "Sunita Rao", Now.AddMinutes(3), "Apologised", Builders.Audited("blocklist.lifted"), Ct);
        Assert.Null(await Storage.Blocklist.TryLiftAsync(proposal.Id, BlockStatus.Active, admin, "Sunita Rao", Now.AddMinutes(4), null, Builders.Audited("blocklist.lifted"), Ct));

        Assert.Equal(proposal with { Status = BlockStatus.Active, ConfirmedBy = admin, ConfirmedByName = "Sunita Rao", ConfirmedAt = Now.AddMinutes(1) }, confirmed);
        Assert.Equal(confirmed! with { Status = BlockStatus.Lifted, LiftedBy = admin, LiftedByName = "Sunita Rao", LiftedAt = Now.AddMinutes(3), LiftNote = "Apologised" }, lifted);
        Assert.Equal(lifted, await Storage.Blocklist.GetAsync(proposal.Id, Ct));
        Assert.Null(await Storage.Blocklist.FindLiveAsync(proposal.Phone, Ct));
        Assert.Equal((1, 1), (await EntriesAsync("blocklist.confirmed"), await EntriesAsync("blocklist.lifted")));

        var again = AnEntry("9876500011", minutes: 5);
        await Storage.Blocklist.AddAsync(again, Builders.Audited("blocklist.added"), Ct);
        Assert.Equal(again.Id, (await Storage.Blocklist.FindLiveAsync(again.Phone, Ct))?.Id);
    }

    [Fact]
    public async Task RetentionForgetsWhoWasBlockedOnlyInEntriesLiftedBeforeTheCutoff()
    {
        var (liftedLongAgo, liftedLately, stillBlocked) = (AnEntry("9876500031"), AnEntry("9876500032"), AnEntry("9876500033", minutes: -100_000));
        foreach (var entry in new[] { liftedLongAgo, liftedLately, stillBlocked })
        {
            await Storage.Blocklist.AddAsync(entry, Builders.Audited("blocklist.added"), Ct);
        }

        await Storage.Blocklist.TryLiftAsync(liftedLongAgo.Id, BlockStatus.Active, Guid.NewGuid(), "Sunita Rao", Now.AddDays(-100), "Spoke to him", Builders.Audited("blocklist.lifted"), Ct);
        await Storage.Blocklist.TryLiftAsync(liftedLately.Id, BlockStatus.Active, Guid.NewGuid(), "Sunita Rao", Now.AddDays(-10), null, Builders.Audited("blocklist.lifted"), Ct);

        Assert.Equal(1, await Storage.Blocklist.ForgetLiftedBeforeAsync(Now.AddDays(-90), count => Builders.Audited("retention.removed"), Ct));
        Assert.Equal(0, await Storage.Blocklist.ForgetLiftedBeforeAsync(Now.AddDays(-90), count => Builders.Audited("retention.removed"), Ct));

        var forgotten = (await Storage.Blocklist.GetAsync(liftedLongAgo.Id, Ct))!;
        Assert.Equal((BlockedVisitor.ForgottenPhone, (string?)null, BlockedVisitor.ForgottenReason, (string?)null, "Sunita Rao"),
            (forgotten.Phone, forgotten.Name, forgotten.Reason, forgotten.LiftNote, forgotten.LiftedByName));
        Assert.Equal(liftedLately.Reason, (await Storage.Blocklist.GetAsync(liftedLately.Id, Ct))!.Reason);
        Assert.Equal(stillBlocked, await Storage.Blocklist.FindLiveAsync(stillBlocked.Phone, Ct));
        Assert.Equal(1, (await Storage.Audit.ListAsync(new AuditFilter(Action: "retention.removed"), new PageRequest(0, 5), Ct)).Total);
    }

    [Fact]
    public async Task TheLiveListPutsProposalsFirstThenTheNewestAndPages()
    {
        var oldBlock = AnEntry("9876500021", minutes: 1);
        var newBlock = AnEntry("9876500022", minutes: 3);
        var proposal = AnEntry("9876500023", BlockStatus.Proposed, minutes: 2);
        var lifted = AnEntry("9876500024", minutes: 4);
        foreach (var entry in new[] { oldBlock, newBlock, proposal, lifted })
        {
            await Storage.Blocklist.AddAsync(entry, Builders.Audited("blocklist.added"), Ct);
        }

        await Storage.Blocklist.TryLiftAsync(lifted.Id, BlockStatus.Active, Guid.NewGuid(), "Sunita Rao", Now.AddMinutes(5), null, Builders.Audited("blocklist.lifted"), Ct);

        var first = await Storage.Blocklist.ListLiveAsync(new PageRequest(0, 2), Ct);
        var second = await Storage.Blocklist.ListLiveAsync(new PageRequest(2, 2), Ct);
        Assert.Equal(3, first.Total);
        Assert.Equal([proposal.Id, newBlock.Id, oldBlock.Id], first.Items.Concat(second.Items).Select(e => e.Id));
    }
}
