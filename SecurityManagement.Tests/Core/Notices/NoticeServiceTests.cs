using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Notices;
using SecurityManagement.Core.Reach;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Notices;

/// <summary>Notices: admins post to everyone, a block or a flat; residents see theirs with an unread count; each is pushed once.</summary>
public sealed class NoticeServiceTests : IAsyncLifetime
{
    private CoreHarness _core = null!;
    private Actor _admin = null!;
    private User _priya = null!;
    private User _neha = null!;
    private User _vikram = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreHarness.CreateAsync();
        _admin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin));
        _priya = await _core.AddUserAsync(Role.Resident, flat: "A-101");
        _neha = await _core.AddUserAsync(Role.Resident, flat: "A-102");
        _vikram = await _core.AddUserAsync(Role.Resident, flat: "B-201");
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    /// <summary>Posts, then lets a second pass, so each notice is newer than the last (ids made in one millisecond are in no set order).</summary>
    private async Task<Notice> PostAsync(NoticeAudience audience, string? target = null, string title = "Water cut on Sunday", DateTimeOffset? expires = null)
    {
        var notice = await _core.Notices.PostAsync(_admin, new NoticeRequest(title, "No water from 10:00 to 14:00.", audience, target, expires), Ct);
        _core.Clock.Advance(TimeSpan.FromSeconds(1));
        return notice;
    }

    private async Task<IReadOnlyList<string>> TitlesFor(User resident) =>
        [.. (await _core.Notices.GetMineAsync(CoreHarness.ActorOf(resident), Ct)).Items.Select(n => n.Notice.Title)];

    [Fact]
    public async Task EachResidentSeesEveryonesTheirBlocksAndTheirFlatsNoticesLive()
    {
        await PostAsync(NoticeAudience.Everyone, title: "AGM on Saturday");
        var blockA = await PostAsync(NoticeAudience.Block, " a ", "Block A lift service");
        await PostAsync(NoticeAudience.Flat, "A-101", "Parcel at the office");

        Assert.Equal(["Parcel at the office", "Block A lift service", "AGM on Saturday"], await TitlesFor(_priya));
        Assert.Equal(["Block A lift service", "AGM on Saturday"], await TitlesFor(_neha));
        Assert.Equal(["AGM on Saturday"], await TitlesFor(_vikram));
        Assert.Equal("A", blockA.Target);
        Assert.Equal(3, _core.Live.Published.Count(p => p is { Topic: Topics.Notices, Event: NoticeChanged }));
        Assert.Contains(_core.Live.Published, p => p.Event is NoticeChanged { AudienceKey: "block:A" });
    }

    [Fact]
    public async Task TheUnreadCountFallsAsTheResidentReadsAndIsPerResident()
    {
        var first = await PostAsync(NoticeAudience.Everyone, title: "First");
        var second = await PostAsync(NoticeAudience.Block, "A", "Second");
        var rahul = await _core.AddUserAsync(Role.Resident, flat: "A-101");

        await _core.Notices.MarkReadAsync(CoreHarness.ActorOf(_priya), [first.Id, Guid.NewGuid()], Ct);

        var priyas = await _core.Notices.GetMineAsync(CoreHarness.ActorOf(_priya), Ct);
        Assert.Equal(1, priyas.Unread);
        Assert.Equal([(second.Id, false), (first.Id, true)], priyas.Items.Select(n => (n.Notice.Id, n.Read)));
        Assert.Equal(2, (await _core.Notices.GetMineAsync(CoreHarness.ActorOf(rahul), Ct)).Unread);

        // A notice for another block cannot be marked read by this resident (nothing is stored for it).
        var blockB = await PostAsync(NoticeAudience.Block, "B", "Block B only");
        await _core.Notices.MarkReadAsync(CoreHarness.ActorOf(_priya), [blockB.Id], Ct);
        Assert.Empty(await _core.Storage.Notices.ListReadAsync(_priya.Id, [blockB.Id], Ct));
    }

    [Fact]
    public async Task AWithdrawnOrExpiredNoticeLeavesTheDashboards()
    {
        var withdrawn = await PostAsync(NoticeAudience.Everyone, title: "Posted by mistake");
        await PostAsync(NoticeAudience.Everyone, title: "Until tomorrow", expires: _core.Clock.GetUtcNow().AddDays(1));

        await _core.Notices.WithdrawAsync(_admin, withdrawn.Id, Ct);

        Assert.Equal(["Until tomorrow"], await TitlesFor(_priya));
        await Assert.ThrowsAsync<ConflictException>(() => _core.Notices.WithdrawAsync(_admin, withdrawn.Id, Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => _core.Notices.WithdrawAsync(_admin, Guid.NewGuid(), Ct));
        _core.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await TitlesFor(_priya));
        Assert.Equal(2, (await _core.Notices.ListAsync(_admin, new PageRequest(0, 10), Ct)).Total);
    }

    [Fact]
    public async Task BadNoticesAreRefusedFieldByFieldAndStoreNothing()
    {
        var now = _core.Clock.GetUtcNow();
        async Task<IReadOnlyDictionary<string, Problem>> Refused(NoticeRequest request) =>
            (await Assert.ThrowsAsync<InvalidInputException>(() => _core.Notices.PostAsync(_admin, request, Ct))).Errors;

        Assert.Equal(["body", "title"], (await Refused(new NoticeRequest(" ", null, NoticeAudience.Everyone, null, null))).Keys.Order());
        Assert.Equal(Codes.TooLong, (await Refused(new NoticeRequest(new string('t', Notice.MaxTitleLength + 1), "x", NoticeAudience.Everyone, null, null)))["title"].Code);
        Assert.Equal(Codes.TooLong, (await Refused(new NoticeRequest("t", new string('b', Notice.MaxBodyLength + 1), NoticeAudience.Everyone, null, null)))["body"].Code);
        Assert.Equal(Codes.NoticeAudienceMissing, (await Refused(new NoticeRequest("t", "b", null, null, null)))["audience"].Code);
        Assert.Equal(Codes.NoticeAudienceMissing, (await Refused(new NoticeRequest("t", "b", (NoticeAudience)7, null, null)))["audience"].Code);
        Assert.Equal(Codes.NoticeBlockUnknown, (await Refused(new NoticeRequest("t", "b", NoticeAudience.Block, "Z", null)))["target"].Code);
        Assert.Equal(Codes.Required, (await Refused(new NoticeRequest("t", "b", NoticeAudience.Block, " ", null)))["target"].Code);
        Assert.Equal(Codes.FlatUnknown, (await Refused(new NoticeRequest("t", "b", NoticeAudience.Flat, "Z-999", null)))["target"].Code);
        Assert.True((await Refused(new NoticeRequest("t", "b", NoticeAudience.Flat, "not a flat!", null))).ContainsKey("target"));
        Assert.Equal(Codes.NoticeExpiry, (await Refused(new NoticeRequest("t", "b", NoticeAudience.Everyone, null, now.AddMinutes(-1))))["expiresAt"].Code);
        Assert.Equal(Codes.NoticeExpiry, (await Refused(new NoticeRequest("t", "b", NoticeAudience.Everyone, null, now.AddDays(400))))["expiresAt"].Code);
        Assert.Equal(0, (await _core.Notices.ListAsync(_admin, new PageRequest(0, 10), Ct)).Total);
    }

    [Fact]
    public async Task OnlyAdminsPostAndWithdrawAndOnlyResidentsReadTheirs()
    {
        var guard = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Guard));
        var notice = await PostAsync(NoticeAudience.Everyone);
        foreach (var actor in new[] { guard, CoreHarness.ActorOf(_priya) })
        {
            Assert.Equal(Codes.NoticeAdminsOnly,
                (await Assert.ThrowsAsync<NotAllowedException>(() => _core.Notices.PostAsync(actor, new NoticeRequest("t", "b", NoticeAudience.Everyone, null, null), Ct))).Problem.Code);
            await Assert.ThrowsAsync<NotAllowedException>(() => _core.Notices.WithdrawAsync(actor, notice.Id, Ct));
            await Assert.ThrowsAsync<NotAllowedException>(() => _core.Notices.ListAsync(actor, new PageRequest(0, 10), Ct));
        }

        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Notices.GetMineAsync(guard, Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Notices.GetMineAsync(_admin, Ct));
        var superAdmin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.SuperAdmin));
        await _core.Notices.WithdrawAsync(superAdmin, notice.Id, Ct);
    }

    [Fact]
    public async Task EachNoticeIsPushedOnceToThePhonesOfTheFlatsItIsForThatAllowPushes()
    {
        foreach (var resident in new[] { _priya, _neha, _vikram })
        {
            await _core.Storage.Reach.SaveDeviceAsync(new PushDevice
            {
                Endpoint = $"https://push.example/{resident.Id:N}", P256dh = "key", Auth = "auth", UserId = resident.Id, CreatedAt = _core.Clock.GetUtcNow(),
            }, Ct);
        }

        await _core.Reach.SaveHouseholdAsync(CoreHarness.ActorOf(_neha), false, true, null, null, Ct);
        var notice = await PostAsync(NoticeAudience.Block, "A", "Block A lift service");

        Assert.Equal(1, await _core.Notices.PushDueAsync(Ct));
        Assert.Equal(0, await _core.Notices.PushDueAsync(Ct));

        // Withdrawn before its round, or expired by then (a long outage), a notice is not pushed.
        var withdrawn = await PostAsync(NoticeAudience.Everyone, title: "Posted by mistake");
        await _core.Notices.WithdrawAsync(_admin, withdrawn.Id, Ct);
        await PostAsync(NoticeAudience.Everyone, title: "Only for today", expires: _core.Clock.GetUtcNow().AddHours(1));
        _core.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await _core.Notices.PushDueAsync(Ct));

        var sent = Assert.Single(_core.Push.Sent);
        Assert.Equal(_priya.Id, sent.Device.UserId);
        Assert.Contains("Block A lift service", sent.Payload.Json, StringComparison.Ordinal);
        Assert.Contains($"notice-{notice.Id:N}", sent.Payload.Json, StringComparison.Ordinal);
    }
}
