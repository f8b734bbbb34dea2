using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Live;
using SecurityManagement.Core.Settings;
using SecurityManagement.Tests.Support;
using static SecurityManagement.Tests.Support.Builders;

namespace SecurityManagement.Tests.Core.Settings;

public sealed class SettingsServiceTests : IAsyncLifetime
{
    private CoreHarness _core = null!;
    private Actor _superAdmin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreHarness.CreateAsync();
        _superAdmin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.SuperAdmin));
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    private SocietySettings Changed() => _core.Settings.Current with
    {
        Name = " Green Meadows ",
        NoAnswerSeconds = 30,
        ExpireMinutes = 5,
        OtpMaxSendsPerHour = 2,
        RetentionDays = 90,
    };

    [Fact]
    public async Task DefaultsComeFromConfiguration()
    {
        var current = _core.Settings.Current;

        Assert.Equal(("Test Society", 60, 15, 5, 180, 0L), (current.Name, current.NoAnswerSeconds, current.ExpireMinutes, current.OtpMaxSendsPerHour, current.RetentionDays, current.Version));
        Assert.Null(await _core.Storage.Settings.GetAsync(Ct));
    }

    [Fact]
    public async Task SuperAdminsChangeTakesEffectAtOnceAndIsAudited()
    {
        var guard = await _core.AddUserAsync(Role.Guard);
        var saved = await _core.Settings.UpdateAsync(_superAdmin, Changed(), Ct);

        Assert.Equal(("Green Meadows", 1L), (saved.Name, saved.Version));
        Assert.Equal("Green Meadows", _core.Society.Name);
        Assert.Equal(TimeSpan.FromSeconds(30), _core.Gate.NoAnswerAfter);
        Assert.Equal(TimeSpan.FromMinutes(5), _core.Gate.ExpireAfter);
        Assert.Equal(2, _core.Options.MaxSendsPerHour);
        var visit = await _core.LogVisitAsync(guard);
        _core.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(_core.Visits.IsUnanswered(visit));
        var entry = (await _core.Storage.Audit.ListAsync(new AuditFilter(Action: "settings.changed"), new PageRequest(0, 1), Ct)).Items.Single();
        Assert.Equal("Name: Test Society → Green Meadows; NoAnswerSeconds: 60 → 30; ExpireMinutes: 15 → 5; OtpMaxSendsPerHour: 5 → 2; RetentionDays: 180 → 90", entry.Details);
    }

    [Fact]
    public async Task StoredSettingsAreLoadedAtStart()
    {
        await _core.Settings.UpdateAsync(_superAdmin, Changed(), Ct);
        var society = new SocietyOptions("Configured", TimeZoneInfo.Utc);
        var gate = new SecurityManagement.Core.Visits.GateOptions();
        var restarted = new SettingsService(_core.Storage.Settings, _core.Acting, society, gate, new OtpOptions(), _core.Live, _core.Clock);

        await restarted.LoadAsync(Ct);

        Assert.Equal(("Green Meadows", TimeSpan.FromSeconds(30), 90), (society.Name, gate.NoAnswerAfter, restarted.Current.RetentionDays));
    }

    [Fact]
    public async Task AChangeSavedOnOneServerAppliesOnAnotherWhenAnnounced()
    {
        var society = new SocietyOptions("Configured", TimeZoneInfo.Utc);
        var gate = new SecurityManagement.Core.Visits.GateOptions();
        var serverB = new SettingsService(_core.Storage.Settings, _core.Acting, society, gate, new OtpOptions(), _core.Live, _core.Clock);
        await serverB.LoadAsync(Ct);
        using (serverB.FollowChanges())
        {
            await _core.Settings.UpdateAsync(_superAdmin, Changed(), Ct);

            Assert.Equal(("Green Meadows", TimeSpan.FromSeconds(30), 1L), (society.Name, gate.NoAnswerAfter, serverB.Current.Version));
            Assert.Contains(_core.Live.Published, p => p is { Topic: "society", Event: SettingsChanged { Version: 1 } });
        }

        // No longer following: a later change waits for the next look at the store.
        await _core.Settings.UpdateAsync(_superAdmin, _core.Settings.Current with { Name = "Later" }, Ct);
        Assert.Equal("Green Meadows", society.Name);
        await serverB.LoadAsync(Ct);
        Assert.Equal(("Later", 2L), (society.Name, serverB.Current.Version));
    }

    [Fact]
    public async Task WhenAnnouncementsMayHaveBeenMissedAFollowingServerReadsTheStoreAgain()
    {
        // Server B's hub was cut off: the announcement of the change never reaches it.
        var society = new SocietyOptions("Configured", TimeZoneInfo.Utc);
        var hubB = new RecordingLiveEvents();
        var serverB = new SettingsService(_core.Storage.Settings, _core.Acting, society, new SecurityManagement.Core.Visits.GateOptions(), new OtpOptions(), hubB, _core.Clock);
        using var following = serverB.FollowChanges();
        await _core.Settings.UpdateAsync(_superAdmin, Changed(), Ct);
        Assert.Equal("Configured", society.Name);

        await hubB.PublishAsync(Topics.Society, new EventsMissed());

        Assert.Equal("Green Meadows", society.Name);
    }

    [Fact]
    public async Task SettingsStoredBeforeTheSmsRungTakeItFromConfigurationBeforeTheCallPrompt()
    {
        var old = _core.Settings.Current with { NoAnswerSeconds = 15, SmsAfterSeconds = 0, Version = 1 };
        Assert.True(await _core.Storage.Settings.TrySaveAsync(old, 0, null, Ct));
        var gate = new SecurityManagement.Core.Visits.GateOptions { SmsAfter = TimeSpan.FromSeconds(20) };
        var restarted = new SettingsService(_core.Storage.Settings, _core.Acting, new SocietyOptions("Configured", TimeZoneInfo.Utc), gate, new OtpOptions(), _core.Live, _core.Clock);

        await restarted.LoadAsync(Ct);

        Assert.Equal((14, TimeSpan.FromSeconds(14)), (restarted.Current.SmsAfterSeconds, gate.SmsAfter));
    }

    [Fact]
    public async Task OutOfRangeValuesAreReportedPerFieldAndNothingChanges()
    {
        var bad = _core.Settings.Current with { Name = "", NoAnswerSeconds = 5, ExpireMinutes = 1, RetentionDays = 0, OtpMaxAttemptsPerCode = 11 };

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Settings.UpdateAsync(_superAdmin, bad, Ct));

        Assert.Equal(["Name", "NoAnswerSeconds", "OtpMaxAttemptsPerCode", "RetentionDays"], ex.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, _core.Settings.Current.Version);
        Assert.Equal("Test Society", _core.Society.Name);
    }

    [Fact]
    public async Task ExpiryBeforeTheNoAnswerPromptIsRefused()
    {
        var bad = _core.Settings.Current with { NoAnswerSeconds = 600, ExpireMinutes = 5 };

        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => _core.Settings.UpdateAsync(_superAdmin, bad, Ct));

        Assert.Equal("ExpireMinutes", ex.Field);
    }

    [Fact]
    public async Task ChangeFromAStaleVersionIsAConflict()
    {
        var stale = Changed();
        await _core.Settings.UpdateAsync(_superAdmin, Changed(), Ct);

        await Assert.ThrowsAsync<ConflictException>(() => _core.Settings.UpdateAsync(_superAdmin, stale with { Name = "Other" }, Ct));

        Assert.Equal("Green Meadows", _core.Settings.Current.Name);
    }

    [Theory]
    [InlineData(Role.Admin)]
    [InlineData(Role.Guard)]
    [InlineData(Role.Resident)]
    public async Task OnlySuperAdminsChangeSettings(Role role)
    {
        var other = CoreHarness.ActorOf(await _core.AddUserAsync(role));

        await Assert.ThrowsAsync<NotAllowedException>(() => _core.Settings.UpdateAsync(other, Changed(), Ct));

        Assert.Equal("Test Society", _core.Settings.Current.Name);
    }

    [Fact]
    public async Task RetentionRemovesOnlyWhatIsOlderThanTheSettingAndKeepsTheCounts()
    {
        await _core.Settings.UpdateAsync(_superAdmin, Changed(), Ct);
        var retention = new RetentionService(_core.Storage.Visits, _core.Storage.Passes, _core.Storage.Blocklist, _core.Storage.Expected, _core.Storage.Parcels, _core.Storage.Helpers, _core.Storage.Sessions, _core.Storage.Reach, _core.Settings, _core.Clock);
        var old = AVisit(createdAt: Now.AddDays(-91));
        var recent = AVisit(createdAt: Now.AddDays(-89));
        var oldPass = APass(from: Now.AddDays(-95), until: Now.AddDays(-91));
        var livePass = APass();
        await _core.Storage.Visits.AddAsync(old, null, Ct);
        await _core.Storage.Visits.TryChangeStatusAsync(old.Id, 0,
            SecurityManagement.Core.Visits.VisitStatusChange.Create(SecurityManagement.Core.Visits.VisitStatus.Pending, SecurityManagement.Core.Visits.VisitStatus.Expired, null, Now.AddDays(-91)), Audited(), Ct);
        await _core.Storage.Visits.AddAsync(recent, null, Ct);
        await _core.Storage.Passes.AddAsync(oldPass, Now, null, Ct);
        await _core.Storage.Passes.AddAsync(livePass, Now, null, Ct);
        var countsBefore = await _core.Storage.Visits.CountAsync(Now.AddYears(-1), Ct);

        var result = await retention.SweepAsync(Ct);
        var again = await retention.SweepAsync(Ct);

        Assert.Equal((1, 1), (result.Visits, result.Passes));
        Assert.Equal((0, 0), (again.Visits, again.Passes));
        var forgotten = await _core.Storage.Visits.GetAsync(old.Id, Ct);
        Assert.Equal(("(removed)", "0000000000", (string?)null, (string?)null), (forgotten!.VisitorName, forgotten.VisitorPhone.Value, forgotten.VehicleNumber, forgotten.Note));
        Assert.Equal(recent.VisitorName, (await _core.Storage.Visits.GetAsync(recent.Id, Ct))!.VisitorName);
        Assert.Equal(("(removed)", (PhoneNumber?)null), ((await _core.Storage.Passes.GetAsync(oldPass.Id, Ct))!.GuestName, (await _core.Storage.Passes.GetAsync(oldPass.Id, Ct))!.GuestPhone));
        Assert.Equal(livePass.GuestName, (await _core.Storage.Passes.GetAsync(livePass.Id, Ct))!.GuestName);
        Assert.Equal(countsBefore, await _core.Storage.Visits.CountAsync(Now.AddYears(-1), Ct));
        var entries = (await _core.Storage.Audit.ListAsync(new AuditFilter(Action: "retention.removed"), new PageRequest(0, 5), Ct)).Items;
        Assert.Equal(["Names and phones of 1 guest passes", "Names and phones of 1 visits"], entries.Select(e => e.Details![..e.Details!.IndexOf(" from", StringComparison.Ordinal)]));
    }
}
